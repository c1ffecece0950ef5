// Vitest globalSetup: one local runtime (DynamoDB Local with the synthesized tables, and the HTTP API) for the
// whole run. Adapter tests read inject('dynamodbEndpoint'); end-to-end tests inject('apiUrl'); workflow tests also
// inject('dialer') to read what the API does not show (line counters, executions, the starter's name).
// Every log line of the run is captured (not shown) and scanned for phone numbers in clear at the end: see log-scan.ts.
import './support/debug-log-level.ts';
import '../local/handler-log-level.ts';
import type { TestProject } from 'vitest/node';
import { consentLedgerTable, contactsTable, dialerTable } from '../functions/shared/tables.ts';
import { handlerInvocationCounts } from '../local/handler-modules.ts';
import { startLocalRuntime } from '../local/runtime.ts';
import { captureRunLogs } from './support/log-scan.ts';

export interface DialerResources {
  /** The dialer table in DynamoDB Local. */
  tableName: string;
  /** The per-contact state machine on the local Step Functions. */
  stateMachineArn: string;
  /** The campaign starter, as EventBridge Scheduler invokes it. */
  starterFunctionName: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    dynamodbEndpoint: string;
    apiUrl: string;
    contactsTableName: string;
    consentLedgerTableName: string;
    dialer: DialerResources;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const logs = captureRunLogs();
  project.provide('logCaptureDir', logs.dir);
  const runtime = await startLocalRuntime({ clockStart: testClockStart() });
  project.provide('dynamodbEndpoint', runtime.dynamodbEndpoint);
  project.provide('apiUrl', runtime.url);
  // The runtime hands its functions their configuration through the environment, as Lambda does: read it back.
  project.provide('contactsTableName', environment(contactsTable.envVar));
  project.provide('consentLedgerTableName', environment(consentLedgerTable.envVar));
  project.provide('dialer', {
    tableName: environment(dialerTable.envVar),
    stateMachineArn: environment('DIALER_STATE_MACHINE_ARN'),
    starterFunctionName: environment('CAMPAIGN_STARTER_FUNCTION_NAME'),
  });
  return async () => {
    console.log(`campaign time at the end of the suite: ${runtime.clock.now().toISOString()}`);
    await runtime.stop();
    const scan = logs.finish([...handlerInvocationCounts().values()].reduce((sum, count) => sum + count, 0));
    console.log(`log scan: ${scan.lines} log lines from ${scan.sources.length} processes, no phone number in clear (${scan.maskedNumbers} masked)`);
  };
}

/**
 * Campaign time starts at 07:30 UTC today, whatever the hour the suite runs: calls keep to each number's legal window
 * (08:00–21:00 local), and the numbers the workflow tests dial are French, open from then until 19:00 UTC at least
 * (a whole suite moves campaign time about five hours).
 */
function testClockStart(): Date {
  const today = new Date();
  return new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate(), 7, 30, 0));
}

function environment(name: string): string {
  const value = process.env[name];
  if (value === undefined || value === '') throw new Error(`the local runtime did not set ${name}`);
  return value;
}

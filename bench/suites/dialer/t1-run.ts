// One T1 campaign on a running local runtime, observed from its start request until campaign time has nothing
// left to do: wall time, the execution's billing, handler invocations and the DynamoDB requests on the way.
import { performance } from 'node:perf_hooks';
import type { ApiClient } from '../../../local/api-client.ts';
import { handlerInvocationCounts } from '../../../local/handler-modules.ts';
import type { LocalRuntime } from '../../../local/runtime.ts';
import type { DynamoDbRequestProxy, ProxiedRequest } from '../../lib/dynamodb-request-proxy.ts';
import { prepareT1Campaign, readT1Results } from './seed-campaign.ts';

export interface T1Observation {
  wallSeconds: number;
  /** Dialled calls: History rows. */
  calls: number;
  stateTransitions: number;
  transitionsByState: Record<string, number>;
  /** Task invocations the execution made (billed to the state machine). */
  stateMachineLambdaInvocations: number;
  /** Handler module → invocations during the run, whoever invoked it. */
  handlerInvocations: Map<string, number>;
  dynamodbRequests: readonly ProxiedRequest[];
}

/** Expected of T1 (DESIGN §8): 9 calls, Final on Holiday with MAX_RETRIES_NO_ANSWER at 10:10. */
const t1Calls = 9;
const t1Minutes = 10;

export async function runT1(runtime: LocalRuntime, api: ApiClient, itemTypes: { office: string; holiday: string }, run: number, proxy: DynamoDbRequestProxy, stateMachineArn: string): Promise<T1Observation> {
  const campaignId = await prepareT1Campaign(api, itemTypes, run);
  const before = new Map(handlerInvocationCounts());
  const executionsBefore = new Set(runtime.stepFunctions.listExecutions({ stateMachineArn, maxResults: 1000 }).executions.map((execution) => execution.executionArn));
  const startedAt = runtime.clock.now();
  proxy.reset();

  const start = performance.now();
  await api.request('POST', `/campaigns/${campaignId}/start`);
  // Campaign time jumps from call to call on its own; idle is when the last handler (Final written, lines
  // reclaimed) is done. Waiting in process, not by polling the API, keeps the count free of the bench's own reads.
  await runtime.idle();
  const wallSeconds = (performance.now() - start) / 1000;

  const dynamodbRequests = [...proxy.requests()];
  const handlerInvocations = new Map([...handlerInvocationCounts()].map(([name, count]) => [name, count - (before.get(name) ?? 0)] as const).filter(([, count]) => count > 0));
  const executions = runtime.stepFunctions.listExecutions({ stateMachineArn, maxResults: 1000 }).executions.filter((execution) => !executionsBefore.has(execution.executionArn));
  if (executions.length !== 1 || executions[0]!.status !== 'SUCCEEDED') throw new Error(`T1 run ${run}: expected one SUCCEEDED execution, got ${JSON.stringify(executions)}`);
  const { executionArn } = executions[0]!;
  const stats = runtime.stepFunctions.executionStats(executionArn)!;

  // A run that went wrong could look cheap: only the T1 of DESIGN §8 counts.
  const results = await readT1Results(api, campaignId);
  const closedAfterMinutes = (Date.parse(results.final.closedAt) - startedAt.getTime()) / 60_000;
  if (results.historyRows !== t1Calls || results.final.reason !== 'MAX_RETRIES_NO_ANSWER' || results.final.label !== 'Holiday' || closedAfterMinutes !== t1Minutes) {
    throw new Error(`T1 run ${run} is not DESIGN §8's T1: ${results.historyRows} History rows, Final ${JSON.stringify(results.final)} ${closedAfterMinutes} min after the start`);
  }
  return {
    wallSeconds,
    calls: results.historyRows,
    stateTransitions: stats.stateTransitions,
    transitionsByState: runtime.stepFunctions.transitionsByState(executionArn)!,
    stateMachineLambdaInvocations: stats.lambdaInvocations,
    handlerInvocations,
    dynamodbRequests,
  };
}

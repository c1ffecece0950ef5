// The CDK app: a stateful stack (data) and a stateless one (compute), deployed together or apart.
import { App } from 'aws-cdk-lib';
import { MonitoringStack } from './monitoring-stack.ts';
import { StatefulStack } from './stateful-stack.ts';
import { StatelessStack } from './stateless-stack.ts';
import { SecurityFindingsError, synthesizeChecked } from './security.ts';

export function buildApp(app = new App()): { app: App; stateful: StatefulStack; stateless: StatelessStack; monitoring: MonitoringStack } {
  // `-c dev=true` makes a throw-away stack: its tables and bucket are destroyed with it.
  const dev = app.node.tryGetContext('dev') === true || app.node.tryGetContext('dev') === 'true';
  const defaultRegion = String(app.node.tryGetContext('defaultRegion') ?? 'US');
  // Optional: `-c smsOriginationIdentity=<phone number, pool or sender id, or ARN>` lets the API send verification codes.
  const sms = { originationIdentity: optionalContext(app, 'smsOriginationIdentity'), configurationSetName: optionalContext(app, 'smsConfigurationSetName') };
  const env = { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION };
  const stateful = new StatefulStack(app, 'ContactableData', { env, retainData: !dev });
  // Optional: `-c connectInstanceArn=<ARN>` lets only that Connect instance invoke the inbound-call function.
  const connectInstanceArn = optionalContext(app, 'connectInstanceArn');
  const stateless = new StatelessStack(app, 'ContactableCompute', { env, data: stateful, defaultRegion, sms, ...(connectInstanceArn ? { connectInstanceArn } : {}) });
  // Alarms and the dashboard (context `paidLookupsDailyBudget`, `alarmEmail`): README, "Observability and operations".
  const monitoring = new MonitoringStack(app, 'ContactableMonitoring', { env, compute: stateless });
  return { app, stateful, stateless, monitoring };
}

function optionalContext(app: App, key: string): string | undefined {
  const value = app.node.tryGetContext(key) as unknown;
  return value === undefined || value === null || String(value) === '' ? undefined : String(value);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  // cdk-nag's AwsSolutions pack (infra/security.ts): `cdk synth` fails on any unacknowledged finding, warnings too.
  try {
    synthesizeChecked(buildApp().app);
  } catch (error) {
    if (!(error instanceof SecurityFindingsError)) throw error;
    console.error(error.message);
    process.exitCode = 1;
  }
}

// The CDK app: a stateful stack (data) and a stateless one (compute), deployed together or apart.
import { App } from 'aws-cdk-lib';
import { StatefulStack } from './stateful-stack.ts';
import { StatelessStack } from './stateless-stack.ts';

export function buildApp(app = new App()): { app: App; stateful: StatefulStack; stateless: StatelessStack } {
  // `-c dev=true` makes a throw-away stack: its tables and bucket are destroyed with it.
  const dev = app.node.tryGetContext('dev') === true || app.node.tryGetContext('dev') === 'true';
  const defaultRegion = String(app.node.tryGetContext('defaultRegion') ?? 'US');
  // Optional: `-c smsOriginationIdentity=<phone number, pool or sender id, or ARN>` lets the API send verification codes.
  const sms = { originationIdentity: optionalContext(app, 'smsOriginationIdentity'), configurationSetName: optionalContext(app, 'smsConfigurationSetName') };
  const env = { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION };
  const stateful = new StatefulStack(app, 'ContactableData', { env, retainData: !dev });
  const stateless = new StatelessStack(app, 'ContactableCompute', { env, data: stateful, defaultRegion, sms });
  return { app, stateful, stateless };
}

function optionalContext(app: App, key: string): string | undefined {
  const value = app.node.tryGetContext(key) as unknown;
  return value === undefined || value === null || String(value) === '' ? undefined : String(value);
}

if (import.meta.url === `file://${process.argv[1]}`) buildApp().app.synth();

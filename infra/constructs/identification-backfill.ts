// The identification backfill's worker (DESIGN §3): invoked asynchronously when identification is switched on or a
// backfill is resumed, it pages through every contact, may pay for lookups, and continues itself in a new invocation.
import { ArnFormat, Duration, Stack } from 'aws-cdk-lib';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { backfillEnvVars } from '../../functions/shared/identification-backfill.ts';
import { lookupEnvVars } from '../../functions/shared/lookup.ts';
import { contactsTable } from '../../functions/shared/tables.ts';
import type { ContactTables } from './contact-tables.ts';
import { eventDeadLetters, sendFailedInvocationsTo } from './dead-letters.ts';
import { grantPhoneLookup } from './inbound-interactions.ts';
import { ProjectFunction } from './project-function.ts';

export interface IdentificationBackfillProps {
  tables: ContactTables;
  environment: Record<string, string>;
}

export class IdentificationBackfill extends Construct {
  readonly worker: ProjectFunction;
  private readonly workerName: string;

  constructor(scope: Construct, id: string, props: IdentificationBackfillProps) {
    super(scope, id);
    const stack = Stack.of(this);
    // Named, so that it can know (and invoke) its own name: its role naming its ARN would be a reference cycle.
    this.workerName = `${stack.stackName}-identification-backfill`;
    this.worker = new ProjectFunction(this, 'Worker', {
      handler: 'identity/identification-backfill',
      functionName: this.workerName,
      // The longest Lambda allows: the worker hands over to a new invocation three minutes before it.
      timeout: Duration.minutes(15),
      environment: { ...props.environment, [lookupEnvVars.backend]: 'pinpoint', [backfillEnvVars.functionName]: this.workerName },
    }).bindTable(props.tables.contacts, contactsTable, 'readWrite');
    grantPhoneLookup(this.worker);
    this.worker.function.addToRolePolicy(new PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: [stack.formatArn({ service: 'lambda', resource: 'function', resourceName: this.workerName, arnFormat: ArnFormat.COLON_RESOURCE_NAME })] }));
    // A failed invocation is tried twice more, from the backfill's last saved page; then it stays FAILED until resumed,
    // and its event waits in the dead-letter queue (the alarm says a backfill needs a resume).
    this.worker.function.configureAsyncInvoke({ retryAttempts: 2, maxEventAge: Duration.hours(6) });
    sendFailedInvocationsTo(this.worker, eventDeadLetters(this));
  }

  /** What a route that starts the worker needs: its name, and the right to invoke it. */
  bindStart(fn: ProjectFunction): void {
    fn.function.addEnvironment(backfillEnvVars.functionName, this.workerName);
    // Unqualified, as the routes invoke it: no version or alias, hence no `:*`.
    fn.function.addToRolePolicy(new PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: [this.worker.function.functionArn] }));
  }
}

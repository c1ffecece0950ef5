// Inbound calls: the function Amazon Connect's contact flow invokes ("Invoke AWS Lambda function") for each inbound
// call, which lands the call on its contact (DESIGN §3) and may pay for one mobile lookup per unknown number.
import { CfnOutput, Stack } from 'aws-cdk-lib';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { lookupEnvVars } from '../../functions/shared/lookup.ts';
import { contactsTable } from '../../functions/shared/tables.ts';
import type { ContactTables } from './contact-tables.ts';
import { ProjectFunction } from './project-function.ts';
import { acknowledgeWildcardResource } from '../security.ts';

export interface InboundInteractionsProps {
  tables: ContactTables;
  environment: Record<string, string>;
  /** The Connect instance whose contact flows invoke the function (default: any instance of the account and region). */
  connectInstanceArn?: string;
}

export class InboundInteractions extends Construct {
  readonly inboundCall: ProjectFunction;

  constructor(scope: Construct, id: string, props: InboundInteractionsProps) {
    super(scope, id);
    this.inboundCall = new ProjectFunction(this, 'InboundCall', { handler: 'identity/inbound-call', environment: { ...props.environment, [lookupEnvVars.backend]: 'pinpoint' } }).bindTable(
      props.tables.contacts,
      contactsTable,
      'readWrite',
    );
    grantPhoneLookup(this.inboundCall);
    // Associate it with the Connect instance (and call it from the inbound flow). Only Connect may invoke it, for this
    // account's instance named by `-c connectInstanceArn=…`, or else any instance of this account and region.
    const stack = Stack.of(this);
    const connectInstance = props.connectInstanceArn ?? stack.formatArn({ service: 'connect', resource: 'instance', resourceName: '*' });
    this.inboundCall.function.addPermission('ConnectInvokes', { principal: new ServicePrincipal('connect.amazonaws.com'), sourceAccount: stack.account, sourceArn: connectInstance });
    new CfnOutput(this, 'InboundCallFunctionArn', { value: this.inboundCall.function.functionArn, description: "Add to the Connect instance's Lambda functions and invoke from the inbound contact flow" });
  }
}

/** Pinpoint's PhoneNumberValidate has no resource to scope a grant to. */
export function grantPhoneLookup(fn: ProjectFunction): void {
  fn.function.addToRolePolicy(new PolicyStatement({ actions: ['mobiletargeting:PhoneNumberValidate'], resources: ['*'] }));
  acknowledgeWildcardResource(fn.role, '*', 'mobiletargeting:PhoneNumberValidate (the paid mobile lookup) supports no resource-level permission.');
}

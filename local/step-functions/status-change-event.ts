// The EventBridge event Step Functions emits when a Standard execution's status changes, as a rule delivers it.
import { randomUUID } from 'node:crypto';
import type { Execution, ExecutionStatus } from './execution.ts';
import { localAccount, localRegion } from './local-arns.ts';

export interface ExecutionStatusChangeEvent {
  version: '0';
  id: string;
  'detail-type': 'Step Functions Execution Status Change';
  source: 'aws.states';
  account: string;
  time: string;
  region: string;
  resources: [string];
  detail: {
    executionArn: string;
    stateMachineArn: string;
    name: string;
    status: ExecutionStatus;
    /** Epoch milliseconds, as in the events AWS sends (the API itself uses epoch seconds). */
    startDate: number;
    stopDate: number | null;
    input: string;
    inputDetails: { included: true };
    output: string | null;
    outputDetails: { included: true } | null;
    error: string | null;
    cause: string | null;
  };
}

export function executionStatusChangeEvent(execution: Execution): ExecutionStatusChangeEvent {
  const time = execution.stopDate ?? execution.startDate;
  return {
    version: '0',
    id: randomUUID(),
    'detail-type': 'Step Functions Execution Status Change',
    source: 'aws.states',
    account: localAccount,
    // EventBridge event times have whole seconds.
    time: time.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    region: localRegion,
    resources: [execution.executionArn],
    detail: {
      executionArn: execution.executionArn,
      stateMachineArn: execution.stateMachineArn,
      name: execution.name,
      status: execution.status,
      startDate: execution.startDate.getTime(),
      stopDate: execution.stopDate?.getTime() ?? null,
      input: execution.input,
      inputDetails: { included: true },
      output: execution.output ?? null,
      outputDetails: execution.output === undefined ? null : { included: true },
      error: execution.error ?? null,
      cause: execution.cause ?? null,
    },
  };
}

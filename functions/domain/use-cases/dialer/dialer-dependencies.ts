import type { CallLedger } from '#ports/call-ledger';
import type { Clock } from '#ports/clock';
import type { OperationsLog } from '#ports/operations-log';
import type { Telephony } from '#ports/telephony';
import type { WorkflowEngine } from '#ports/workflow-engine';

export interface DialerDependencies {
  calls: CallLedger;
  telephony: Telephony;
  workflows: WorkflowEngine;
  clock: Clock;
  log: OperationsLog;
}

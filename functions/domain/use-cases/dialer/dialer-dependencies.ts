import type { CallLedger } from '#ports/call-ledger';
import type { Clock } from '#ports/clock';
import type { OperationsLog } from '#ports/operations-log';
import type { PreviewOffers } from '#ports/preview-offers';
import type { Telephony } from '#ports/telephony';
import type { WorkflowEngine } from '#ports/workflow-engine';

export interface DialerDependencies {
  calls: CallLedger;
  /** Preview campaigns' calls, offered to agents instead of dialled. */
  offers: PreviewOffers;
  telephony: Telephony;
  workflows: WorkflowEngine;
  clock: Clock;
  log: OperationsLog;
}

import type { CallLedger } from '#ports/call-ledger';
import type { Clock } from '#ports/clock';
import type { ConsentStore } from '#ports/consent-store';
import type { Metrics } from '#ports/metrics';
import type { OperationsLog } from '#ports/operations-log';
import type { PreviewOffers } from '#ports/preview-offers';
import type { Telephony } from '#ports/telephony';
import type { WorkflowEngine } from '#ports/workflow-engine';

export interface DialerDependencies {
  calls: CallLedger;
  /** Preview campaigns' calls, offered to agents instead of dialled. */
  offers: PreviewOffers;
  telephony: Telephony;
  /** Consent, do-not-call and windows, read right before every dial; a reached number's state notes the reach. */
  consent: Pick<ConsentStore, 'contactabilityInputs' | 'getStates' | 'replaceState'>;
  workflows: WorkflowEngine;
  clock: Clock;
  log: OperationsLog;
  /** CallsPlaced (by status) and ContactsClosed (by reason), counted by the writes of History and Final rows. */
  metrics: Metrics;
}

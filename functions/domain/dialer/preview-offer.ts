// DESIGN §5 rule 5: in a preview campaign the strategy chooses the number; an agent only accepts or rejects the call.
import type { PlannedPhone } from './dial-plan.ts';
import type { WorkflowData } from './workflow-data.ts';

/** A call the strategy chose and no agent has taken yet: its execution waits on the call task's token meanwhile. */
export interface PreviewOffer {
  attemptId: string;
  executionName: string;
  taskToken: string;
  /** The execution's data when the call was offered: accepting dials from it, rejecting counts from it. */
  workflow: WorkflowData;
  phoneIndex: number;
  offeredAt: string;
}

/** What every listed offer says, so that no agent reads the number as a suggestion. */
export const previewNotice =
  "The campaign's dialling strategy chose this number, not the agent: accepting dials this number and no other; rejecting counts AGENT_REJECT against it.";

/**
 * The call task's timeout (the state machine's, infra/constructs/dialer-workflow.ts): the offer and the call it
 * becomes share it, and no execution waits on an offer older than this.
 */
export const callTaskTimeoutMinutes = 30;

/**
 * An offer is dialled only this long after it was made, so that the call keeps at least the rest of the task's
 * timeout (20 minutes) to end before the timeout would settle it as DROP; an older one is offered afresh.
 */
export const previewAcceptMinutes = 10;

export function offeredPhone(offer: PreviewOffer): PlannedPhone {
  return offer.workflow.dial.phones[offer.phoneIndex]!;
}

/** The last moment the offer can be accepted as it is. */
export function acceptBy(offer: PreviewOffer): string {
  return new Date(Date.parse(offer.offeredAt) + previewAcceptMinutes * 60_000).toISOString();
}

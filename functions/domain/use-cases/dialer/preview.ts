// Preview campaigns (DESIGN §5 rule 5): the call task offers the number the strategy chose instead of dialling it,
// and the execution keeps waiting on that task; an agent accepts (the call is dialled as any other) or rejects it
// (AGENT_REJECT, counted against that number like any call's status).
import type { CallAttempt } from '#ports/call-ledger';
import type { CampaignRepository } from '#ports/campaign-repository';
import type { ContactRepository, Page } from '#ports/contact-repository';
import type { Campaign } from '../../dialer/campaign.ts';
import type { NextStep } from '../../dialer/dial-plan.ts';
import { acceptBy, callTaskTimeoutMinutes, offeredPhone, previewAcceptMinutes, type PreviewOffer } from '../../dialer/preview-offer.ts';
import { attemptIdOf, type HistoryRow, type WorkflowData } from '../../dialer/workflow-data.ts';
import { ConflictError, NotFoundError } from '../../errors.ts';
import { requireCampaign } from '../campaigns/campaigns.ts';
import { dialClaimedCall, minutesLater, sameCallAt, type DialResult } from './dial-claimed-call.ts';
import { dialTimeVerdict, onlyWaitingForWindow } from './dial-time-check.ts';
import type { DialerDependencies } from './dialer-dependencies.ts';
import { countRecordedCall } from './dialer-metrics.ts';
import { outcomeRecord } from './record-call-outcome.ts';

/** The agent-facing routes read the campaign and the contacts' names besides the dialer's ports. */
export interface PreviewDependencies extends DialerDependencies {
  campaigns: CampaignRepository;
  contacts: ContactRepository;
}

export interface PreviewListItem {
  offer: PreviewOffer;
  displayName: string | undefined;
  acceptBy: string;
}

export interface AcceptedOffer {
  offer: PreviewOffer;
  result: DialResult;
}

export interface RejectedOffer {
  offer: PreviewOffer;
  history: HistoryRow;
  next: NextStep;
}

/** The call task of a preview campaign: the attempt (not claimed, no line taken) is stored as an offer. */
export async function offerPreviewCall(deps: DialerDependencies, attempt: CallAttempt): Promise<'offered' | 'duplicate'> {
  const offer: PreviewOffer = { attemptId: attempt.attemptId, executionName: attempt.executionName, taskToken: attempt.taskToken, workflow: attempt.workflow, phoneIndex: attempt.phoneIndex, offeredAt: attempt.startedAt };
  const fields = fieldsOf(offer);
  // Delivered again after the offer was taken or set aside, the task finds its attempt settled: nothing to offer.
  if ((await deps.calls.getAttempt(offer.attemptId)) !== undefined || !(await deps.offers.offer(offer))) {
    deps.log.info('preview offer made already', fields);
    return 'duplicate';
  }
  deps.log.info('call offered for preview', fields);
  return 'offered';
}

/**
 * The call task ended (timed out: no agent took the offer in time) with its offer still open: the offer is
 * withdrawn and the same number offered again at once, as a new attempt that counts nothing. Undefined when
 * there is no open offer for this attempt: the call is then settled as any other.
 */
export async function reofferUntakenCall(deps: DialerDependencies, executionName: string, workflow: WorkflowData): Promise<WorkflowData | undefined> {
  if (workflow.settings.strategy !== 'preview' || workflow.next.kind !== 'call') return undefined;
  const stored = await deps.offers.get(workflow.campaignId, workflow.contactId, attemptIdOf(executionName, workflow.attempt));
  if (stored?.status !== 'OPEN') return undefined;
  const result = await setOfferAside(deps, stored.offer, deps.clock.now());
  if (result !== undefined) deps.log.info('preview offer not taken in time: offered again', fieldsOf(stored.offer));
  return result;
}

/**
 * The campaign's open offers, oldest first, with their contacts' names (one batch read per page). Only the current
 * run's: the executions of a run that was stopped are gone, and the offers they left wait for nothing.
 */
export async function listPreviewOffers(deps: Pick<PreviewDependencies, 'campaigns' | 'offers' | 'contacts' | 'clock'>, campaignId: string, query: { limit: number; cursor?: string | undefined }): Promise<Page<PreviewListItem>> {
  const campaign = await requireCampaign(deps, campaignId);
  // A stopped campaign's executions are stopped: their offers wait for nothing.
  if (campaign.status !== 'RUNNING') return { items: [], cursor: undefined };
  const offeredAfter = minutesLater(deps.clock.now(), -callTaskTimeoutMinutes).toISOString();
  const page = await deps.offers.listOpen(campaignId, { offeredAfter, limit: query.limit, cursor: query.cursor });
  const offers = page.items.filter((offer) => offer.workflow.runId === campaign.runId);
  const contactIds = [...new Set(offers.map((offer) => offer.workflow.contactId))];
  const names = new Map((contactIds.length === 0 ? [] : await deps.contacts.getMany(contactIds)).map((contact) => [contact.id, contact.displayName]));
  return { items: offers.map((offer) => ({ offer, displayName: names.get(offer.workflow.contactId), acceptBy: acceptBy(offer) })), cursor: page.cursor };
}

/**
 * An agent accepts the contact's offer: it is taken with the attempt and a line in one write, then dialled exactly
 * as the call task dials for other strategies; the outcome arrives as any call's. With no free line the offer
 * stays open. An offer that can no longer be dialled as it is (outside the calling window, older than the accept
 * time) is offered again instead.
 */
export async function acceptPreviewOffer(deps: PreviewDependencies, campaignId: string, contactId: string): Promise<AcceptedOffer> {
  const { campaign, offer } = await openOfferOf(deps, campaignId, contactId);
  const now = deps.clock.now();
  await refuseUnlessLive(deps, campaign, offer, now);
  if (now.getTime() - Date.parse(offer.offeredAt) > previewAcceptMinutes * 60_000) {
    await offerAgain(deps, offer, now);
    throw new ConflictError(`the offer was made more than ${previewAcceptMinutes} minutes ago and is offered again: accept the new offer`, { contactId });
  }
  // Checked right before dialling: consent may have been withdrawn or a window closed since the number was offered.
  // Offered again, the call task checks it as for any call: it waits for the window or passes the number over.
  const verdict = await dialTimeVerdict(deps, offer.workflow, offeredPhone(offer).number, now);
  if (!verdict.usable) {
    await offerAgain(deps, offer, now);
    if (onlyWaitingForWindow(verdict)) throw new ConflictError('the calling window is closed: the number is offered again when it opens', { contactId });
    throw new ConflictError(`the number cannot be called now (${verdict.reasons.join(', ')}): the offer is withdrawn and the contact goes on`, { contactId, reasons: verdict.reasons.join(',') });
  }
  const attempt = attemptOf(offer, now.toISOString());
  await take(deps, offer, attempt, offer.workflow.settings.maxConcurrentCalls);
  deps.log.info('preview offer accepted', fieldsOf(offer));
  return { offer, result: await dialClaimedCall(deps, attempt, now) };
}

/**
 * An agent rejects the contact's offer: the call is recorded as AGENT_REJECT through the outcome's own path (History,
 * counters on that number, Final when it closes the contact) and the execution goes on with what comes next.
 */
export async function rejectPreviewOffer(deps: PreviewDependencies, campaignId: string, contactId: string, reason: string | undefined): Promise<RejectedOffer> {
  const { campaign, offer } = await openOfferOf(deps, campaignId, contactId);
  const now = deps.clock.now();
  await refuseUnlessLive(deps, campaign, offer, now);
  // The History row spans the offer: offered, then rejected.
  const attempt = attemptOf(offer, offer.offeredAt);
  // Recording the outcome gives a line back: one is claimed first, whatever the limit, as for a lost call.
  await take(deps, offer, attempt, Number.MAX_SAFE_INTEGER);
  const cause = reason === undefined ? 'rejected by the agent (preview)' : `rejected by the agent (preview): ${reason}`;
  const record = outcomeRecord(attempt, 'AGENT_REJECT', now.toISOString(), cause);
  if (!(await deps.calls.recordOutcome(record))) {
    // Only the call timeout settles a claimed attempt meanwhile: it did, and the contact went on from there.
    throw new ConflictError('the offer timed out while it was rejected: the call timeout settled it', { contactId });
  }
  countRecordedCall(deps.metrics, record);
  if ((await deps.workflows.resume(offer.taskToken, record.result)) === 'gone') deps.log.info('execution no longer waits for this offer', fieldsOf(offer));
  deps.log.info('preview offer rejected', fieldsOf(offer));
  return { offer, history: record.history, next: record.result.next };
}

/** The campaign, and the contact's open offer in its current run. */
async function openOfferOf(deps: PreviewDependencies, campaignId: string, contactId: string): Promise<{ campaign: Campaign; offer: PreviewOffer }> {
  const campaign = await requireCampaign(deps, campaignId);
  const stored = (await deps.offers.ofContact(campaignId, contactId)).filter((entry) => entry.offer.workflow.runId === campaign.runId);
  const open = stored.filter((entry) => entry.status === 'OPEN').sort((a, b) => a.offer.offeredAt.localeCompare(b.offer.offeredAt))[0];
  if (open !== undefined) return { campaign, offer: open.offer };
  const recentlyTaken = minutesLater(deps.clock.now(), -callTaskTimeoutMinutes).toISOString();
  if (stored.some((entry) => entry.takenAt !== undefined && entry.takenAt > recentlyTaken)) {
    throw new ConflictError(`the preview offer of contact ${contactId} was taken already (accepted or rejected)`, { contactId });
  }
  throw new NotFoundError('preview offer for contact', contactId);
}

/** A stopped campaign's executions are stopped: the offer is withdrawn rather than dialled or counted. */
async function refuseUnlessLive(deps: DialerDependencies, campaign: Campaign, offer: PreviewOffer, now: Date): Promise<void> {
  if (campaign.status === 'RUNNING') return;
  await offerAgain(deps, offer, now);
  throw new ConflictError(`campaign ${campaign.id} is not running: the offer is withdrawn`, { contactId: offer.workflow.contactId });
}

async function take(deps: DialerDependencies, offer: PreviewOffer, attempt: CallAttempt, lineLimit: number): Promise<void> {
  const contactId = offer.workflow.contactId;
  const taken = await deps.offers.take(offer, attempt, lineLimit);
  if (taken === 'taken') return;
  if (taken === 'no-free-line') throw new ConflictError('every line of the campaign is busy: the offer stays open, accept it again in a moment', { contactId });
  if (taken === 'already-claimed') {
    // The attempt was settled without the offer (its task timed out meanwhile): the offer is left over.
    await deps.offers.withdraw(offer.workflow.campaignId, contactId, offer.attemptId);
    throw new ConflictError('the offer ran out of time and is offered again', { contactId });
  }
  throw new ConflictError(`the preview offer of contact ${contactId} was taken already (accepted or rejected)`, { contactId });
}

/** Sets the offer aside and resumes its execution with the same number again now (or when the window opens). */
async function offerAgain(deps: DialerDependencies, offer: PreviewOffer, now: Date): Promise<void> {
  const result = await setOfferAside(deps, offer, now);
  if (result !== undefined) await deps.workflows.resume(offer.taskToken, result);
}

/**
 * The attempt is stored as not placed with what comes next (the same number again, counting nothing) before the offer
 * is withdrawn: an agent taking the offer meanwhile then finds the attempt settled, and a lost-call task delivered
 * again finds the same answer. Undefined when an agent took it first.
 */
async function setOfferAside(deps: DialerDependencies, offer: PreviewOffer, now: Date): Promise<WorkflowData | undefined> {
  const result = sameCallAt(offer.workflow, offer.phoneIndex, now);
  if (!(await deps.calls.recordNotDialled({ ...attemptOf(offer, now.toISOString()), status: 'NOT_PLACED' }, result))) return undefined;
  await deps.offers.withdraw(offer.workflow.campaignId, offer.workflow.contactId, offer.attemptId);
  return result;
}

function attemptOf(offer: PreviewOffer, startedAt: string): CallAttempt {
  return { attemptId: offer.attemptId, executionName: offer.executionName, taskToken: offer.taskToken, workflow: offer.workflow, phoneIndex: offer.phoneIndex, startedAt, status: 'DIALLING' };
}

function fieldsOf(offer: PreviewOffer) {
  return { attemptId: offer.attemptId, campaignId: offer.workflow.campaignId, contactId: offer.workflow.contactId, phone: offeredPhone(offer).label };
}

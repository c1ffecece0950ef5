// Preview offers against DynamoDB Local, on the dialer table the synthesized template defines: one offer per attempt,
// the open ones listed oldest first by Query, and a take that claims the attempt and a line in the same transaction.
import { beforeAll, describe, expect, it } from 'vitest';
import { DynamoDbCallLedger } from '../../functions/adapters/dynamodb/dynamodb-call-ledger.ts';
import { DynamoDbPreviewOffers } from '../../functions/adapters/dynamodb/dynamodb-preview-offers.ts';
import { buildCampaignSettings } from '../../functions/domain/dialer/campaign.ts';
import { startDialling } from '../../functions/domain/dialer/dial-plan.ts';
import type { PreviewOffer } from '../../functions/domain/dialer/preview-offer.ts';
import { attemptIdOf, type WorkflowData } from '../../functions/domain/dialer/workflow-data.ts';
import type { CallAttempt } from '../../functions/ports/call-ledger.ts';
import { dialerTableName, localDocumentClient } from '../support/local-dynamodb.ts';
import { mobileNumber, usNumber } from '../support/phone-numbers.ts';

const takenAt = '2025-03-03T10:05:00.000Z';
let ledger: DynamoDbCallLedger;
let offers: DynamoDbPreviewOffers;

beforeAll(() => {
  const documentClient = localDocumentClient();
  const now = () => new Date(takenAt);
  ledger = new DynamoDbCallLedger(documentClient, dialerTableName(), now);
  offers = new DynamoDbPreviewOffers(documentClient, dialerTableName(), ledger, now);
});

/** A fresh campaign per test: the table is shared with every other test of the run. */
const newCampaignId = () => `campaign-${crypto.randomUUID()}`;

/** The offer of a contact's first call (its primary), made at `offeredAt`, in a campaign of `lines` lines. */
function offerOf(campaignId: string, contactId: string, offeredAt = '2025-03-03T10:00:00.000Z', lines = 5): PreviewOffer {
  const step = startDialling(
    [
      { number: mobileNumber(), label: 'Primary' },
      { number: usNumber(), label: 'Office', itemTypeId: 'type-office', description: 'reception' },
    ],
    new Date(offeredAt),
  );
  const workflow: WorkflowData = { campaignId, contactId, runId: 'run-1', attempt: 1, settings: buildCampaignSettings({ strategy: 'preview', maxConcurrentCalls: lines }), dial: step.state, next: step.next };
  const executionName = `${campaignId}_run-1_${contactId}`;
  return { attemptId: attemptIdOf(executionName, 1), executionName, taskToken: `token-${crypto.randomUUID()}`, workflow, phoneIndex: 0, offeredAt };
}

function attemptOf(offer: PreviewOffer): CallAttempt {
  return { attemptId: offer.attemptId, executionName: offer.executionName, taskToken: offer.taskToken, workflow: offer.workflow, phoneIndex: offer.phoneIndex, startedAt: takenAt, status: 'DIALLING' };
}

const longAgo = '2000-01-01T00:00:00.000Z';

describe('DynamoDbPreviewOffers', () => {
  it('stores an offer once per attempt, and reads it back open with everything the take needs', async () => {
    // Prepare
    const offer = offerOf(newCampaignId(), 'contact-1');

    // Act
    const first = await offers.offer(offer);
    const again = await offers.offer({ ...offer, offeredAt: '2025-03-03T10:00:05.000Z' });
    const stored = await offers.get(offer.workflow.campaignId, 'contact-1', offer.attemptId);

    // Assess
    expect([first, again]).toEqual([true, false]);
    expect(stored).toEqual({ offer, status: 'OPEN', takenAt: undefined });
  });

  it('gives an open offer the new token of a retried task, and never re-opens a taken one', async () => {
    // Prepare
    const campaignId = newCampaignId();
    const open = offerOf(campaignId, 'open');
    const taken = offerOf(campaignId, 'taken');
    for (const offer of [open, taken]) await offers.offer(offer);
    await offers.take(taken, attemptOf(taken), 5);

    // Act
    const retriedOpen = await offers.offer({ ...open, taskToken: 'token-of-the-retry' });
    const retriedTaken = await offers.offer({ ...taken, taskToken: 'token-of-the-retry' });

    // Assess
    expect([retriedOpen, retriedTaken]).toEqual([true, false]);
    expect((await offers.get(campaignId, 'open', open.attemptId))?.offer.taskToken).toBe('token-of-the-retry');
    expect(await offers.get(campaignId, 'taken', taken.attemptId)).toMatchObject({ status: 'TAKEN', offer: { taskToken: taken.taskToken } });
  });

  it('lists the open offers oldest first, a page at a time, from the given time on', async () => {
    // Prepare
    const campaignId = newCampaignId();
    const made = [offerOf(campaignId, 'c', '2025-03-03T10:02:00.000Z'), offerOf(campaignId, 'a', '2025-03-03T10:00:00.000Z'), offerOf(campaignId, 'b', '2025-03-03T10:01:00.000Z'), offerOf(campaignId, 'old', '2025-03-03T09:00:00.000Z')];
    for (const offer of made) await offers.offer(offer);
    await offers.offer(offerOf(newCampaignId(), 'elsewhere'));

    // Act
    const first = await offers.listOpen(campaignId, { offeredAfter: '2025-03-03T09:30:00.000Z', limit: 2, cursor: undefined });
    const second = await offers.listOpen(campaignId, { offeredAfter: '2025-03-03T09:30:00.000Z', limit: 2, cursor: first.cursor });

    // Assess
    expect(first.items.map((offer) => offer.workflow.contactId)).toEqual(['a', 'b']);
    expect(second.items.map((offer) => offer.workflow.contactId)).toEqual(['c']);
    expect(second.items[0]).toEqual(made[0]);
  });

  it('lets exactly one of several concurrent takes through, with the attempt claimed and one line taken', async () => {
    // Prepare
    const offer = offerOf(newCampaignId(), 'contact-1');
    await offers.offer(offer);

    // Act
    const results = await Promise.all(Array.from({ length: 5 }, () => offers.take(offer, attemptOf(offer), 5)));

    // Assess
    expect(results.filter((result) => result === 'taken')).toHaveLength(1);
    expect(results.filter((result) => result !== 'taken')).toEqual(Array(4).fill('offer-gone'));
    expect(await offers.get(offer.workflow.campaignId, 'contact-1', offer.attemptId)).toEqual({ offer, status: 'TAKEN', takenAt });
    expect((await ledger.getAttempt(offer.attemptId))?.status).toBe('DIALLING');
    expect(await ledger.linesInUse(offer.workflow.campaignId)).toBe(1);
    expect((await offers.listOpen(offer.workflow.campaignId, { offeredAfter: longAgo, limit: 10, cursor: undefined })).items).toEqual([]);
  });

  it('leaves the offer open, and claims nothing, when every line is busy', async () => {
    // Prepare: a one-line campaign whose line another contact's call holds
    const campaignId = newCampaignId();
    const busy = offerOf(campaignId, 'busy', undefined, 1);
    await offers.offer(busy);
    expect(await offers.take(busy, attemptOf(busy), 1)).toBe('taken');
    const offer = offerOf(campaignId, 'contact-1', undefined, 1);
    await offers.offer(offer);

    // Act
    const result = await offers.take(offer, attemptOf(offer), 1);

    // Assess
    expect(result).toBe('no-free-line');
    expect((await offers.get(campaignId, 'contact-1', offer.attemptId))?.status).toBe('OPEN');
    expect(await ledger.getAttempt(offer.attemptId)).toBeUndefined();
    expect(await ledger.linesInUse(campaignId)).toBe(1);
  });

  it('answers already-claimed, leaving the offer as it was, when the attempt was settled without it', async () => {
    // Prepare
    const offer = offerOf(newCampaignId(), 'contact-1');
    await offers.offer(offer);
    expect(await ledger.recordNotDialled({ ...attemptOf(offer), status: 'NOT_PLACED' }, offer.workflow)).toBe(true);

    // Act
    const result = await offers.take(offer, attemptOf(offer), 5);

    // Assess
    expect(result).toBe('already-claimed');
    expect((await offers.get(offer.workflow.campaignId, 'contact-1', offer.attemptId))?.status).toBe('OPEN');
    expect(await ledger.linesInUse(offer.workflow.campaignId)).toBe(0);
  });

  it('withdraws an open offer once, and never a taken one', async () => {
    // Prepare
    const campaignId = newCampaignId();
    const open = offerOf(campaignId, 'open');
    const taken = offerOf(campaignId, 'taken');
    for (const offer of [open, taken]) await offers.offer(offer);
    await offers.take(taken, attemptOf(taken), 5);

    // Act
    const results = [await offers.withdraw(campaignId, 'open', open.attemptId), await offers.withdraw(campaignId, 'open', open.attemptId), await offers.withdraw(campaignId, 'taken', taken.attemptId)];

    // Assess
    expect(results).toEqual([true, false, false]);
    expect(await offers.get(campaignId, 'open', open.attemptId)).toBeUndefined();
    expect((await offers.get(campaignId, 'taken', taken.attemptId))?.status).toBe('TAKEN');
  });

  it("finds a contact's offers, open and taken, and never another contact's whose id starts the same", async () => {
    // Prepare
    const campaignId = newCampaignId();
    const first = offerOf(campaignId, 'ada');
    const second = { ...offerOf(campaignId, 'ada', '2025-03-03T10:03:00.000Z'), attemptId: attemptIdOf(first.executionName, 2) };
    const lookalike = offerOf(campaignId, 'ada#2');
    for (const offer of [first, second, lookalike]) await offers.offer(offer);
    await offers.take(first, attemptOf(first), 5);

    // Act
    const found = await offers.ofContact(campaignId, 'ada');

    // Assess
    expect(found.map((stored) => [stored.offer.attemptId, stored.status]).sort()).toEqual([
      [first.attemptId, 'TAKEN'],
      [second.attemptId, 'OPEN'],
    ]);
  });
});

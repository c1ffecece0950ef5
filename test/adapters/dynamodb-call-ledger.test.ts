// The call ledger against DynamoDB Local, on the dialer table the synthesized template defines: conditional claims
// under concurrency, outcomes recorded once, lines given back once, and the queries the sweep and the API read.
import { beforeAll, describe, expect, it } from 'vitest';
import { DynamoDbCallLedger } from '../../functions/adapters/dynamodb/dynamodb-call-ledger.ts';
import type { CallStatus } from '../../functions/domain/dialer/call-status.ts';
import { buildCampaignSettings } from '../../functions/domain/dialer/campaign.ts';
import { startDialling } from '../../functions/domain/dialer/dial-plan.ts';
import { attemptIdOf, type WorkflowData } from '../../functions/domain/dialer/workflow-data.ts';
import { InvalidInputError } from '../../functions/domain/errors.ts';
import { outcomeRecord } from '../../functions/domain/use-cases/dialer/record-call-outcome.ts';
import type { CallAttempt, CallLedger } from '../../functions/ports/call-ledger.ts';
import type { Page } from '../../functions/ports/contact-repository.ts';
import { dialerTableName, localDocumentClient } from '../support/local-dynamodb.ts';
import { mobileNumber, usNumber } from '../support/phone-numbers.ts';

let ledger: DynamoDbCallLedger;

beforeAll(() => {
  ledger = new DynamoDbCallLedger(localDocumentClient(), dialerTableName(), () => new Date());
});

/** A fresh campaign per test: the table is shared with every other test of the run. */
const newCampaignId = () => `campaign-${crypto.randomUUID()}`;

/** An execution's first data: one call to a primary phone and an Office phone, at most `lines` calls at once. */
function workflowOf(campaignId: string, contactId: string, lines = 5): WorkflowData {
  const step = startDialling(
    [
      { number: mobileNumber(), label: 'Primary' },
      { number: usNumber(), label: 'Office', itemTypeId: 'type-office' },
    ],
    new Date('2025-03-03T10:00:00.000Z'),
  );
  return { campaignId, contactId, runId: 'run-1', attempt: 1, settings: buildCampaignSettings({ maxConcurrentCalls: lines }), dial: step.state, next: step.next };
}

function attemptOf(workflow: WorkflowData, options: { execution?: string; attempt?: number; startedAt?: string } = {}): CallAttempt {
  const executionName = options.execution ?? `${workflow.campaignId}_${workflow.runId}_${workflow.contactId}`;
  const attempt = options.attempt ?? workflow.attempt;
  return {
    attemptId: attemptIdOf(executionName, attempt),
    executionName,
    taskToken: `token-${crypto.randomUUID()}`,
    workflow: { ...workflow, attempt },
    phoneIndex: 0,
    startedAt: options.startedAt ?? '2025-03-03T10:00:00.000Z',
    status: 'DIALLING',
  };
}

/** Every page of a listing, following its cursors. */
async function allPages<T>(read: (cursor: string | undefined) => Promise<Page<T>>): Promise<{ items: T[]; pages: number }> {
  const items: T[] = [];
  let pages = 0;
  let cursor: string | undefined;
  do {
    const page = await read(cursor);
    items.push(...page.items);
    pages += 1;
    cursor = page.cursor;
    if (pages > 50) throw new Error('the cursors never end');
  } while (cursor !== undefined);
  return { items, pages };
}

/** Claims the attempt and ends it with `status` at `endedAt`, as the outcome handler does. */
async function dialAndEnd(calls: CallLedger, attempt: CallAttempt, status: CallStatus, endedAt: string): Promise<void> {
  expect(await calls.claim(attempt, 1_000)).toBe('claimed');
  expect(await calls.recordOutcome(outcomeRecord(attempt, status, endedAt, undefined))).toBe(true);
}

describe('DynamoDbCallLedger', () => {
  it('lets exactly 5 of 20 concurrent claims through a line limit of 5', async () => {
    // Prepare
    const campaignId = newCampaignId();
    const attempts = Array.from({ length: 20 }, (_, i) => attemptOf(workflowOf(campaignId, `contact-${i}`)));

    // Act
    const results = await Promise.all(attempts.map((attempt) => ledger.claim(attempt, 5)));

    // Assess
    expect(results.filter((result) => result === 'claimed')).toHaveLength(5);
    expect(results.filter((result) => result === 'no-free-line')).toHaveLength(15);
    expect(await ledger.linesInUse(campaignId)).toBe(5);
    const stored = await Promise.all(attempts.map((attempt) => ledger.getAttempt(attempt.attemptId)));
    expect(stored.map((attempt) => attempt !== undefined)).toEqual(results.map((result) => result === 'claimed'));
  });

  it('claims the same attempt once when it is claimed twice at once', async () => {
    // Prepare
    const campaignId = newCampaignId();
    const attempt = attemptOf(workflowOf(campaignId, 'contact-1'));

    // Act
    const results = await Promise.all([ledger.claim(attempt, 5), ledger.claim(attempt, 5)]);

    // Assess
    expect([...results].sort()).toEqual(['already-claimed', 'claimed']);
    expect(await ledger.linesInUse(campaignId)).toBe(1);
    expect(await ledger.getAttempt(attempt.attemptId)).toEqual(attempt);
  });

  it("says 'already-claimed', not 'no-free-line', when a claimed attempt comes back with every line taken", async () => {
    // Prepare
    const campaignId = newCampaignId();
    const attempt = attemptOf(workflowOf(campaignId, 'contact-1', 1));
    expect(await ledger.claim(attempt, 1)).toBe('claimed');

    // Act
    const again = await ledger.claim(attempt, 1);

    // Assess
    expect(again).toBe('already-claimed');
    expect(await ledger.linesInUse(campaignId)).toBe(1);
  });

  it('records an outcome delivered twice at once exactly once: one History row, one Final, the line released once', async () => {
    // Prepare
    const campaignId = newCampaignId();
    const attempt = attemptOf(workflowOf(campaignId, 'contact-1'));
    expect(await ledger.claim(attempt, 5)).toBe('claimed');
    const record = outcomeRecord(attempt, 'REACHED', '2025-03-03T10:02:00.000Z', undefined);

    // Act
    const results = await Promise.all([ledger.recordOutcome(record), ledger.recordOutcome(record)]);

    // Assess
    expect([...results].sort()).toEqual([false, true]);
    expect((await ledger.listHistory(campaignId, { limit: 10, cursor: undefined })).items).toEqual([record.history]);
    expect((await ledger.listHistory(campaignId, { contactId: 'contact-1', limit: 10, cursor: undefined })).items).toEqual([record.history]);
    expect((await ledger.listFinal(campaignId, { limit: 10, cursor: undefined })).items).toEqual([record.final]);
    expect(await ledger.linesInUse(campaignId)).toBe(0);
    const stored = await ledger.getAttempt(attempt.attemptId);
    expect(stored?.status).toBe('ENDED');
    expect(stored?.result).toEqual(JSON.parse(JSON.stringify(record.result)));
  });

  it('gives the line back when a call is not placed, once, keeping what comes next', async () => {
    // Prepare
    const campaignId = newCampaignId();
    const attempt = attemptOf(workflowOf(campaignId, 'contact-1'));
    await ledger.claim(attempt, 5);
    const next: WorkflowData = { ...attempt.workflow, attempt: 2, next: { kind: 'call', phoneIndex: 0, at: '2025-03-03T10:01:00.000Z' } };

    // Act
    await ledger.releaseUnplaced(attempt, next);
    await ledger.releaseUnplaced(attempt, next);

    // Assess
    expect(await ledger.linesInUse(campaignId)).toBe(0);
    expect(await ledger.getAttempt(attempt.attemptId)).toMatchObject({ status: 'NOT_PLACED', result: JSON.parse(JSON.stringify(next)) });
    expect(await ledger.recordOutcome(outcomeRecord(attempt, 'NO_ANSWER', '2025-03-03T10:01:00.000Z', undefined))).toBe(false);
    expect((await ledger.listHistory(campaignId, { limit: 10, cursor: undefined })).items).toEqual([]);
  });

  it('gives the line back when an attempt is abandoned, once, and records nothing after', async () => {
    // Prepare
    const campaignId = newCampaignId();
    const attempt = attemptOf(workflowOf(campaignId, 'contact-1'));
    const other = attemptOf(workflowOf(campaignId, 'contact-2'));
    await ledger.claim(attempt, 5);
    await ledger.claim(other, 5);

    // Act
    const results = [await ledger.abandon(attempt), await ledger.abandon(attempt)];

    // Assess
    expect(results).toEqual([true, false]);
    expect(await ledger.linesInUse(campaignId)).toBe(1);
    expect((await ledger.getAttempt(attempt.attemptId))?.status).toBe('ENDED');
    expect(await ledger.recordOutcome(outcomeRecord(attempt, 'NO_ANSWER', '2025-03-03T10:01:00.000Z', undefined))).toBe(false);
    expect(await ledger.linesInUse(campaignId)).toBe(1);
  });

  it("lists an execution's attempts that are still dialling, and only its own", async () => {
    // Prepare: attempt 1 ended, 2 not placed, 3 and 10 dialling (10 sorts after 3 only if padded); a neighbour dialling
    const campaignId = newCampaignId();
    const workflow = workflowOf(campaignId, 'contact-1', 100);
    const execution = `${campaignId}_run-1_contact-1`;
    const [ended, unplaced, third, tenth] = [1, 2, 3, 10].map((attempt) => attemptOf(workflow, { execution, attempt }));
    const neighbour = attemptOf(workflow, { execution: `${execution}0`, attempt: 1 });
    for (const attempt of [ended!, unplaced!, third!, tenth!, neighbour]) await ledger.claim(attempt, 100);
    await ledger.recordOutcome(outcomeRecord(ended!, 'BUSY', '2025-03-03T10:01:00.000Z', undefined));
    await ledger.releaseUnplaced(unplaced!, workflow);

    // Act
    const dialling = await ledger.dialingAttemptsOf(execution);

    // Assess
    expect(dialling.map((attempt) => attempt.attemptId)).toEqual([third!.attemptId, tenth!.attemptId]);
    expect(dialling.every((attempt) => attempt.status === 'DIALLING')).toBe(true);
  });

  it('finds attempts dialling since before a time, and no attempt that ended or started later', async () => {
    // Prepare: times in a minute of the past no other test uses
    const campaignId = newCampaignId();
    const base = Date.UTC(1990, 0, 1) + Math.floor(Math.random() * 10 * 365 * 86_400) * 1_000;
    const at = (seconds: number) => new Date(base + seconds * 1_000).toISOString();
    const workflow = workflowOf(campaignId, 'contact-1', 100);
    const attempts = [-50, -40, -30, -20, 0, 10].map((seconds, i) => attemptOf(workflow, { execution: `${campaignId}_stale_${i}`, startedAt: at(seconds) }));
    for (const attempt of attempts) await ledger.claim(attempt, 100);
    await ledger.abandon(attempts[1]!);
    await ledger.recordOutcome(outcomeRecord(attempts[2]!, 'NO_ANSWER', at(-10), undefined));
    const mine = (found: CallAttempt[]) => found.filter((attempt) => attempt.workflow.campaignId === campaignId).map((attempt) => attempt.attemptId);

    // Act
    const stale = await ledger.staleDialingAttempts(at(0), 1_000);
    const firstOnly = await ledger.staleDialingAttempts(at(0), 1);

    // Assess
    expect(mine(stale)).toEqual([attempts[0]!.attemptId, attempts[3]!.attemptId]);
    expect(stale.every((attempt) => attempt.status === 'DIALLING' && attempt.startedAt < at(0))).toBe(true);
    expect(firstOnly).toHaveLength(1);
    expect(firstOnly[0]!.startedAt <= attempts[0]!.startedAt).toBe(true);
  });

  it("lists a campaign's History in time order and a contact's alone, page by page", async () => {
    // Prepare: calls of two contacts written out of time order
    const campaignId = newCampaignId();
    const calls: Array<[string, number, string]> = [
      ['contact-a', 3, '2025-03-03T10:04:00.000Z'],
      ['contact-b', 1, '2025-03-03T10:00:30.000Z'],
      ['contact-a', 1, '2025-03-03T10:00:00.000Z'],
      ['contact-b', 2, '2025-03-03T10:02:30.000Z'],
      ['contact-a', 2, '2025-03-03T10:01:00.000Z'],
    ];
    for (const [contactId, attempt, startedAt] of calls) await dialAndEnd(ledger, attemptOf(workflowOf(campaignId, contactId, 100), { attempt, startedAt }), 'NO_ANSWER', startedAt);

    // Act
    const campaign = await allPages((cursor) => ledger.listHistory(campaignId, { limit: 2, cursor }));
    const contact = await allPages((cursor) => ledger.listHistory(campaignId, { contactId: 'contact-a', limit: 2, cursor }));

    // Assess
    const sorted = [...calls].sort((a, b) => a[2].localeCompare(b[2]));
    expect(campaign.items.map((row) => [row.contactId, row.startedAt])).toEqual(sorted.map(([contactId, , startedAt]) => [contactId, startedAt]));
    expect(campaign.pages).toBeGreaterThanOrEqual(3);
    expect(contact.items.map((row) => row.startedAt)).toEqual(sorted.filter(([contactId]) => contactId === 'contact-a').map(([, , startedAt]) => startedAt));
    expect(contact.pages).toBeGreaterThanOrEqual(2);
  });

  it('lists Final rows page by page, each written once per run', async () => {
    // Prepare
    const campaignId = newCampaignId();
    const finals = ['contact-1', 'contact-2', 'contact-3'].map((contactId) => ({
      campaignId,
      contactId,
      runId: 'run-1',
      phone: undefined,
      label: undefined,
      itemTypeId: undefined,
      status: undefined,
      reason: 'NO_CALLABLE_PHONES' as const,
      counters: undefined,
      closedAt: '2025-03-03T10:00:00.000Z',
    }));

    // Act
    const written = await Promise.all(finals.map((final) => ledger.writeFinal(final)));
    const again = await ledger.writeFinal({ ...finals[0]!, closedAt: '2025-03-03T11:00:00.000Z' });
    const nextRun = await ledger.writeFinal({ ...finals[0]!, runId: 'run-2', closedAt: '2025-03-04T10:00:00.000Z' });
    const listed = await allPages((cursor) => ledger.listFinal(campaignId, { limit: 2, cursor }));

    // Assess
    expect(written).toEqual([true, true, true]);
    expect(again).toBe(false);
    expect(nextRun).toBe(true);
    expect(listed.items.map((row) => [row.runId, row.contactId, row.closedAt])).toEqual([
      ...finals.map((final) => ['run-1', final.contactId, final.closedAt]),
      ['run-2', finals[0]!.contactId, '2025-03-04T10:00:00.000Z'],
    ]);
  });

  it("finds an attempt by the provider's call id once it is recorded", async () => {
    // Prepare
    const attempt = attemptOf(workflowOf(newCampaignId(), 'contact-1'));
    const providerCallId = `connect-${crypto.randomUUID()}`;
    await ledger.claim(attempt, 5);
    const before = await ledger.findByProviderCallId(providerCallId);

    // Act
    await ledger.recordProviderCall(attempt, providerCallId);

    // Assess
    expect(before).toBeUndefined();
    expect(await ledger.findByProviderCallId(providerCallId)).toEqual({ ...attempt, providerCallId });
    expect(await ledger.findByProviderCallId(`connect-${crypto.randomUUID()}`)).toBeUndefined();
  });

  it('refuses a cursor it did not make', async () => {
    // Act
    const listing = ledger.listHistory(newCampaignId(), { limit: 2, cursor: 'not-a-cursor' });

    // Assess
    await expect(listing).rejects.toBeInstanceOf(InvalidInputError);
  });
});

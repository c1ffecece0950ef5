// The campaign repository against DynamoDB Local, on the dialer table the synthesized template defines: versions,
// enrolments paged in a stable order, runs advanced once per page, and the call ledger's items left alone.
import { beforeAll, describe, expect, it } from 'vitest';
import { DynamoDbCallLedger } from '../../functions/adapters/dynamodb/dynamodb-call-ledger.ts';
import { DynamoDbCampaignRepository } from '../../functions/adapters/dynamodb/dynamodb-campaign-repository.ts';
import { buildCampaign, type Campaign } from '../../functions/domain/dialer/campaign.ts';
import { ConflictError, VersionConflictError } from '../../functions/domain/errors.ts';
import type { CampaignRun } from '../../functions/ports/campaign-repository.ts';
import { dialerTableName, localDocumentClient } from '../support/local-dynamodb.ts';

let repository: DynamoDbCampaignRepository;
let ledger: DynamoDbCallLedger;

beforeAll(() => {
  const documents = localDocumentClient();
  repository = new DynamoDbCampaignRepository(documents, dialerTableName(), () => new Date('2025-03-03T10:00:00.000Z'));
  ledger = new DynamoDbCallLedger(documents, dialerTableName(), () => new Date());
});

/** Creation times far in the future, unique per test, so that listing finds this test's campaigns first. */
let sequence = 0;
function newCampaign(name = 'Renewals'): Campaign {
  sequence += 1;
  return buildCampaign(`campaign-${crypto.randomUUID()}`, { name }, `2999-01-01T00:00:${String(sequence).padStart(2, '0')}.000Z`);
}

function newRun(campaignId: string, runId = 'r20250303T1000'): CampaignRun {
  return { campaignId, runId, trigger: 'schedule', status: 'STARTING', cursor: undefined, pages: 0, counts: { started: 0, alreadyStarted: 0, closedWithoutCall: 0 }, startedAt: '2025-03-03T10:00:00.000Z', updatedAt: '2025-03-03T10:00:00.000Z' };
}

describe('DynamoDbCampaignRepository', () => {
  it('stores a campaign once and reads it back as it was', async () => {
    // Prepare
    const campaign = newCampaign();

    // Act
    await repository.create(campaign);
    const again = repository.create({ ...campaign, name: 'Other' });

    // Assess
    await expect(again).rejects.toBeInstanceOf(ConflictError);
    expect(await repository.get(campaign.id)).toEqual(campaign);
    expect(await repository.get('campaign-none')).toBeUndefined();
  });

  it('refuses an update or a delete from a stale version', async () => {
    // Prepare
    const v1 = newCampaign();
    await repository.create(v1);
    const v2 = { ...v1, name: 'Second', version: 2 };
    await repository.update(v1, v2);

    // Act
    const staleUpdate = repository.update(v1, { ...v1, name: 'Lost', version: 2 });
    const staleDelete = repository.delete(v1);

    // Assess
    // Both awaited together: the one not yet awaited would otherwise reject unhandled.
    await Promise.all([expect(staleUpdate).rejects.toEqual(new VersionConflictError('campaign', v1.id, 1)), expect(staleDelete).rejects.toBeInstanceOf(VersionConflictError)]);
    expect(await repository.get(v1.id)).toEqual(v2);
  });

  it('lists campaigns in creation order, a page at a time', async () => {
    // Prepare
    const created = [newCampaign('A'), newCampaign('B'), newCampaign('C')];
    for (const campaign of created) await repository.create(campaign);
    const ids = new Set(created.map((campaign) => campaign.id));

    // Act: everything listed, a page of 2 at a time, keeping this test's campaigns
    const listed: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await repository.list(2, cursor);
      listed.push(...page.items.filter((campaign) => ids.has(campaign.id)).map((campaign) => campaign.name));
      cursor = page.cursor;
    } while (cursor !== undefined);

    // Assess
    expect(listed).toEqual(['A', 'B', 'C']);
  });

  it('enrols contacts once and pages through them in a stable order', async () => {
    // Prepare
    const campaign = newCampaign();
    await repository.create(campaign);
    const contactIds = Array.from({ length: 30 }, (_, n) => `contact-${String(n).padStart(2, '0')}`);

    // Act
    const first = await repository.enrol(campaign.id, contactIds.slice(0, 20));
    const second = await repository.enrol(campaign.id, [...contactIds.slice(10), 'contact-29']);
    const pages: string[][] = [];
    let cursor: string | undefined;
    do {
      const page = await repository.listEnrolments(campaign.id, 12, cursor);
      pages.push(page.items);
      cursor = page.cursor;
    } while (cursor !== undefined);

    // Assess
    expect(first).toHaveLength(20);
    expect(second).toEqual(contactIds.slice(20));
    expect(pages.map((page) => page.length)).toEqual([12, 12, 6]);
    expect(pages.flat()).toEqual(contactIds);
  });

  it('creates a run once and advances it only from the progress it was read at', async () => {
    // Prepare
    const campaign = newCampaign();
    await repository.create(campaign);
    const run = newRun(campaign.id);
    const firstPage: CampaignRun = { ...run, pages: 1, cursor: 'cursor-1', counts: { started: 100, alreadyStarted: 0, closedWithoutCall: 0 } };

    // Act
    const created = await repository.createRun(run);
    const duplicate = await repository.createRun({ ...run, trigger: 'manual' });
    const advanced = await repository.advanceRun(run, firstPage);
    const overtaken = await repository.advanceRun(run, { ...firstPage, counts: { started: 999, alreadyStarted: 0, closedWithoutCall: 0 } });

    // Assess
    expect([created, duplicate, advanced, overtaken]).toEqual([true, false, true, false]);
    expect(await repository.getRun(campaign.id, run.runId)).toEqual(firstPage);
  });

  it('stops a run so that it cannot advance any more, and leaves an unknown run absent', async () => {
    // Prepare
    const campaign = newCampaign();
    await repository.create(campaign);
    const run = newRun(campaign.id);
    await repository.createRun(run);

    // Act
    await repository.stopRun(campaign.id, run.runId, '2025-03-03T10:05:00.000Z');
    await repository.stopRun(campaign.id, 'r-none', '2025-03-03T10:05:00.000Z');
    const advanced = await repository.advanceRun(run, { ...run, pages: 1 });

    // Assess
    expect(advanced).toBe(false);
    expect(await repository.getRun(campaign.id, run.runId)).toEqual({ ...run, status: 'STOPPED', updatedAt: '2025-03-03T10:05:00.000Z' });
    expect(await repository.getRun(campaign.id, 'r-none')).toBeUndefined();
  });

  it("deletes a campaign with its enrolments and runs, and leaves the call ledger's line counter in its partition", async () => {
    // Prepare
    const campaign = newCampaign();
    await repository.create(campaign);
    await repository.enrol(campaign.id, Array.from({ length: 60 }, (_, n) => `contact-${n}`));
    await repository.createRun(newRun(campaign.id));
    const workflow = { campaignId: campaign.id } as never;
    await ledger.claim({ attemptId: `exec-${campaign.id}/1`, executionName: `exec-${campaign.id}`, taskToken: 't', workflow, phoneIndex: 0, startedAt: '2025-03-03T10:00:00.000Z', status: 'DIALLING' }, 5);

    // Act
    await repository.delete(campaign);

    // Assess
    expect(await repository.get(campaign.id)).toBeUndefined();
    expect(await repository.listEnrolments(campaign.id, 100, undefined)).toEqual({ items: [], cursor: undefined });
    expect(await repository.getRun(campaign.id, 'r20250303T1000')).toBeUndefined();
    expect(await ledger.linesInUse(campaign.id)).toBe(1);
  });
});

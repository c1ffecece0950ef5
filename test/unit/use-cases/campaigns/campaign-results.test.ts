// History, Final and the History CSV against in-memory ports.
import { describe, expect, it } from 'vitest';
import type { HistoryRow } from '#domain/dialer/workflow-data';
import { NotFoundError } from '#domain/errors';
import { listCampaignFinal, listCampaignHistory } from '#domain/use-cases/campaigns/campaign-results';
import { createCampaign } from '#domain/use-cases/campaigns/campaigns';
import { exportHistoryCsv } from '#domain/use-cases/campaigns/history-csv';
import { campaignSetup, type CampaignSetup } from './campaign-fixtures.ts';

function historyRow(campaignId: string, contactId: string, minute: number, overrides: Partial<HistoryRow> = {}): HistoryRow {
  const at = `2025-03-03T10:${String(minute).padStart(2, '0')}:00.000Z`;
  return { campaignId, contactId, attemptId: `exec-${contactId}/${minute}`, phone: '+33612345678', label: 'Primary', itemTypeId: undefined, round: 1, status: 'NO_ANSWER', cause: undefined, startedAt: at, endedAt: at, counters: { byStatus: { NO_ANSWER: 1 }, global: 1 }, ...overrides };
}

/** Writes History rows the way the outcome handler does: through the ledger, one dialled attempt each. */
async function writeHistory(setup: CampaignSetup, rows: HistoryRow[]) {
  for (const row of rows) {
    const workflow = { campaignId: row.campaignId } as never;
    const attempt = { attemptId: row.attemptId, executionName: 'exec', taskToken: 't', workflow, phoneIndex: 0, startedAt: row.startedAt, status: 'DIALLING' as const };
    await setup.calls.claim(attempt, 100);
    await setup.calls.recordOutcome({ attempt, history: row, final: undefined, result: workflow });
  }
}

describe('campaign results', () => {
  it("pages through a campaign's History, or one contact's", async () => {
    // Prepare
    const setup = await campaignSetup();
    const { campaign } = await createCampaign(setup.deps, { name: 'Renewals' });
    await writeHistory(setup, [historyRow(campaign.id, 'a', 1), historyRow(campaign.id, 'b', 2), historyRow(campaign.id, 'a', 3)]);

    // Act
    const first = await listCampaignHistory(setup.deps, campaign.id, { limit: 2, cursor: undefined });
    const second = await listCampaignHistory(setup.deps, campaign.id, { limit: 2, cursor: first.cursor });
    const onlyA = await listCampaignHistory(setup.deps, campaign.id, { contactId: 'a', limit: 10, cursor: undefined });

    // Assess
    expect([...first.items, ...second.items].map((row) => row.startedAt.slice(11, 16))).toEqual(['10:01', '10:02', '10:03']);
    expect(second.cursor).toBeUndefined();
    expect(onlyA.items.map((row) => row.contactId)).toEqual(['a', 'a']);
  });

  it('answers NotFoundError for the History and Final of an unknown campaign', async () => {
    // Prepare
    const setup = await campaignSetup();

    // Act
    const history = listCampaignHistory(setup.deps, 'nope', { limit: 10, cursor: undefined });
    const final = listCampaignFinal(setup.deps, 'nope', { limit: 10, cursor: undefined });

    // Assess
    await expect(history).rejects.toBeInstanceOf(NotFoundError);
    await expect(final).rejects.toBeInstanceOf(NotFoundError);
  });

  it('exports History as CSV with formula-safe, quoted cells and campaign-time timestamps as stored', async () => {
    // Prepare
    const setup = await campaignSetup();
    const { campaign } = await createCampaign(setup.deps, { name: 'Renewals' });
    await writeHistory(setup, [historyRow(campaign.id, 'a', 1, { label: '=HYPERLINK("x"), Office', itemTypeId: 'type-office', cause: 'line 1\nline 2' })]);

    // Act
    const exported = await exportHistoryCsv(setup.deps, campaign.id, { maxRows: 100 });

    // Assess
    const lines = exported.csv.split('\r\n');
    expect(lines[0]).toBe('contactId,attemptId,round,phone,label,itemTypeId,status,cause,startedAt,endedAt,countGlobal,countNO_ANSWER,countBUSY,countCONGESTION,countNO_SUCH_NUMBER,countDROP,countABANDONED,countMACHINE,countAGENT_REJECT');
    expect(exported.csv).toBe(
      `${lines[0]}\r\na,exec-a/1,1,'+33612345678,"'=HYPERLINK(""x""), Office",type-office,NO_ANSWER,"line 1\nline 2",2025-03-03T10:01:00.000Z,2025-03-03T10:01:00.000Z,1,1,0,0,0,0,0,0,0\r\n`,
    );
    expect(exported).toMatchObject({ rows: 1, cursor: undefined });
  });

  it('cuts a long History into parts that continue from a cursor', async () => {
    // Prepare
    const setup = await campaignSetup();
    const { campaign } = await createCampaign(setup.deps, { name: 'Renewals' });
    await writeHistory(setup, [1, 2, 3].map((minute) => historyRow(campaign.id, 'a', minute)));

    // Act
    const first = await exportHistoryCsv(setup.deps, campaign.id, { maxRows: 2 });
    const rest = await exportHistoryCsv(setup.deps, campaign.id, { maxRows: 2, cursor: first.cursor });

    // Assess
    expect([first.rows, rest.rows]).toEqual([2, 1]);
    expect(first.cursor).toBeDefined();
    expect(rest.cursor).toBeUndefined();
    expect(rest.csv).toContain('exec-a/3');
    expect(first.csv).not.toContain('exec-a/3');
  });
});

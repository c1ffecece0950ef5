// The History as CSV for a spreadsheet: one row per dialled call, timestamps in campaign time as stored.
import { retryableStatuses } from '../../dialer/call-status.ts';
import type { HistoryRow } from '../../dialer/workflow-data.ts';
import { neutraliseCell } from '../../import/import-job.ts';
import type { CampaignDependencies } from './campaign-dependencies.ts';
import { requireCampaign } from './campaigns.ts';

export interface HistoryCsv {
  csv: string;
  rows: number;
  /** Where the next part starts when the History has more than one export holds. */
  cursor: string | undefined;
}

export interface HistoryCsvQuery {
  contactId?: string | undefined;
  /** Rows in this part at most: an API answer has a size limit. */
  maxRows: number;
  cursor?: string | undefined;
}

const pageSize = 100;

const header = ['contactId', 'attemptId', 'round', 'phone', 'label', 'itemTypeId', 'status', 'cause', 'startedAt', 'endedAt', 'countGlobal', ...retryableStatuses.map((status) => `count${status}`)];

export async function exportHistoryCsv(deps: CampaignDependencies, campaignId: string, query: HistoryCsvQuery): Promise<HistoryCsv> {
  await requireCampaign(deps, campaignId);
  const lines = [csvLine(header)];
  let cursor = query.cursor;
  let rows = 0;
  do {
    const page = await deps.calls.listHistory(campaignId, { contactId: query.contactId, limit: Math.min(pageSize, query.maxRows - rows), cursor });
    for (const row of page.items) lines.push(csvLine(historyCells(row)));
    rows += page.items.length;
    cursor = page.cursor;
  } while (cursor !== undefined && rows < query.maxRows);
  return { csv: `${lines.join('\r\n')}\r\n`, rows, cursor };
}

function historyCells(row: HistoryRow): Array<string | number | undefined> {
  return [
    row.contactId,
    row.attemptId,
    row.round,
    row.phone,
    row.label,
    row.itemTypeId,
    row.status,
    row.cause,
    row.startedAt,
    row.endedAt,
    row.counters.global,
    ...retryableStatuses.map((status) => row.counters.byStatus[status] ?? 0),
  ];
}

/**
 * RFC 4180 quoting, after neutraliseCell: a cell a spreadsheet would run as a formula (= + - @) gets a leading `'`,
 * which also applies to E.164 numbers (`'+447700900123`), as the import's report does.
 */
export function csvLine(cells: ReadonlyArray<string | number | undefined>): string {
  return cells
    .map((cell) => {
      if (cell === undefined) return '';
      if (typeof cell === 'number') return String(cell);
      const safe = neutraliseCell(cell);
      return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
    })
    .join(',');
}

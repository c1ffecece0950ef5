import { exportHistoryCsv } from '#domain/use-cases/campaigns/history-csv';
import { apiHandler } from '#shared/http/api-handler';
import { campaignDependencies } from '../../campaign-composition.ts';
import { campaignParams, historyCsvQuery } from '../campaign-schemas.ts';

export const handler = apiHandler({ params: campaignParams, query: historyCsvQuery }, async ({ params, query }) => {
  const exported = await exportHistoryCsv(campaignDependencies(), params.campaignId, query);
  const headers: Record<string, string> = {
    'content-type': 'text/csv; charset=utf-8',
    'content-disposition': `attachment; filename="campaign-${params.campaignId.replace(/[^A-Za-z0-9-]/g, '_')}-history.csv"`,
  };
  // A History longer than one answer holds continues from this cursor (?cursor=).
  if (exported.cursor !== undefined) headers['x-next-cursor'] = exported.cursor;
  return { status: 200, text: exported.csv, headers };
});

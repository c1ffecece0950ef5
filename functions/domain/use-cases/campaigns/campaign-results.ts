// What a campaign's calls left behind: History (one row per dialled call) and Final (one row per closed contact).
import type { FinalRow, HistoryRow, SkipRow } from '../../dialer/workflow-data.ts';
import type { Page } from '#ports/contact-repository';
import type { CampaignDependencies } from './campaign-dependencies.ts';
import { requireCampaign } from './campaigns.ts';

export interface HistoryQuery {
  contactId?: string | undefined;
  limit: number;
  cursor?: string | undefined;
}

export async function listCampaignHistory(deps: CampaignDependencies, campaignId: string, query: HistoryQuery): Promise<Page<HistoryRow>> {
  await requireCampaign(deps, campaignId);
  return deps.calls.listHistory(campaignId, { contactId: query.contactId, limit: query.limit, cursor: query.cursor });
}

/** The numbers passed over right before their dial (consent withdrawn, do-not-call…), with the reasons. */
export async function listCampaignSkips(deps: CampaignDependencies, campaignId: string, query: { limit: number; cursor?: string | undefined }): Promise<Page<SkipRow>> {
  await requireCampaign(deps, campaignId);
  return deps.calls.listSkips(campaignId, { limit: query.limit, cursor: query.cursor });
}

export async function listCampaignFinal(deps: CampaignDependencies, campaignId: string, query: { limit: number; cursor?: string | undefined }): Promise<Page<FinalRow>> {
  await requireCampaign(deps, campaignId);
  return deps.calls.listFinal(campaignId, { limit: query.limit, cursor: query.cursor });
}

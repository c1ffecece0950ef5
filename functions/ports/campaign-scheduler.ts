import type { CampaignSchedule } from '#domain/campaign-schedule';

/** Starts campaigns on their schedule (EventBridge Scheduler in AWS): one schedule per campaign, found by its id. */
export interface CampaignScheduler {
  /** Creates the campaign's schedule, or replaces the one it has. */
  upsertCampaignSchedule(campaignId: string, schedule: CampaignSchedule): Promise<void>;
  /** Removes the campaign's schedule; a campaign that has none is not an error. */
  deleteCampaignSchedule(campaignId: string): Promise<void>;
}

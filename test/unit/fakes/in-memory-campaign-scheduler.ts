// CampaignScheduler in memory: one schedule per campaign, as EventBridge Scheduler would hold it.
import type { CampaignSchedule } from '#domain/campaign-schedule';
import type { CampaignScheduler } from '#ports/campaign-scheduler';

export class InMemoryCampaignScheduler implements CampaignScheduler {
  readonly schedules = new Map<string, CampaignSchedule>();
  /** Every call, in order: `upsert <id>` or `delete <id>`. */
  readonly calls: string[] = [];

  async upsertCampaignSchedule(campaignId: string, schedule: CampaignSchedule): Promise<void> {
    this.calls.push(`upsert ${campaignId}`);
    this.schedules.set(campaignId, structuredClone(schedule));
  }

  async deleteCampaignSchedule(campaignId: string): Promise<void> {
    this.calls.push(`delete ${campaignId}`);
    this.schedules.delete(campaignId);
  }
}

// The campaign starter: invoked by EventBridge Scheduler ({campaignId, scheduledTime}), or by a start now and by
// its own continuation ({campaignId, runId, cursor?}); it starts one execution per enrolled contact.
import { z } from 'zod';
import { startCampaignRun, type StarterReport } from '#domain/use-cases/campaigns/start-campaign-run';
import { eventHandler } from '#shared/event-handler';
import { campaignDependencies, starterOptions } from '../campaign-composition.ts';

const id = z.string().min(1).max(200);
const startInput = z.union([
  z.object({ campaignId: id, scheduledTime: z.string().min(1) }),
  z.object({ campaignId: id, runId: id, cursor: z.string().min(1).optional() }),
]);

export const handler = eventHandler<unknown, StarterReport>(async (event) => startCampaignRun(campaignDependencies(), startInput.parse(event), starterOptions()));

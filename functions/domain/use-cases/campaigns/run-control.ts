// Starting a campaign now and stopping it: the campaign's status says which run may start executions.
import type { Campaign } from '../../dialer/campaign.ts';
import { campaignExecutionPrefix } from '../../dialer/execution-name.ts';
import { ConflictError, VersionConflictError } from '../../errors.ts';
import type { CampaignRun } from '#ports/campaign-repository';
import type { CampaignDependencies } from './campaign-dependencies.ts';
import { requireCampaign, viewOf, type CampaignView } from './campaigns.ts';
import { manualRunId } from './run-ids.ts';

export interface StoppedCampaign extends CampaignView {
  stoppedExecutions: number;
}

/**
 * A new run at once: the campaign becomes RUNNING with the run's id, and the starter takes it from there in its own
 * invocation. A running campaign is stopped first (two runs would dial the same contacts twice).
 */
export async function startCampaignNow(deps: CampaignDependencies, id: string): Promise<CampaignView> {
  const campaign = await requireCampaign(deps, id);
  if (campaign.status === 'RUNNING') throw new ConflictError(`campaign ${id} is running (run ${campaign.runId}): stop it before starting it again`, { runId: campaign.runId ?? '' });
  const now = deps.clock.now();
  const runId = manualRunId(now);
  if (runId === campaign.runId) throw new ConflictError(`campaign ${id} started run ${runId} this very second: start it again in a moment`);
  const running: Campaign = { ...campaign, status: 'RUNNING', runId, version: campaign.version + 1, updatedAt: now.toISOString() };
  await deps.campaigns.update(campaign, running);
  const run = newRun(id, runId, 'manual', now);
  await deps.campaigns.createRun(run);
  try {
    await deps.starter.startRun({ campaignId: id, runId });
  } catch (error) {
    // Nothing will start this run: the campaign goes back to what it was, so that it can be started again.
    await deps.campaigns.update(running, { ...running, status: campaign.status, runId: campaign.runId, version: running.version + 1 });
    await deps.campaigns.stopRun(id, runId, now.toISOString());
    throw error;
  }
  deps.log.info('campaign started', { campaignId: id, runId });
  return viewOf(running, run, now);
}

/** STOPPED first, so that the starter starts nothing more, then every execution of the campaign is stopped. */
export async function stopCampaign(deps: CampaignDependencies, id: string): Promise<StoppedCampaign> {
  const now = deps.clock.now();
  let campaign = await requireCampaign(deps, id);
  // A stop must win over a concurrent edit: it is re-read and applied again rather than refused.
  for (let attempt = 1; campaign.status !== 'STOPPED'; attempt += 1) {
    const stopped: Campaign = { ...campaign, status: 'STOPPED', version: campaign.version + 1, updatedAt: now.toISOString() };
    try {
      await deps.campaigns.update(campaign, stopped);
      campaign = stopped;
    } catch (error) {
      if (!(error instanceof VersionConflictError) || attempt === maxStopAttempts) throw error;
      campaign = await requireCampaign(deps, id);
    }
  }
  if (campaign.runId !== undefined) await deps.campaigns.stopRun(id, campaign.runId, now.toISOString());
  const stoppedExecutions = await deps.workflows.stopAll(campaignExecutionPrefix(id));
  deps.log.info('campaign stopped', { campaignId: id, runId: campaign.runId, stoppedExecutions });
  const run = campaign.runId === undefined ? undefined : await deps.campaigns.getRun(id, campaign.runId);
  return { ...viewOf(campaign, run, now), stoppedExecutions };
}

export function newRun(campaignId: string, runId: string, trigger: CampaignRun['trigger'], now: Date): CampaignRun {
  return {
    campaignId,
    runId,
    trigger,
    status: 'STARTING',
    cursor: undefined,
    pages: 0,
    counts: { started: 0, alreadyStarted: 0, closedWithoutCall: 0 },
    startedAt: now.toISOString(),
    updatedAt: now.toISOString(),
  };
}

const maxStopAttempts = 3;

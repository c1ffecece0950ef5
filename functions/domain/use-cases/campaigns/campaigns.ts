// Campaign use cases: create, read, list, update (settings merged, schedule kept in step), delete.
import { buildCampaignSchedule, nextOccurrence, type CampaignSchedule } from '../../campaign-schedule.ts';
import { buildCampaign, buildCampaignSettings, type Campaign, type CampaignInput, type CampaignSettingsInput, type CampaignStatus } from '../../dialer/campaign.ts';
import { campaignExecutionPrefix } from '../../dialer/execution-name.ts';
import { InvalidInputError, NotFoundError, VersionConflictError } from '../../errors.ts';
import type { CampaignRun } from '#ports/campaign-repository';
import type { Page } from '#ports/contact-repository';
import type { CampaignDependencies } from './campaign-dependencies.ts';

/** A campaign with its current run and when its schedule starts it next: what the API shows. */
export interface CampaignView {
  campaign: Campaign;
  run: CampaignRun | undefined;
  nextStartAt: string | undefined;
}

export interface CampaignUpdate {
  name?: string | undefined;
  /** Merged over the current settings: what is absent stays as it is. */
  settings?: CampaignSettingsInput | undefined;
  /** A schedule replaces the current one, `null` removes it, absent keeps it. */
  schedule?: CampaignSchedule | null | undefined;
}

export async function createCampaign(deps: CampaignDependencies, input: CampaignInput): Promise<CampaignView> {
  const now = deps.clock.now();
  const campaign = buildCampaign(deps.ids.newId(), input, now.toISOString());
  checkName(campaign.name);
  if (campaign.schedule) {
    checkStartsLater(campaign.schedule, now);
    // The schedule first: without its campaign it starts nothing (the starter ignores unknown campaigns).
    await deps.schedules.upsertCampaignSchedule(campaign.id, campaign.schedule);
  }
  try {
    await deps.campaigns.create(campaign);
  } catch (error) {
    if (campaign.schedule) await deps.schedules.deleteCampaignSchedule(campaign.id);
    throw error;
  }
  return viewOf(campaign, undefined, now);
}

export async function getCampaign(deps: CampaignDependencies, id: string): Promise<CampaignView> {
  const campaign = await requireCampaign(deps, id);
  const run = campaign.runId === undefined ? undefined : await deps.campaigns.getRun(id, campaign.runId);
  return viewOf(campaign, run, deps.clock.now());
}

export async function listCampaigns(deps: CampaignDependencies, limit: number, cursor: string | undefined): Promise<Page<CampaignView>> {
  const page = await deps.campaigns.list(limit, cursor);
  const now = deps.clock.now();
  return { items: page.items.map((campaign) => viewOf(campaign, undefined, now)), cursor: page.cursor };
}

/** Changes name, settings and schedule; `version` must be the version the caller read, or nothing is written. */
export async function updateCampaign(deps: CampaignDependencies, id: string, update: CampaignUpdate, version: number): Promise<CampaignView> {
  const previous = await requireCampaign(deps, id);
  if (previous.version !== version) throw new VersionConflictError('campaign', id, version);
  const now = deps.clock.now();
  // undefined: no change; null: removed; else the new schedule in canonical form.
  const scheduleChange = update.schedule === undefined || update.schedule === null ? update.schedule : buildCampaignSchedule(update.schedule);
  const schedule = scheduleChange === undefined ? previous.schedule : (scheduleChange ?? undefined);
  const next: Campaign = {
    ...previous,
    name: update.name?.trim() ?? previous.name,
    settings: buildCampaignSettings(update.settings, previous.settings),
    schedule,
    status: statusAfterScheduleChange(previous.status, scheduleChange),
    version: previous.version + 1,
    updatedAt: now.toISOString(),
  };
  checkName(next.name);
  if (scheduleChange) checkStartsLater(scheduleChange, now);
  // The schedule follows first; if the campaign changed meanwhile, the schedule it had is put back.
  await syncSchedule(deps, id, scheduleChange);
  try {
    await deps.campaigns.update(previous, next);
  } catch (error) {
    if (scheduleChange !== undefined) await syncSchedule(deps, id, previous.schedule ?? null);
    throw error;
  }
  const run = next.runId === undefined ? undefined : await deps.campaigns.getRun(id, next.runId);
  return viewOf(next, run, now);
}

/** Stops what runs, removes the schedule, then the campaign with its enrolments. History and Final are kept. */
export async function deleteCampaign(deps: CampaignDependencies, id: string): Promise<{ stoppedExecutions: number }> {
  let campaign = await requireCampaign(deps, id);
  let stoppedExecutions = 0;
  if (campaign.runId !== undefined) {
    // Stopped before the executions are, so that the starter starts nothing more while they are being stopped.
    if (campaign.status !== 'STOPPED') {
      const stopped: Campaign = { ...campaign, status: 'STOPPED', version: campaign.version + 1, updatedAt: deps.clock.now().toISOString() };
      await deps.campaigns.update(campaign, stopped);
      campaign = stopped;
    }
    stoppedExecutions = await deps.workflows.stopAll(campaignExecutionPrefix(id));
  }
  if (campaign.schedule) await deps.schedules.deleteCampaignSchedule(id);
  await deps.campaigns.delete(campaign);
  deps.log.info('campaign deleted', { campaignId: id, stoppedExecutions });
  return { stoppedExecutions };
}

export async function requireCampaign(deps: Pick<CampaignDependencies, 'campaigns'>, id: string): Promise<Campaign> {
  const campaign = await deps.campaigns.get(id);
  if (!campaign) throw new NotFoundError('campaign', id);
  return campaign;
}

export function viewOf(campaign: Campaign, run: CampaignRun | undefined, now: Date): CampaignView {
  // A stopped campaign's schedule still fires, but its starts start nothing (see start-campaign-run.ts).
  const next = campaign.schedule && campaign.status !== 'STOPPED' ? nextOccurrence(campaign.schedule, now) : undefined;
  return { campaign, run, nextStartAt: next?.toISOString() };
}

/** A new schedule arms the campaign (unless a run is going on); removing it leaves a scheduled campaign a draft. */
function statusAfterScheduleChange(status: CampaignStatus, schedule: CampaignSchedule | null | undefined): CampaignStatus {
  if (schedule === undefined || status === 'RUNNING') return status;
  if (schedule === null) return status === 'SCHEDULED' ? 'DRAFT' : status;
  return 'SCHEDULED';
}

async function syncSchedule(deps: CampaignDependencies, id: string, schedule: CampaignSchedule | null | undefined): Promise<void> {
  if (schedule === undefined) return;
  if (schedule === null) await deps.schedules.deleteCampaignSchedule(id);
  else await deps.schedules.upsertCampaignSchedule(id, schedule);
}

function checkName(name: string): void {
  if (name === '') throw new InvalidInputError('name', 'is empty');
}

/** A schedule that never fires again is a mistake worth saying, not a campaign that silently never starts. */
function checkStartsLater(schedule: CampaignSchedule, now: Date): void {
  if (nextOccurrence(schedule, now) !== undefined) return;
  if (schedule.kind === 'at') throw new InvalidInputError('schedule.at', `${schedule.at} in ${schedule.timeZone} is in the past`);
  throw new InvalidInputError('schedule.expression', 'never occurs again');
}

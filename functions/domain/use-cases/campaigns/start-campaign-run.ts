// The campaign starter: pages through a run's enrolled contacts and starts one execution per contact, at a bounded
// rate, continuing itself in a new invocation when a run is larger than one invocation should take on.
import type { Campaign } from '../../dialer/campaign.ts';
import { nextOpenTime, type CallingWindow } from '../../dialer/calling-window.ts';
import { startDialling, type PhoneToPlan } from '../../dialer/dial-plan.ts';
import { executionName, runExecutionPrefix } from '../../dialer/execution-name.ts';
import { finalRowOf, type WorkflowData } from '../../dialer/workflow-data.ts';
import { allPhones, type Contact, type Phone } from '../../contact.ts';
import type { DoNotCallEntry } from '../../consent/do-not-call.ts';
import { numberVerdict, type ContactabilityPolicy, type ContactabilityQuery } from '../../contactability/contactability.ts';
import { nextNumberOpenTime } from '../../contactability/number-calling-window.ts';
import type { ContactabilityInputs } from '#ports/consent-store';
import { dialOrder } from '../../dial-order.ts';
import { VersionConflictError } from '../../errors.ts';
import type { ItemType } from '../../item-type.ts';
import type { CampaignRun, CampaignRunCounts } from '#ports/campaign-repository';
import type { StartRunRequest } from '#ports/campaign-starter';
import { writeFinalCounted } from '../dialer/dialer-metrics.ts';
import type { CampaignDependencies } from './campaign-dependencies.ts';
import { newRun } from './run-control.ts';
import { scheduledRunId } from './run-ids.ts';

/** What EventBridge Scheduler sends (see eventbridge-campaign-scheduler.ts `startInput`). */
export interface ScheduledStart {
  campaignId: string;
  scheduledTime: string;
}

export type CampaignStartInput = ScheduledStart | StartRunRequest;

export interface StarterOptions {
  /** Enrolments read per page. */
  pageSize: number;
  /** After this many contacts the invocation hands the rest of the run to a new one (a Lambda has a time limit). */
  maxStartsPerInvocation: number;
  /** Executions started at once within a page. */
  concurrency: number;
  /** Between two pages: keeps the start rate under the Step Functions StartExecution quota. */
  pause: () => Promise<void>;
}

export const defaultStarterLimits = { pageSize: 100, maxStartsPerInvocation: 500, concurrency: 10 } as const;

export type StarterOutcome =
  /** Every enrolled contact has its execution (or its Final row). */
  | 'finished'
  /** A new invocation goes on from the saved cursor. */
  | 'continued'
  /** The campaign was stopped or deleted, or another run replaced this one. */
  | 'stopped'
  /** Another invocation of the same run got to the page first: it goes on, this one ends. */
  | 'overtaken'
  /** Nothing to start: unknown campaign, a scheduled start of a campaign that is not scheduled, a run already over. */
  | 'ignored';

export interface StarterReport {
  campaignId: string;
  runId: string | undefined;
  outcome: StarterOutcome;
  /** What this invocation did. */
  counts: CampaignRunCounts;
}

export async function startCampaignRun(deps: CampaignDependencies, input: CampaignStartInput, options: StarterOptions): Promise<StarterReport> {
  const { campaignId } = input;
  const counts = noCounts();
  const report = (runId: string | undefined, outcome: StarterOutcome): StarterReport => {
    deps.log.info('campaign starter', { campaignId, runId, outcome, ...counts });
    return { campaignId, runId, outcome, counts };
  };
  let run = 'scheduledTime' in input ? await openScheduledRun(deps, input) : await openRequestedRun(deps, input);
  if (run === undefined) return report('scheduledTime' in input ? undefined : input.runId, 'ignored');
  const { runId } = run;
  if (run.status !== 'STARTING') return report(runId, 'ignored');
  const itemTypes = await deps.itemTypes.list();
  // Read once per invocation: every page checks its numbers against it in memory.
  const doNotCall = await deps.consent.allDoNotCall();

  for (let startedHere = 0; ; ) {
    const campaign = await deps.campaigns.get(campaignId);
    if (!isRunning(campaign, runId)) return report(runId, await endStoppedRun(deps, run, false));
    // The stored cursor, not the request's: a retried invocation resumes where the run got to.
    const page = await deps.campaigns.listEnrolments(campaignId, options.pageSize, run.cursor);
    const pageCounts = await startContacts(deps, campaign, runId, page.items, { itemTypes, doNotCall }, options.concurrency);
    addCounts(counts, pageCounts);
    startedHere += page.items.length;
    // A stop that came while this page was starting listed the executions before these began: stop them here.
    if (!isRunning(await deps.campaigns.get(campaignId), runId)) return report(runId, await endStoppedRun(deps, run, true));
    const now = deps.clock.now().toISOString();
    const next: CampaignRun = { ...run, cursor: page.cursor, pages: run.pages + 1, counts: addCounts({ ...run.counts }, pageCounts), status: page.cursor === undefined ? 'STARTED' : 'STARTING', updatedAt: now };
    if (!(await deps.campaigns.advanceRun(run, next))) return report(runId, 'overtaken');
    run = next;
    if (run.cursor === undefined) return report(runId, 'finished');
    if (startedHere >= options.maxStartsPerInvocation) {
      await deps.starter.startRun({ campaignId, runId, cursor: run.cursor });
      return report(runId, 'continued');
    }
    await options.pause();
  }
}

/** A scheduled start makes the campaign RUNNING with the run of that scheduled time; delivered twice, it is the same run. */
async function openScheduledRun(deps: CampaignDependencies, input: ScheduledStart): Promise<CampaignRun | undefined> {
  const runId = scheduledRunId(input.scheduledTime);
  for (let attempt = 1; ; attempt += 1) {
    const campaign = await deps.campaigns.get(input.campaignId);
    if (campaign === undefined) return undefined;
    if (campaign.runId === runId) break;
    // A stopped campaign keeps its schedule, but nothing starts until it is started or scheduled again.
    if (campaign.status !== 'SCHEDULED' && campaign.status !== 'RUNNING') {
      deps.log.info('scheduled start ignored', { campaignId: campaign.id, runId, status: campaign.status });
      return undefined;
    }
    try {
      await deps.campaigns.update(campaign, { ...campaign, status: 'RUNNING', runId, version: campaign.version + 1, updatedAt: deps.clock.now().toISOString() });
      break;
    } catch (error) {
      if (!(error instanceof VersionConflictError) || attempt === maxOpenAttempts) throw error;
    }
  }
  return openRun(deps, input.campaignId, runId, 'schedule');
}

/** Start now, or a continuation: the run must still be the campaign's running run. */
async function openRequestedRun(deps: CampaignDependencies, input: StartRunRequest): Promise<CampaignRun | undefined> {
  const campaign = await deps.campaigns.get(input.campaignId);
  if (!isRunning(campaign, input.runId)) {
    await deps.campaigns.stopRun(input.campaignId, input.runId, deps.clock.now().toISOString());
    return undefined;
  }
  return openRun(deps, input.campaignId, input.runId, 'manual');
}

async function openRun(deps: CampaignDependencies, campaignId: string, runId: string, trigger: CampaignRun['trigger']): Promise<CampaignRun> {
  const created = newRun(campaignId, runId, trigger, deps.clock.now());
  if (await deps.campaigns.createRun(created)) return created;
  const stored = await deps.campaigns.getRun(campaignId, runId);
  if (stored === undefined) throw new Error(`run ${runId} of campaign ${campaignId} exists and cannot be read`);
  return stored;
}

async function endStoppedRun(deps: CampaignDependencies, run: CampaignRun, startedSome: boolean): Promise<StarterOutcome> {
  if (startedSome) await deps.workflows.stopAll(runExecutionPrefix(run.campaignId, run.runId));
  await deps.campaigns.stopRun(run.campaignId, run.runId, deps.clock.now().toISOString());
  return 'stopped';
}

function isRunning(campaign: Campaign | undefined, runId: string): campaign is Campaign {
  return campaign !== undefined && campaign.status === 'RUNNING' && campaign.runId === runId;
}

interface PlanningContext {
  itemTypes: readonly ItemType[];
  doNotCall: readonly DoNotCallEntry[];
}

/**
 * One execution per contact, planned over its contactable numbers only, its first call when the first number's
 * window (and the campaign's) next opens; no contactable number at all: Final at once.
 */
async function startContacts(deps: CampaignDependencies, campaign: Campaign, runId: string, contactIds: readonly string[], context: PlanningContext, concurrency: number): Promise<CampaignRunCounts> {
  const counts = noCounts();
  const contacts = new Map((await deps.contacts.getMany(contactIds)).map((contact) => [contact.id, contact]));
  const { facts, policy } = await deps.consent.contactabilityInputs([...contacts.values()].flatMap((contact) => allPhones(contact).map((phone) => phone.number)), context.doNotCall);
  const now = deps.clock.now();
  const { settings } = campaign;
  await forEachLimited(contactIds, concurrency, async (contactId) => {
    // A contact deleted since it was enrolled has no phone left to call.
    const contact = contacts.get(contactId);
    const phones = contact === undefined ? [] : contactablePhones(phonesToPlan(contact, context.itemTypes), facts, policy, { channel: settings.channel, purpose: settings.purpose, at: now, campaignWindow: settings.callingWindow });
    const firstCallAt = phones.length > 0 ? firstOpening(phones[0]!.number, settings.callingWindow, now) : now;
    const step = startDialling(phones, firstCallAt);
    const data: WorkflowData = { campaignId: campaign.id, contactId, runId, attempt: 1, settings: campaign.settings, dial: step.state, next: step.next };
    const final = finalRowOf(data);
    if (final !== undefined) {
      await writeFinalCounted(deps, final);
      counts.closedWithoutCall += 1;
      return;
    }
    const started = await deps.workflows.start(executionName(campaign.id, contactId, runId), data);
    if (started === 'started') counts.started += 1;
    else counts.alreadyStarted += 1;
  });
  return counts;
}

/** The contact's numbers in dial order (DESIGN §2), labelled as History and Final show them. */
export function phonesToPlan(contact: Contact, itemTypes: readonly ItemType[]): Array<PhoneToPlan & { phone: Phone }> {
  return dialOrder(contact, itemTypes).map((entry) => ({ number: entry.phone.number, label: entry.label, itemTypeId: entry.itemType?.id, description: entry.phone.description, phone: entry.phone }));
}

/**
 * The numbers that may be called in this campaign: contactable but for the time (a closed window only delays a
 * call). The rest are left out of the plan; each call checks its number again right before dialling.
 */
function contactablePhones(phones: ReadonlyArray<PhoneToPlan & { phone: Phone }>, facts: ContactabilityInputs['facts'], policy: ContactabilityPolicy, query: ContactabilityQuery): PhoneToPlan[] {
  return phones
    .filter(({ phone }) => numberVerdict({ phone, ...facts.get(phone.number)! }, query, policy).reasons.every((reason) => reason === 'outside-window'))
    .map(({ phone: _phone, ...planned }) => planned);
}

function firstOpening(number: string, window: CallingWindow, now: Date): Date {
  return nextNumberOpenTime(number, window, now, { businessHoursOnly: false }) ?? nextOpenTime(window, now);
}

async function forEachLimited<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await work(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

function noCounts(): CampaignRunCounts {
  return { started: 0, alreadyStarted: 0, closedWithoutCall: 0 };
}

function addCounts(into: CampaignRunCounts, more: CampaignRunCounts): CampaignRunCounts {
  into.started += more.started;
  into.alreadyStarted += more.alreadyStarted;
  into.closedWithoutCall += more.closedWithoutCall;
  return into;
}

const maxOpenAttempts = 3;

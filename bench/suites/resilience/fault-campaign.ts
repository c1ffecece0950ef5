// The resilience scenario, shared by its test (test/resilience/fault-injection.test.ts) and the benchmark's
// `resilience` suite: 1,000 contacts on French numbers, a campaign with a line limit and retries, scripted outcomes of
// every kind, then faults switched on — Lambda invocations failing, outcome events lost, repeated and delayed,
// DynamoDB throttling — and campaign time driven until nothing is left to run. It returns what the run left behind.
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { performance } from 'node:perf_hooks';
import { DynamoDbCallLedger } from '../../../functions/adapters/dynamodb/dynamodb-call-ledger.ts';
import type { FinalRow, HistoryRow } from '../../../functions/domain/dialer/workflow-data.ts';
import { stateMachineEnvVar } from '../../../functions/handlers/dialer-composition.ts';
import { dialerTable } from '../../../functions/shared/tables.ts';
import { ApiClient } from '../../../local/api-client.ts';
import { createLocalClient } from '../../../local/dynamodb-local.ts';
import type { FaultCounts, FaultSettings } from '../../../local/fault-injection.ts';
import type { LocalRuntime } from '../../../local/runtime.ts';
import { seededRandom } from '../../../local/seeded-random.ts';
import type { ScriptStep, SimulatedCall } from '../../../local/telephony-simulator.ts';
import { importConsentingContacts } from '../dialer/campaign-10k-setup.ts';
import { executionStatuses } from '../dialer/execution-statuses.ts';
import { peakOverlap } from '../../lib/intervals.ts';

export interface FaultCampaignOptions {
  contacts?: number;
  lineLimit?: number;
  /** Seeds the scripts and, unless `faults.seed` says otherwise, the faults. */
  seed?: number;
  faults?: FaultSettings;
  /** Wall-clock bound on the run itself: past it, what happened so far is returned (and the checks fail). */
  runTimeoutMs?: number;
  /** Told what the scenario is doing, and every few seconds how far the campaign is. */
  progress?: (line: string) => void;
}

/**
 * The issue's faults: 5% of invocations fail; outcome events lost, repeated and late (some past the call task's
 * 30-minute timeout); DynamoDB requests throttled. A lost or late outcome holds its line until the timeout or its
 * arrival, and each throttled request costs the SDK's backoff (about half a second of wall time, the clock held):
 * the shares below keep the run a few minutes long while every kind still happens dozens of times.
 */
export const issueFaults: FaultSettings = {
  handlerFailureRate: 0.05,
  outcomeDropRate: 0.01,
  outcomeDuplicateRate: 0.05,
  outcomeDelayRate: 0.03,
  outcomeDelayMinutes: { min: 1, max: 35 },
  dynamodbThrottleRate: 0.004,
};

export interface ResilienceFigures {
  contacts: number;
  /** Enrolled contacts with a Final row. */
  closed: number;
  resilienceContactsClosedRatio: number;
  /** History rows beyond one per call attempt id. */
  duplicatedHistoryRows: number;
  /** Final rows beyond one per contact. */
  duplicatedFinalRows: number;
  /** Calls the simulator placed that do not have exactly one History row. */
  callsWithoutOneHistoryRow: number;
  /** The most lines in use: the larger of the counter's highest sample and the most History calls open at once. */
  maxLinesInUse: number;
  linesSampledMax: number;
  linesSamples: number;
  historyPeakLines: number;
  lineLimit: number;
  /** The line counter once everything has run (0: every slot released). */
  slotsLeftTaken: number;
  /** Attempts still marked as dialling at the end. */
  attemptsLeftDialling: number;
  executionsNotSucceeded: number;
  calls: number;
  historyRows: number;
  campaignMinutes: number;
  wallSeconds: number;
  faultsInjected: FaultCounts;
}

export interface FaultCampaignResult {
  figures: ResilienceFigures;
  contactIds: string[];
  history: HistoryRow[];
  final: FinalRow[];
  calls: SimulatedCall[];
  executionsByStatus: Record<string, number>;
  /** `STATUS error: cause` of a few executions that did not succeed. */
  executionFailures: string[];
}

const importFileRows = 250;
const retryableStatuses = ['NO_ANSWER', 'BUSY', 'CONGESTION', 'NO_SUCH_NUMBER', 'DROP', 'ABANDONED', 'MACHINE', 'AGENT_REJECT'];
/** A phone has at most two calls (a failed one is retried once, two minutes on): the campaign stays a few hours long. */
const campaignSettings = (lineLimit: number) => ({
  maxConcurrentCalls: lineLimit,
  globalMaxRetries: 2,
  additionalPhoneDelayMinutes: 1,
  retries: Object.fromEntries(retryableStatuses.map((status) => [status, { maxRetries: 2, retryDelayMinutes: 2 }])),
  callingWindow: { start: '00:00', end: '24:00', days: ['MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT', 'SUN'], timeZone: 'UTC' },
});

/**
 * Campaign time for the run: 07:30 UTC today, so that every call keeps to the French numbers' legal window
 * (08:00–21:00 Paris) for the few hours the campaign lasts.
 */
export function resilienceClockStart(): Date {
  const today = new Date();
  return new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate(), 7, 30, 0));
}

/** Runs the scenario on `runtime`, which must have been started with `faults` (all rates 0 until the campaign starts). */
export async function runFaultCampaign(runtime: LocalRuntime, options: FaultCampaignOptions = {}): Promise<FaultCampaignResult> {
  const contacts = options.contacts ?? 1_000;
  const lineLimit = options.lineLimit ?? 50;
  const seed = options.seed ?? 20_261_123;
  const faults = { seed, ...(options.faults ?? issueFaults) };
  if (runtime.faults === undefined) throw new Error('start the runtime with the faults option: the scenario needs its DynamoDB proxy');
  const api = new ApiClient(runtime.url);
  const progress = options.progress ?? (() => undefined);

  // Prepare, faults off: contacts imported with their consent, a campaign enrolling them, each number scripted.
  const random = seededRandom(seed);
  const numbers = frenchNumbers(contacts, random);
  progress(`importing ${contacts} contacts`);
  const campaign = await api.request<{ id: string }>('POST', '/campaigns', { name: 'Resilience', settings: campaignSettings(lineLimit) });
  // In files of 250 rows: the local runtime gives every invocation 30 s of wall time, and a slow machine can take
  // longer over 1,000 rows; Lambda's retry would then run the import again beside the first (nothing stops it here).
  for (let from = 0; from < contacts; from += importFileRows) {
    const importId = await importConsentingContacts(api, numbers.slice(from, from + importFileRows), from);
    const enrolment = await api.request<{ enrolled: number }>('POST', `/campaigns/${campaign.id}/contacts`, { importId });
    if (enrolment.enrolled !== Math.min(importFileRows, contacts - from)) throw new Error(`enrolled ${enrolment.enrolled} contacts of an import`);
  }
  await inBatches(numbers, 16, (number) => api.request('PUT', `/_local/telephony/scripts/${encodeURIComponent(number)}`, scriptOf(random)));

  // Act: faults on, the campaign started, campaign time left to run until nothing is due; the line counter sampled.
  progress('scripting the calls, then the campaign under faults');
  await api.request('PUT', '/_local/faults', faults);
  const ledger = new DynamoDbCallLedger(DynamoDBDocumentClient.from(createLocalClient(runtime.dynamodbEndpoint)), requireEnv(dialerTable.envVar), () => new Date());
  const lines = sampleLines(() => ledger.linesInUse(campaign.id));
  const campaignStart = runtime.clock.now().getTime();
  const start = performance.now();
  await api.request('POST', `/campaigns/${campaign.id}/start`);
  const report = setInterval(() => {
    const { now, activity, pendingTimers } = runtime.clock.state();
    progress(`${((performance.now() - start) / 1000).toFixed(0)} s: campaign time ${now.toISOString().slice(11, 19)}, ${activity} running, ${pendingTimers} timers, ${runtime.stepFunctions.totals().executions} executions, lines ${lines.latest()}`);
  }, 5_000);
  await Promise.race([runtime.idle(), new Promise((resolve) => setTimeout(resolve, options.runTimeoutMs ?? 10 * 60_000).unref())]);
  clearInterval(report);
  const wallSeconds = (performance.now() - start) / 1000;
  const sampled = await lines.stop();

  // Assess, faults off again so that reading the results is not throttled.
  const { counts } = await api.request<{ counts: FaultCounts }>('GET', '/_local/faults');
  await api.request('PUT', '/_local/faults', { seed });
  const history = await allPages<HistoryRow>(api, `/campaigns/${campaign.id}/history`);
  const final = await allPages<FinalRow>(api, `/campaigns/${campaign.id}/final`);
  const calls = (await api.request<{ calls: SimulatedCall[] }>('GET', '/_local/telephony/calls')).calls.filter((placed) => placed.campaignId === campaign.id);
  const contactIds = await allContactIds(api);
  const statuses = executionStatuses(runtime.stepFunctions, requireEnv(stateMachineEnvVar));
  const attemptsLeftDialling = (await ledger.staleDialingAttempts(new Date(8.64e15).toISOString(), 1_000)).length;

  const enrolled = new Set(contactIds);
  const closedContacts = new Set(final.map((row) => row.contactId).filter((id) => enrolled.has(id)));
  const historyByAttempt = countBy(history.map((row) => row.attemptId));
  const historyPeakLines = peakOverlap(history.map((row) => ({ start: row.startedAt, end: row.endedAt })));
  const figures: ResilienceFigures = {
    contacts,
    closed: closedContacts.size,
    resilienceContactsClosedRatio: closedContacts.size / contacts,
    duplicatedHistoryRows: history.length - historyByAttempt.size,
    duplicatedFinalRows: final.length - new Set(final.map((row) => row.contactId)).size,
    callsWithoutOneHistoryRow: calls.filter((placed) => historyByAttempt.get(placed.attemptId) !== 1).length,
    maxLinesInUse: Math.max(sampled.max, historyPeakLines),
    linesSampledMax: sampled.max,
    linesSamples: sampled.samples,
    historyPeakLines,
    lineLimit,
    slotsLeftTaken: await ledger.linesInUse(campaign.id),
    attemptsLeftDialling,
    executionsNotSucceeded: contacts - (statuses.byStatus.SUCCEEDED ?? 0),
    calls: calls.length,
    historyRows: history.length,
    campaignMinutes: (runtime.clock.now().getTime() - campaignStart) / 60_000,
    wallSeconds,
    faultsInjected: counts,
  };
  return { figures, contactIds, history, final, calls, executionsByStatus: statuses.byStatus, executionFailures: statuses.failures };
}

/** Distinct valid French numbers: mobiles (+33 6…) and Paris landlines (+33 1…), two thirds mobiles. */
function frenchNumbers(count: number, random: () => number): string[] {
  return Array.from({ length: count }, (_, index) => `${random() < 2 / 3 ? '+3361' : '+3314'}${String(index).padStart(7, '0')}`);
}

/** Two calls (the second is dialled only after a failed first), each answered, unanswered, busy… and 5 to 30 s long. */
function scriptOf(random: () => number): ScriptStep[] {
  const status = (draw: number) => (draw < 0.3 ? 'NO_ANSWER' : draw < 0.45 ? 'BUSY' : draw < 0.5 ? 'MACHINE' : draw < 0.55 ? 'CONGESTION' : draw < 0.58 ? 'NO_SUCH_NUMBER' : 'REACHED');
  return [0, 1].map(() => ({ status: status(random()), durationSeconds: 5 + Math.floor(random() * 26) }));
}

/** Every contact of the runtime: the scenario's runtime holds no others, and the campaign enrolled them all. */
async function allContactIds(api: ApiClient): Promise<string[]> {
  return (await allPages<{ id: string }>(api, '/contacts')).map((contact) => contact.id);
}

/** Reads the line counter again and again (straight from DynamoDB Local: neither throttled nor holding the clock). */
function sampleLines(read: () => Promise<number>): { latest(): number; stop(): Promise<{ max: number; samples: number }> } {
  let running = true;
  let max = 0;
  let samples = 0;
  let latest = 0;
  const loop = (async () => {
    while (running) {
      latest = await read();
      max = Math.max(max, latest);
      samples += 1;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  })();
  return {
    latest: () => latest,
    async stop() {
      running = false;
      await loop;
      return { max, samples };
    },
  };
}

async function allPages<T>(api: ApiClient, path: string): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | undefined;
  do {
    const page = await api.request<{ items: T[]; cursor?: string | null }>('GET', `${path}?limit=100${cursor === undefined ? '' : `&cursor=${encodeURIComponent(cursor)}`}`);
    items.push(...page.items);
    cursor = page.cursor ?? undefined;
  } while (cursor !== undefined);
  return items;
}

function countBy(keys: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const key of keys) counts.set(key, (counts.get(key) ?? 0) + 1);
  return counts;
}

async function inBatches<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

function requireEnv(name: string): string {
  const value = process.env[name];
  if (value === undefined || value === '') throw new Error(`the local runtime did not set ${name}`);
  return value;
}

// The dialer as workflow tests watch it on the local runtime: campaigns driven through the API, the calls the
// telephony simulator saw, the line counter in DynamoDB Local, the executions on the local Step Functions, and the
// campaign starter invoked as EventBridge Scheduler invokes it.
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { DescribeExecutionCommand, ListExecutionsCommand, SFNClient, StopExecutionCommand, type DescribeExecutionCommandOutput, type ExecutionListItem } from '@aws-sdk/client-sfn';
import { expect, inject } from 'vitest';
import { DynamoDbCallLedger } from '../../functions/adapters/dynamodb/dynamodb-call-ledger.ts';
import { campaignExecutionPrefix } from '../../functions/domain/dialer/execution-name.ts';
import type { StarterReport } from '../../functions/domain/use-cases/campaigns/start-campaign-run.ts';
import type { ScriptStep, SimulatedCall } from '../../local/telephony-simulator.ts';
import { call, uniqueName } from './api.ts';
import { landlineNumber, mobileNumber } from './phone-numbers.ts';
import { dialerTableName, localDocumentClient } from './local-dynamodb.ts';

export { seededRandom } from '../../local/seeded-random.ts';

const localCredentials = { accessKeyId: 'local', secretAccessKey: 'local' };
const region = 'us-east-1';
const everyDay = ['MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT', 'SUN'];

let clients: { sfn: SFNClient; lambda: LambdaClient; ledger: DynamoDbCallLedger } | undefined;

function localClients() {
  clients ??= {
    sfn: new SFNClient({ endpoint: `${inject('apiUrl')}/_local/sfn`, region, credentials: localCredentials }),
    lambda: new LambdaClient({ endpoint: `${inject('apiUrl')}/_local/lambda`, region, credentials: localCredentials }),
    // Read only: the ledger speaks the dialer table's keys, so the test does not spell them again.
    ledger: new DynamoDbCallLedger(localDocumentClient(), dialerTableName(), () => new Date()),
  };
  return clients;
}

/** Settings every workflow test starts from: the calling window always open, so that campaign time alone decides. */
export function alwaysOpen(settings: Record<string, unknown>): Record<string, unknown> {
  return { ...settings, callingWindow: { start: '00:00', end: '24:00', days: everyDay, timeZone: 'UTC' } };
}

/** One contact per number, each number scripted, all enrolled in a new draft campaign with `settings`. */
export async function scriptedCampaign(settings: Record<string, unknown>, scripts: ReadonlyMap<string, readonly ScriptStep[]>): Promise<string> {
  const numbers = [...scripts.keys()];
  await inBatches(numbers, 8, (number) => scriptCalls(number, scripts.get(number)!));
  return enrolledCampaign(settings, await contactsWith(numbers));
}

export async function startCampaign(campaignId: string): Promise<void> {
  const started = await call('POST', `/campaigns/${campaignId}/start`);
  expect(started.status, JSON.stringify(started.body)).toBe(202);
}

/** A draft campaign with `contactIds` enrolled; the caller starts it. */
export async function enrolledCampaign(settings: Record<string, unknown>, contactIds: readonly string[]): Promise<string> {
  const campaign = await call('POST', '/campaigns', { name: uniqueName('Campaign'), settings: alwaysOpen(settings) });
  expect(campaign.status).toBe(201);
  for (let from = 0; from < contactIds.length; from += 1_000) {
    const enrolled = await call('POST', `/campaigns/${campaign.body.id}/contacts`, { contactIds: contactIds.slice(from, from + 1_000) });
    expect(enrolled.status).toBe(200);
  }
  return campaign.body.id as string;
}

/** One contact per number, each number its primary phone and consenting to calls; ids in the order of `numbers`. */
export async function contactsWith(numbers: readonly string[]): Promise<string[]> {
  return inBatches(numbers, 8, async (number) => {
    const created = await call('POST', '/contacts', { displayName: uniqueName('Contact'), primaryPhone: { number } });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    await consentToCalls(number);
    return created.body.id as string;
  });
}

export interface SeedContact {
  labels: { primary: string; office: string; holiday: string };
  numbers: { primary: string; office: string; holiday: string };
  contactId: string;
}

/**
 * DESIGN §8's seed contact: a primary phone, an Office phone (orderBy 1) and a Holiday phone (orderBy 2), given in
 * the other order, each consenting to calls; item types of their own, so that tests running at once do not meet.
 */
export async function seedContact(): Promise<SeedContact> {
  const office = await call('POST', '/item-types', { name: uniqueName('Office'), orderBy: 1 });
  const holiday = await call('POST', '/item-types', { name: uniqueName('Holiday'), orderBy: 2 });
  const numbers = { primary: mobileNumber(), office: landlineNumber(), holiday: landlineNumber() };
  const contact = await call('POST', '/contacts', {
    displayName: uniqueName('Seed'),
    primaryPhone: { number: numbers.primary, kind: 'MOBILE' },
    additionalPhones: [
      { number: numbers.holiday, kind: 'HOME', itemTypeId: holiday.body.id },
      { number: numbers.office, kind: 'OFFICE', itemTypeId: office.body.id },
    ],
  });
  expect(contact.status).toBe(201);
  await consentToCalls(...Object.values(numbers));
  return { labels: { primary: 'Primary', office: office.body.name, holiday: holiday.body.name }, numbers, contactId: contact.body.id };
}

/** Voice consent for every purpose, as a web form records it: a campaign dials only contactable numbers. */
export async function consentToCalls(...numbers: string[]): Promise<void> {
  for (const number of numbers) {
    const granted = await call('POST', `/numbers/${encodeURIComponent(number)}/consents`, { action: 'grant', channels: ['voice'], purposes: ['marketing', 'service', 'support', 'emergency'], source: 'web-form', evidence: { formUrl: 'https://example.com/consent', disclosureVersion: 'test-1' } });
    expect(granted.status, JSON.stringify(granted.body)).toBe(201);
  }
}

export async function scriptCalls(number: string, steps: readonly ScriptStep[]): Promise<void> {
  const reply = await call('PUT', `/_local/telephony/scripts/${encodeURIComponent(number)}`, steps);
  expect(reply.status, JSON.stringify(reply.body)).toBe(200);
}

/** Every call the simulator placed for the campaign, in the order it placed them. */
export async function simulatedCalls(campaignId: string): Promise<SimulatedCall[]> {
  const reply = await call<{ calls: SimulatedCall[] }>('GET', '/_local/telephony/calls');
  expect(reply.status).toBe(200);
  return reply.body.calls.filter((placed) => placed.campaignId === campaignId);
}

// Shared with the resilience benchmark, which cannot import this module (it asserts with vitest).
export { peakOverlap, type Interval } from '../../bench/lib/intervals.ts';

export async function linesInUse(campaignId: string): Promise<number> {
  return localClients().ledger.linesInUse(campaignId);
}

/** Reads the line counter until it shows `expected` (line reclaims run after the execution closed), or gives up. */
export async function settledLinesInUse(campaignId: string, expected: number, timeoutMs = 5_000): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  let lines = await linesInUse(campaignId);
  while (lines !== expected && Date.now() < deadline) {
    await pause(25);
    lines = await linesInUse(campaignId);
  }
  return lines;
}

/**
 * Waits until the campaign has `finalRows` Final rows, until none of its executions runs any more, or for `timeoutMs`
 * at most, and returns its Final rows: a campaign that went wrong fails the test's assertions on what went wrong.
 */
export async function waitForCampaignEnd(campaignId: string, finalRows: number, timeoutMs: number): Promise<any[]> {
  const deadline = Date.now() + timeoutMs;
  for (let poll = 1; ; poll += 1) {
    const final = await allPages(`/campaigns/${campaignId}/final`);
    if (final.length >= finalRows) return final;
    // Campaign time stands still while the starter starts a run's executions: none ends before all have started.
    if (poll % 10 === 0) {
      const executions = await executionsNamed(campaignExecutionPrefix(campaignId));
      if (executions.length > 0 && executions.every((execution) => execution.status !== 'RUNNING')) return allPages(`/campaigns/${campaignId}/final`);
    }
    if (Date.now() > deadline) return final;
    // Every request holds campaign time still while it is served: polling too often slows the campaign down.
    await pause(100);
  }
}

/** Waits until the campaign has `count` Final rows and returns them all; throws after `timeoutMs`. */
export async function waitForFinal(campaignId: string, count: number, timeoutMs = 20_000): Promise<any[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const final = await allPages(`/campaigns/${campaignId}/final`);
    if (final.length >= count) return final;
    if (Date.now() > deadline) throw new Error(`campaign ${campaignId} closed ${final.length} contacts of ${count}`);
    await pause(100);
  }
}

export async function allHistory(campaignId: string): Promise<any[]> {
  return allPages(`/campaigns/${campaignId}/history`);
}

/** The numbers passed over right before their dial, with the reasons. */
export async function allSkips(campaignId: string): Promise<any[]> {
  return allPages(`/campaigns/${campaignId}/skips`);
}

/** Campaign time stops jumping ahead by itself (false) or goes on doing so (true). The clock is every test's. */
export async function autoAdvance(on: boolean): Promise<void> {
  expect((await call('POST', '/_local/clock', { autoAdvance: on })).status).toBe(200);
}

export async function campaignNow(): Promise<number> {
  return Date.parse((await call('GET', '/_local/clock')).body.now);
}

/** Moves campaign time on, firing what falls due on the way, and waits until it stands there. */
export async function advanceMinutes(minutes: number): Promise<void> {
  const target = (await campaignNow()) + minutes * 60_000;
  await call('POST', '/_local/clock', { advanceMinutes: minutes });
  for (let attempt = 0; attempt < 500 && (await campaignNow()) < target; attempt += 1) await pause(10);
}

async function allPages(path: string): Promise<any[]> {
  const items: any[] = [];
  let cursor: string | undefined;
  do {
    const page = await call('GET', `${path}?limit=100${cursor === undefined ? '' : `&cursor=${encodeURIComponent(cursor)}`}`);
    expect(page.status).toBe(200);
    items.push(...(page.body.items as any[]));
    cursor = page.body.cursor ?? undefined;
  } while (cursor !== undefined);
  return items;
}

/** The executions of the dialer's state machine whose names start with `namePrefix`, whatever their status. */
export async function executionsNamed(namePrefix: string): Promise<ExecutionListItem[]> {
  const { sfn } = localClients();
  const found: ExecutionListItem[] = [];
  let nextToken: string | undefined;
  do {
    const page = await sfn.send(new ListExecutionsCommand({ stateMachineArn: inject('dialer').stateMachineArn, maxResults: 1000, nextToken }));
    found.push(...(page.executions ?? []).filter((execution) => execution.name?.startsWith(namePrefix)));
    nextToken = page.nextToken;
  } while (nextToken);
  return found;
}

/** The execution's ARN from its name, as Step Functions builds it from the state machine's. */
function executionArnOf(executionName: string): string {
  return `${inject('dialer').stateMachineArn.replace(':stateMachine:', ':execution:')}:${executionName}`;
}

export async function stopExecution(executionName: string): Promise<void> {
  await localClients().sfn.send(new StopExecutionCommand({ executionArn: executionArnOf(executionName), error: 'TestStop', cause: 'stopped by the test while its call was in progress' }));
}

export async function describeExecution(executionName: string): Promise<DescribeExecutionCommandOutput> {
  return localClients().sfn.send(new DescribeExecutionCommand({ executionArn: executionArnOf(executionName) }));
}

/** The execution an attempt belongs to: attempt ids are `<execution name>/<n>`. */
export function executionNameOf(attemptId: string): string {
  return attemptId.slice(0, attemptId.lastIndexOf('/'));
}

/** Invokes the campaign starter synchronously, as Scheduler's Lambda target would, and returns its report. */
export async function invokeStarter(payload: { campaignId: string; scheduledTime: string }): Promise<StarterReport> {
  const reply = await localClients().lambda.send(new InvokeCommand({ FunctionName: inject('dialer').starterFunctionName, Payload: JSON.stringify(payload) }));
  const body = new TextDecoder().decode(reply.Payload);
  if (reply.FunctionError !== undefined) throw new Error(`the campaign starter failed: ${body}`);
  return JSON.parse(body) as StarterReport;
}

export type SeededOutcome = 'NO_ANSWER' | 'BUSY' | 'REACHED';
export type SeededCall = { status: SeededOutcome; durationSeconds: number; deliveries?: number };

/** Settings under which a phone has one or two calls: a failed call is retried once, two minutes later. */
export function twoCallSettings(maxConcurrentCalls: number): Record<string, unknown> {
  return {
    maxConcurrentCalls,
    globalMaxRetries: 2,
    retries: Object.fromEntries(['NO_ANSWER', 'BUSY', 'DROP'].map((status) => [status, { maxRetries: 2, retryDelayMinutes: 2 }])),
  };
}

/** A number's two calls, each NO_ANSWER, BUSY or REACHED and 5 s to 2 min long, drawn from `random`. */
export function seededCalls(random: () => number, extra: { deliveries?: number } = {}): SeededCall[] {
  const status = (draw: number): SeededOutcome => (draw < 0.4 ? 'NO_ANSWER' : draw < 0.65 ? 'BUSY' : 'REACHED');
  return [0, 1].map(() => ({ status: status(random()), durationSeconds: 5 + Math.floor(random() * 116), ...extra }));
}

/**
 * What DESIGN §5 makes of a one-phone contact's `seededCalls` under `twoCallSettings`: the statuses dialled, the
 * phone's global counter after each (REACHED is not retryable and counts nothing), and the close reason.
 */
export function expectedClose(calls: readonly SeededCall[]): { statuses: SeededOutcome[]; global: number[]; reason: string } {
  const [first, second] = [calls[0]!.status, calls[1]!.status];
  const statuses = first === 'REACHED' ? [first] : [first, second];
  let failed = 0;
  const global = statuses.map((status) => (failed += status === 'REACHED' ? 0 : 1));
  const reason = statuses.at(-1) === 'REACHED' ? 'REACHED' : first === second ? `MAX_RETRIES_${second}` : 'MAX_RETRIES_GLOBAL';
  return { statuses, global, reason };
}

/** One number's History rows in call order. */
export function rowsOfNumber(history: readonly any[], number: string): any[] {
  return history.filter((row) => row.phone === number).sort((a, b) => Date.parse(a.startedAt) - Date.parse(b.startedAt));
}

/** `work` over `items`, `limit` at a time; results in the order of `items`. */
export async function inBatches<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
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

export function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

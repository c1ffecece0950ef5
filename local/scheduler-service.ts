// A local EventBridge Scheduler (none runs here): the restJson1 schedule operations, served under /_local/scheduler
// so that the real SDK client (AWS_ENDPOINT_URL_SCHEDULER) works against it, and every enabled schedule fired at its
// occurrences on an injected clock. Only at() and cron() expressions are simulated; groups exist implicitly; a
// FLEXIBLE window fires at its start; RetryPolicy and DeadLetterConfig are kept but not simulated (a failed
// invocation is logged).
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { campaignScheduleFromExpression, nextOccurrence, type CampaignSchedule } from '../functions/domain/campaign-schedule.ts';
import { InvalidInputError } from '../functions/domain/errors.ts';

export interface SchedulerClock {
  now(): Date;
  /**
   * Runs `action` once the clock reaches `at`. When it returns an object with `cancel()`, the service cancels the
   * firings it no longer wants (schedule updated, disabled or deleted); it ignores them in any case. The action
   * returns a promise of the target's invocation: a clock that waits for it keeps `now()` at the firing time meanwhile.
   */
  schedule(at: Date, action: () => void): unknown;
}

export interface LocalSchedulerOptions {
  clock: SchedulerClock;
  /** Delivers a schedule's input to its target, as Scheduler invokes a Lambda function. */
  invokeTarget: (targetArn: string, input: string) => Promise<unknown>;
  log?: (line: string) => void;
  region?: string;
  account?: string;
}

export interface SchedulerReply {
  status: number;
  headers: Record<string, string>;
  body: string;
}

type ScheduleState = 'ENABLED' | 'DISABLED';

/** A schedule as GetSchedule returns it on the wire (restJson1 timestamps are epoch seconds). */
interface StoredSchedule {
  Arn: string;
  GroupName: string;
  Name: string;
  ScheduleExpression: string;
  ScheduleExpressionTimezone?: string;
  StartDate?: number;
  EndDate?: number;
  Description?: string;
  State: ScheduleState;
  CreationDate: number;
  LastModificationDate: number;
  KmsKeyArn?: string;
  Target: { Arn: string; RoleArn: string; Input?: string } & Record<string, unknown>;
  FlexibleTimeWindow: { Mode: 'OFF' | 'FLEXIBLE'; MaximumWindowInMinutes?: number };
  ActionAfterCompletion: 'NONE' | 'DELETE';
}

interface Entry {
  schedule: StoredSchedule;
  timing: CampaignSchedule;
  /** Changes on every write: a firing armed for an older generation is stale and ignored. */
  generation: number;
  /** Cancels the armed firing, when the clock allows it. */
  cancelFiring?: () => void;
}

class SchedulerError extends Error {
  constructor(
    readonly type: 'ValidationException' | 'ConflictException' | 'ResourceNotFoundException',
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

const NAME_PATTERN = /^[0-9a-zA-Z._-]{1,64}$/;
const DEFAULT_GROUP = 'default';
const MAX_LIST_RESULTS = 100;

export class LocalSchedulerService {
  private readonly entries = new Map<string, Entry>();
  private readonly pending = new Set<Promise<unknown>>();
  private generations = 0;

  constructor(private readonly options: LocalSchedulerOptions) {}

  /** Serves a request whose path is already stripped of its `/_local/scheduler` prefix; false when it is not ours. */
  async serve(request: IncomingMessage, response: ServerResponse, path: string, query: URLSearchParams): Promise<boolean> {
    if (path !== '/schedules' && !path.startsWith('/schedules/')) return false;
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const reply = this.handle(request.method ?? 'GET', path, query, Buffer.concat(chunks).toString('utf8'));
    response.writeHead(reply.status, reply.headers).end(reply.body);
    return true;
  }

  /** One Scheduler API call: `path` like `/schedules/{Name}`, `body` the JSON the SDK sent (or empty). */
  handle(method: string, path: string, query: URLSearchParams, body: string): SchedulerReply {
    try {
      if (path === '/schedules' && method === 'GET') return ok(this.listSchedules(query));
      const match = /^\/schedules\/([^/]+)$/.exec(path);
      if (!match) throw new SchedulerError('ResourceNotFoundException', 404, `no operation for ${method} ${path}`);
      const name = decodedName(match[1]!);
      switch (method) {
        case 'POST':
          return ok({ ScheduleArn: this.write(name, parseBody(body), 'create') });
        case 'PUT':
          return ok({ ScheduleArn: this.write(name, parseBody(body), 'update') });
        case 'GET':
          return ok(this.existing(query.get('groupName') ?? DEFAULT_GROUP, name).schedule);
        case 'DELETE':
          this.delete(query.get('groupName') ?? DEFAULT_GROUP, name);
          return ok({});
        default:
          throw new SchedulerError('ValidationException', 400, `${method} is not a schedule operation`);
      }
    } catch (error) {
      if (error instanceof SchedulerError) return errorReply(error);
      throw error;
    }
  }

  /** Resolves when every target invocation started so far has settled. */
  async idle(): Promise<void> {
    while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
  }

  private write(name: string, input: Record<string, unknown>, operation: 'create' | 'update'): string {
    const groupName = optionalString(input, 'GroupName') ?? DEFAULT_GROUP;
    const key = keyOf(groupName, name);
    const previous = this.entries.get(key);
    if (operation === 'create' && previous) throw new SchedulerError('ConflictException', 409, `Schedule ${name} already exists.`);
    if (operation === 'update' && !previous) throw new SchedulerError('ResourceNotFoundException', 404, `Schedule ${name} does not exist.`);

    const expression = requiredString(input, 'ScheduleExpression');
    const timeZone = optionalString(input, 'ScheduleExpressionTimezone');
    const target = input.Target as StoredSchedule['Target'] | undefined;
    if (typeof target?.Arn !== 'string' || typeof target.RoleArn !== 'string') throw new SchedulerError('ValidationException', 400, 'Target needs Arn and RoleArn');
    const window = input.FlexibleTimeWindow as StoredSchedule['FlexibleTimeWindow'] | undefined;
    if (window?.Mode !== 'OFF' && window?.Mode !== 'FLEXIBLE') throw new SchedulerError('ValidationException', 400, 'FlexibleTimeWindow.Mode must be OFF or FLEXIBLE');
    const now = Math.floor(this.options.clock.now().getTime() / 1000);
    const schedule: StoredSchedule = {
      Arn: `arn:aws:scheduler:${this.options.region ?? 'us-east-1'}:${this.options.account ?? '000000000000'}:schedule/${groupName}/${name}`,
      GroupName: groupName,
      Name: name,
      ScheduleExpression: expression,
      ...(timeZone === undefined ? {} : { ScheduleExpressionTimezone: timeZone }),
      ...pick(input, ['StartDate', 'EndDate', 'Description', 'KmsKeyArn']),
      State: oneOf(input, 'State', ['ENABLED', 'DISABLED'], 'ENABLED'),
      CreationDate: previous?.schedule.CreationDate ?? now,
      LastModificationDate: now,
      Target: target,
      FlexibleTimeWindow: window,
      ActionAfterCompletion: oneOf(input, 'ActionAfterCompletion', ['NONE', 'DELETE'], 'NONE'),
    };
    const entry: Entry = { schedule, timing: timingOf(expression, timeZone), generation: ++this.generations };
    previous?.cancelFiring?.();
    this.entries.set(key, entry);
    // Scheduler invokes within the minute of a schedule's time (60-second precision): a one-off written while its
    // minute runs (campaign time may pass it between the API's check and this write) still fires, at once.
    const written = this.options.clock.now();
    this.arm(key, entry, entry.timing.kind === 'at' ? new Date(written.getTime() - 60_000) : written);
    return schedule.Arn;
  }

  private existing(groupName: string, name: string): Entry {
    const entry = this.entries.get(keyOf(groupName, name));
    if (!entry) throw new SchedulerError('ResourceNotFoundException', 404, `Schedule ${name} does not exist.`);
    return entry;
  }

  private delete(groupName: string, name: string): void {
    this.existing(groupName, name).cancelFiring?.();
    this.entries.delete(keyOf(groupName, name));
  }

  private listSchedules(query: URLSearchParams): { Schedules: unknown[]; NextToken?: string } {
    const group = query.get('ScheduleGroup');
    const prefix = query.get('NamePrefix') ?? '';
    const state = query.get('State');
    const matching = [...this.entries.values()]
      .map((entry) => entry.schedule)
      .filter((schedule) => (group === null || schedule.GroupName === group) && schedule.Name.startsWith(prefix) && (state === null || schedule.State === state))
      .sort((a, b) => a.Arn.localeCompare(b.Arn));
    const start = wholeNumber(query.get('NextToken'), 0, 'NextToken');
    const size = Math.min(wholeNumber(query.get('MaxResults'), MAX_LIST_RESULTS, 'MaxResults'), MAX_LIST_RESULTS);
    const page = matching.slice(start, start + size).map(({ Arn, Name, GroupName, State, CreationDate, LastModificationDate, Target }) => ({
      Arn,
      Name,
      GroupName,
      State,
      CreationDate,
      LastModificationDate,
      Target: { Arn: Target.Arn },
    }));
    return start + size < matching.length ? { Schedules: page, NextToken: String(start + size) } : { Schedules: page };
  }

  /** Asks the clock to fire the entry at its first occurrence after `after`; disabled schedules are not armed. */
  private arm(key: string, entry: Entry, after: Date): void {
    if (entry.schedule.State !== 'ENABLED') return;
    const at = this.nextFiring(entry, after);
    if (at === undefined) return;
    const armed = this.options.clock.schedule(at, () => this.fire(key, entry.generation, at));
    const cancel = (armed as { cancel?: unknown } | undefined)?.cancel;
    entry.cancelFiring = typeof cancel === 'function' ? () => cancel.call(armed) : undefined;
  }

  private nextFiring(entry: Entry, after: Date): Date | undefined {
    const { StartDate, EndDate } = entry.schedule;
    // StartDate and EndDate bound recurring schedules only; an at() time stands alone.
    const recurring = entry.timing.kind === 'cron';
    const from = recurring && StartDate !== undefined && StartDate * 1000 - 1 > after.getTime() ? new Date(StartDate * 1000 - 1) : after;
    const next = nextOccurrence(entry.timing, from);
    return next === undefined || (recurring && EndDate !== undefined && next.getTime() > EndDate * 1000) ? undefined : next;
  }

  /** Returns the invocation, settled (failures are logged), so that a clock may wait for it before moving on. */
  private fire(key: string, generation: number, occurrence: Date): Promise<void> | undefined {
    const entry = this.entries.get(key);
    if (entry?.generation !== generation) return undefined; // updated, disabled or deleted since this firing was armed
    const { Target, Arn, Name, GroupName, ActionAfterCompletion } = entry.schedule;
    const input = withContextAttributes(Target.Input ?? '{}', { 'schedule-arn': Arn, 'scheduled-time': occurrence.toISOString().replace(/\.\d{3}Z$/, 'Z'), 'execution-id': randomUUID().replaceAll('-', '').slice(0, 16), 'attempt-number': '1' });
    // Invoked at once, while the clock still reads the firing time.
    let invocation: Promise<unknown>;
    try {
      invocation = this.options.invokeTarget(Target.Arn, input);
    } catch (error) {
      invocation = Promise.reject(error);
    }
    const run = invocation.then(
      () => undefined,
      (error: unknown) => this.options.log?.(`schedule ${GroupName}/${Name}: target ${Target.Arn} failed: ${String(error)}`),
    );
    this.pending.add(run);
    void run.finally(() => this.pending.delete(run));

    // Each occurrence fires once, even when the clock reaches it late: the next one is counted from this one.
    if (this.nextFiring(entry, occurrence) !== undefined) this.arm(key, entry, occurrence);
    else if (ActionAfterCompletion === 'DELETE') this.entries.delete(key);
    return run;
  }
}

/** Scheduler replaces these keywords in the target's input when it invokes the target. */
function withContextAttributes(input: string, values: Record<string, string>): string {
  return input.replace(/<aws\.scheduler\.([a-z-]+)>/g, (keyword, name: string) => values[name] ?? keyword);
}

function timingOf(expression: string, timeZone: string | undefined): CampaignSchedule {
  try {
    return campaignScheduleFromExpression(expression, timeZone ?? 'UTC');
  } catch (error) {
    if (error instanceof InvalidInputError) throw new SchedulerError('ValidationException', 400, `Invalid Schedule Expression ${expression}: ${error.reason}`);
    throw error;
  }
}

/** The store's key for a schedule; refuses names Scheduler would refuse. */
function keyOf(groupName: string, name: string): string {
  for (const [field, value] of [['Name', name], ['GroupName', groupName]] as const) {
    if (!NAME_PATTERN.test(value)) throw new SchedulerError('ValidationException', 400, `${field} must be 1 to 64 of 0-9 A-Z a-z . _ -`);
  }
  return `${groupName}/${name}`;
}

function decodedName(encoded: string): string {
  try {
    return decodeURIComponent(encoded);
  } catch {
    throw new SchedulerError('ValidationException', 400, 'the schedule name is not well encoded');
  }
}

function wholeNumber(text: string | null, fallback: number, field: string): number {
  if (text === null) return fallback;
  if (!/^\d+$/.test(text)) throw new SchedulerError('ValidationException', 400, `${field} must be a whole number`);
  return Number(text);
}

function parseBody(body: string): Record<string, unknown> {
  try {
    const parsed: unknown = body === '' ? {} : JSON.parse(body);
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) return parsed as Record<string, unknown>;
  } catch {
    // answered below
  }
  throw new SchedulerError('ValidationException', 400, 'the body must be a JSON object');
}

function requiredString(input: Record<string, unknown>, field: string): string {
  const value = optionalString(input, field);
  if (value === undefined) throw new SchedulerError('ValidationException', 400, `${field} is required`);
  return value;
}

function optionalString(input: Record<string, unknown>, field: string): string | undefined {
  const value = input[field];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw new SchedulerError('ValidationException', 400, `${field} must be a string`);
  return value;
}

function oneOf<T extends string>(input: Record<string, unknown>, field: string, allowed: readonly T[], fallback: T): T {
  const value = input[field] ?? fallback;
  if (!(allowed as readonly unknown[]).includes(value)) throw new SchedulerError('ValidationException', 400, `${field} must be one of ${allowed.join(', ')}`);
  return value as T;
}

function pick(input: Record<string, unknown>, fields: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(fields.filter((field) => input[field] !== undefined).map((field) => [field, input[field]]));
}

function ok(body: unknown): SchedulerReply {
  return { status: 200, headers: { 'content-type': 'application/json', 'x-amzn-requestid': randomUUID() }, body: JSON.stringify(body) };
}

/** The restJson1 error shape: the SDK picks the exception class from `x-amzn-errortype` and reads `Message`. */
function errorReply(error: SchedulerError): SchedulerReply {
  return {
    status: error.status,
    headers: { 'content-type': 'application/json', 'x-amzn-requestid': randomUUID(), 'x-amzn-errortype': error.type },
    body: JSON.stringify({ Message: error.message }),
  };
}

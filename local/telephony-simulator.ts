// The telephony simulator the local runtime mounts under /_local/telephony: it "dials" what the simulator adapter
// asks, ends each call as scripted for its number, and emits the outcome as an EventBridge event would.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { SimulatedCallRequest, SimulatedCallResponse, SimulatorErrorCode } from '../functions/adapters/telephony/simulator-telephony.ts';
import { seededRandom } from './seeded-random.ts';
import { isProviderCallStatus, simulatedCallEvents, type ProviderCallStatus, type SimulatedCallEndedDetail } from '../functions/domain/dialer/provider-outcome.ts';

/** What EventBridge would hand the outcome handler. */
export interface SimulatedCallEndedEvent {
  version: '0';
  id: string;
  'detail-type': typeof simulatedCallEvents.detailType;
  source: typeof simulatedCallEvents.source;
  account: string;
  time: string;
  region: string;
  resources: string[];
  detail: SimulatedCallEndedDetail;
}

export interface TelephonySimulatorOptions {
  /** Campaign time (the virtual clock in the local runtime). */
  now(): Date;
  /** Run `action` at `at` campaign time. The action's promise rejects if `deliver` does. */
  schedule(at: Date, action: () => Promise<void>): void;
  /** Hand the event to the outcome handler, as an EventBridge rule would. */
  deliver(event: SimulatedCallEndedEvent): void | Promise<void>;
  /**
   * When each of a call's scripted deliveries happens, in milliseconds after the call ends (default: all at its end).
   * Fault injection loses, repeats and delays them here.
   */
  outcomeDeliveryDelays?(scriptedDeliveries: number): number[];
}

/** Seconds, or a range drawn from the script's seeded generator (load tests: varied yet repeatable). */
export type ScriptedDuration = number | { min: number; max: number };
/** A call that is placed and ends with `status`, or a placement the provider refuses (nothing dialled). */
export type ScriptStep = { status: ProviderCallStatus; durationSeconds?: ScriptedDuration; deliveries?: number } | { placement: 'destination-rejected' | 'unavailable' };

export interface SimulatedCall extends SimulatedCallRequest {
  providerCallId: string;
  status: ProviderCallStatus;
  startedAt: string;
  endedAt: string;
  /** True once `deliver` has resolved for its outcome event. */
  delivered: boolean;
}

export interface SimulatorResponse {
  status: number;
  body?: unknown;
}

/** Until scripted: every number answers nothing, at once (the seed example's T1). */
const unscripted: ScriptStep[] = [{ status: 'NO_ANSWER', durationSeconds: 0 }];
const defaultKey = 'default';
const e164 = /^\+[1-9]\d{1,14}$/;
const maxBodyBytes = 1_000_000;

/** A number's script: one step per call, the last repeating; positions are per destination number. */
class Script {
  private readonly positions = new Map<string, number>();
  private readonly random: () => number;

  constructor(
    private readonly steps: readonly ScriptStep[],
    seed: number,
  ) {
    this.random = seededRandom(seed);
  }

  next(destination: string): ScriptStep {
    const position = this.positions.get(destination) ?? 0;
    this.positions.set(destination, position + 1);
    return this.steps[Math.min(position, this.steps.length - 1)]!;
  }

  seconds(duration: ScriptedDuration | undefined): number {
    if (duration === undefined) return 0;
    if (typeof duration === 'number') return duration;
    return Math.round(duration.min + (duration.max - duration.min) * this.random());
  }
}

export class TelephonySimulator {
  private readonly scripts = new Map<string, Script>();
  private readonly calls: SimulatedCall[] = [];
  private readonly callsByAttempt = new Map<string, SimulatedCall>();
  private sequence = 0;

  constructor(private readonly options: TelephonySimulatorOptions) {}

  /**
   * One request, path relative to the mount point (`/calls`, `/scripts/+447400123456`, `/calls?destination=…`),
   * body already parsed from JSON.
   */
  handle(method: string, path: string, body: unknown): SimulatorResponse {
    const url = new URL(path, 'http://simulator');
    const segments = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
    if (segments[0] === 'calls' && segments.length === 1) {
      if (method === 'POST') return this.placeCall(body);
      if (method === 'GET') return { status: 200, body: { calls: this.listCalls(url.searchParams.get('destination')) } };
      return failure(405, 'method_not_allowed', `${method} /calls`);
    }
    if (segments[0] === 'scripts' && segments.length <= 2) {
      const key = segments[1];
      if (method === 'PUT' && key !== undefined) return this.putScript(key, body);
      if (method === 'DELETE') return this.deleteScripts(key);
      return failure(405, 'method_not_allowed', `${method} /scripts${key ? '/{number}' : ''}`);
    }
    return failure(404, 'not_found', `no simulator route for ${method} ${url.pathname}`);
  }

  /** The same, from a Node HTTP request; `path` is what follows the mount point, query string included. */
  async serve(request: IncomingMessage, response: ServerResponse, path: string): Promise<void> {
    let result: SimulatorResponse;
    try {
      const raw = await readBody(request);
      result = this.handle(request.method ?? 'GET', path, raw.length === 0 ? undefined : JSON.parse(raw.toString('utf8')));
    } catch (error) {
      result = failure(400, 'invalid_request', error instanceof SyntaxError ? 'the body is not JSON' : error instanceof Error ? error.message : String(error));
    }
    if (result.body === undefined) response.writeHead(result.status).end();
    else response.writeHead(result.status, { 'content-type': 'application/json' }).end(JSON.stringify(result.body));
  }

  private placeCall(body: unknown): SimulatorResponse {
    const request = asCallRequest(body);
    if (typeof request === 'string') return failure(400, 'invalid_request', request);
    const existing = this.callsByAttempt.get(request.attemptId);
    if (existing) {
      if (existing.destination !== request.destination) return failure(409, 'attempt_conflict', `attempt ${request.attemptId} already dialled another number`);
      return { status: 200, body: { providerCallId: existing.providerCallId } satisfies SimulatedCallResponse };
    }
    const script = this.scriptFor(request.destination);
    const step = script.next(request.destination);
    // A refused placement dials nothing: the attempt stays free, and a retry takes the next step.
    if ('placement' in step) {
      return step.placement === 'unavailable' ? failure(503, 'unavailable', 'scripted: the provider is unavailable') : failure(422, 'destination_rejected', 'scripted: the provider refuses this destination');
    }
    const startedAt = this.options.now();
    const endedAt = new Date(startedAt.getTime() + script.seconds(step.durationSeconds) * 1000);
    this.sequence += 1;
    const call: SimulatedCall = { ...request, providerCallId: `sim-${String(this.sequence).padStart(6, '0')}`, status: step.status, startedAt: startedAt.toISOString(), endedAt: endedAt.toISOString(), delivered: false };
    this.calls.push(call);
    this.callsByAttempt.set(call.attemptId, call);
    // `deliveries` scripts what EventBridge may do: 0 loses the event, 2 delivers it twice.
    const event = callEndedEvent(call);
    const scripted = step.deliveries ?? 1;
    const delays = this.options.outcomeDeliveryDelays?.(scripted) ?? new Array<number>(scripted).fill(0);
    for (const delay of delays) {
      this.options.schedule(new Date(endedAt.getTime() + delay), async () => {
        await this.options.deliver(event);
        call.delivered = true;
      });
    }
    return { status: 201, body: { providerCallId: call.providerCallId } satisfies SimulatedCallResponse };
  }

  private listCalls(destination: string | null): SimulatedCall[] {
    return this.calls.filter((call) => destination === null || call.destination === destination).map((call) => ({ ...call }));
  }

  private putScript(key: string, body: unknown): SimulatorResponse {
    if (key !== defaultKey && !e164.test(key)) return failure(400, 'invalid_request', `scripts are per E.164 number (+ and digits) or "${defaultKey}"`);
    const parsed = asScript(body);
    if (typeof parsed === 'string') return failure(400, 'invalid_request', parsed);
    this.scripts.set(key, new Script(parsed.steps, parsed.seed));
    return { status: 200, body: { number: key, steps: parsed.steps.length } };
  }

  /** All scripts (and where each number stood in them), or one number's. Calls already placed stay listed. */
  private deleteScripts(key: string | undefined): SimulatorResponse {
    if (key === undefined) this.scripts.clear();
    else this.scripts.delete(key);
    return { status: 204 };
  }

  private scriptFor(destination: string): Script {
    let script = this.scripts.get(destination) ?? this.scripts.get(defaultKey);
    if (!script) {
      script = new Script(unscripted, 1);
      this.scripts.set(defaultKey, script);
    }
    return script;
  }
}

function callEndedEvent(call: SimulatedCall): SimulatedCallEndedEvent {
  return {
    version: '0',
    id: randomUUID(),
    'detail-type': simulatedCallEvents.detailType,
    source: simulatedCallEvents.source,
    account: '000000000000',
    time: call.endedAt,
    region: 'us-east-1',
    resources: [],
    detail: { providerCallId: call.providerCallId, attemptId: call.attemptId, status: call.status, startedAt: call.startedAt, endedAt: call.endedAt },
  };
}

function asCallRequest(body: unknown): SimulatedCallRequest | string {
  const value = body as Partial<Record<keyof SimulatedCallRequest, unknown>> | undefined;
  if (typeof value?.attemptId !== 'string' || value.attemptId === '') return 'attemptId is required';
  if (typeof value.destination !== 'string' || !e164.test(value.destination)) return 'destination must be an E.164 number';
  return { attemptId: value.attemptId, destination: value.destination, campaignId: String(value.campaignId ?? ''), contactId: String(value.contactId ?? '') };
}

/** `[{status, durationSeconds}, …]`, or `{ outcomes: [...], seed }` to seed the random durations. */
function asScript(body: unknown): { steps: ScriptStep[]; seed: number } | string {
  const wrapped = typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as { outcomes?: unknown; seed?: unknown }) : undefined;
  const outcomes = Array.isArray(body) ? body : wrapped?.outcomes;
  const seed = wrapped?.seed ?? 1;
  if (!Array.isArray(outcomes) || outcomes.length === 0) return 'give a non-empty list of outcomes';
  if (typeof seed !== 'number' || !Number.isInteger(seed)) return 'seed must be an integer';
  const steps: ScriptStep[] = [];
  for (const [index, outcome] of outcomes.entries()) {
    const step = asStep(outcome);
    if (typeof step === 'string') return `outcomes[${index}]: ${step}`;
    steps.push(step);
  }
  return { steps, seed };
}

function asStep(outcome: unknown): ScriptStep | string {
  const value = outcome as { status?: unknown; durationSeconds?: unknown; placement?: unknown } | undefined;
  if (value?.placement !== undefined) {
    return value.placement === 'destination-rejected' || value.placement === 'unavailable' ? { placement: value.placement } : 'placement is destination-rejected or unavailable';
  }
  if (value?.status === 'AGENT_REJECT') return 'AGENT_REJECT comes from the preview flow, not from a provider';
  if (!isProviderCallStatus(value?.status)) return 'status is one of REACHED, NO_ANSWER, BUSY, CONGESTION, NO_SUCH_NUMBER, DROP, ABANDONED, MACHINE';
  const deliveries = (outcome as { deliveries?: unknown }).deliveries;
  if (deliveries !== undefined && (typeof deliveries !== 'number' || !Number.isInteger(deliveries) || deliveries < 0 || deliveries > 5)) return 'deliveries is an integer from 0 (the event is lost) to 5';
  const delivery = deliveries === undefined ? {} : { deliveries };
  const duration = value.durationSeconds;
  if (duration === undefined) return { status: value.status, ...delivery };
  if (typeof duration === 'number' && duration >= 0) return { status: value.status, durationSeconds: duration, ...delivery };
  const range = duration as { min?: unknown; max?: unknown };
  if (typeof range === 'object' && range !== null && typeof range.min === 'number' && typeof range.max === 'number' && range.min >= 0 && range.min <= range.max) {
    return { status: value.status, durationSeconds: { min: range.min, max: range.max }, ...delivery };
  }
  return 'durationSeconds is seconds ≥ 0 or { min, max }';
}

function failure(status: number, error: SimulatorErrorCode, message: string): SimulatorResponse {
  return { status, body: { error, message } };
}


async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > maxBodyBytes) throw new Error('request body too large');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

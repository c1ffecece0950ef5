// Fault injection for the local runtime (off unless the runtime is started with `faults`): Lambda invocations that
// fail as Lambda reports failures, telephony outcome events lost, delivered twice or late, and DynamoDB throttling,
// each drawn from one seeded generator so that a run's faults are varied yet repeatable in kind and share.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { seededRandom } from './seeded-random.ts';
import type { VirtualClock } from './virtual-clock.ts';

/** What to inject; every rate is a share in [0, 1], 0 (nothing) unless given. */
export interface FaultSettings {
  /** Seeds every draw below (default 1). Changing it restarts the sequence. */
  seed?: number;
  /**
   * Share of the invocations Step Functions tasks and event sources (EventBridge rules, Scheduler, `Event` invokes)
   * make that fail: half before the function runs (Lambda.ServiceException), half after it ran (Sandbox.Timedout:
   * its writes stand, its answer is lost). API requests are never failed: nothing but their caller would retry them.
   */
  handlerFailureRate?: number;
  /** Share of a call's outcome events that are lost. */
  outcomeDropRate?: number;
  /** Share delivered a second time, at once or up to two minutes later. */
  outcomeDuplicateRate?: number;
  /** Share delivered late, past the events of calls that ended after it (and some past the call task's timeout). */
  outcomeDelayRate?: number;
  /** How late a delayed outcome comes, in minutes of campaign time (default 1 to 40). */
  outcomeDelayMinutes?: { min: number; max: number };
  /**
   * Share of DynamoDB requests answered as throttled (ProvisionedThroughputExceededException or ThrottlingException,
   * or for a transaction TransactionCanceledException with a ThrottlingError reason), needing the runtime's proxy.
   */
  dynamodbThrottleRate?: number;
}

export interface FaultCounts {
  handlerInvocations: number;
  /** Failed before the function ran. */
  handlerServiceErrors: number;
  /** Failed after the function ran. */
  handlerFunctionErrors: number;
  /** Asynchronous invocations tried again by Lambda's rules (after an injected or a real failure). */
  asyncRetries: number;
  /** Asynchronous invocations that failed three times: in AWS they go to the dead-letter queue, if any. */
  asyncEventsDiscarded: number;
  outcomeEvents: number;
  outcomesDropped: number;
  outcomesDuplicated: number;
  outcomesDelayed: number;
  /** Delivered after the outcome of a call that ended later: what reordering did. */
  outcomesOvertaken: number;
  dynamodbRequests: number;
  dynamodbProvisionedThroughputExceeded: number;
  dynamodbThrottlingExceptions: number;
  dynamodbTransactionsThrottled: number;
}

/** A throttling answer for the DynamoDB proxy to send instead of forwarding the request. */
export interface ThrottledAnswer {
  status: number;
  type: string;
  body: Record<string, unknown>;
}

type InvokeHandler = (handlerModule: string, event: unknown) => Promise<unknown>;

export interface FaultInjectorOptions {
  clock: VirtualClock;
  invokeHandler: InvokeHandler;
  log: (line: string) => void;
  /** Whether requests to DynamoDB pass through a proxy that can answer them as throttled. */
  throttlingProxy: boolean;
}

/** Lambda's own rule for asynchronous invocations: two more tries, one then two minutes apart. */
const asyncRetryDelaysMinutes = [1, 2];
const duplicateMaxDelaySeconds = 120;
const defaultDelayMinutes = { min: 1, max: 40 };
const rateFields = ['handlerFailureRate', 'outcomeDropRate', 'outcomeDuplicateRate', 'outcomeDelayRate', 'dynamodbThrottleRate'] as const;

/** An error named as Lambda reports it: Step Functions matches its Retry and Catch on the name. */
class InjectedLambdaError extends Error {
  constructor(name: 'Lambda.ServiceException' | 'Sandbox.Timedout', message: string) {
    super(message);
    this.name = name;
  }
}

export class FaultInjector {
  #settings: Required<Omit<FaultSettings, 'outcomeDelayMinutes'>> & { outcomeDelayMinutes: { min: number; max: number } };
  #random: () => number;
  #counts: FaultCounts = emptyCounts();
  /** The latest end time among outcome events delivered so far: a delivery of an earlier one was overtaken. */
  #latestEndDelivered = 0;

  constructor(
    settings: FaultSettings,
    private readonly options: FaultInjectorOptions,
  ) {
    const problem = settingsProblem(settings);
    if (problem !== undefined) throw new RangeError(problem);
    this.#settings = completeSettings(settings);
    this.#random = seededRandom(this.#settings.seed);
  }

  settings(): FaultSettings {
    return { ...this.#settings, outcomeDelayMinutes: { ...this.#settings.outcomeDelayMinutes } };
  }

  counts(): FaultCounts {
    return { ...this.#counts };
  }

  /** Replaces the settings (what is not given is 0 again); the counts go on. Throws on settings it cannot honour. */
  configure(settings: FaultSettings): void {
    const problem = settingsProblem(settings);
    if (problem !== undefined) throw new RangeError(problem);
    if ((settings.dynamodbThrottleRate ?? 0) > 0 && !this.options.throttlingProxy) throw new RangeError('this runtime has no DynamoDB proxy: start it with faults to throttle');
    const reseed = settings.seed !== undefined && settings.seed !== this.#settings.seed;
    this.#settings = completeSettings(settings);
    if (reseed) this.#random = seededRandom(this.#settings.seed);
  }

  /**
   * A Lambda invocation whose failure the caller sees (Step Functions' lambda:invoke tasks): a service error before
   * the function runs, or a function error after it ran, named as Lambda names them, so that the state machine's own
   * Retry and Catch decide what happens next.
   */
  readonly invokeTask = async (handlerModule: string, event: unknown): Promise<unknown> => {
    const fault = this.#drawHandlerFault();
    if (fault === 'before') {
      this.#counts.handlerServiceErrors += 1;
      throw new InjectedLambdaError('Lambda.ServiceException', `injected: Lambda could not run ${handlerModule}`);
    }
    const result = await this.options.invokeHandler(handlerModule, event);
    if (fault === 'after') {
      this.#counts.handlerFunctionErrors += 1;
      throw new InjectedLambdaError('Sandbox.Timedout', `injected: ${handlerModule} ran, then timed out before answering`);
    }
    return result;
  };

  /**
   * An asynchronous invocation (EventBridge rule, Scheduler, Invoke with InvocationType Event): accepted at once, and
   * settled when its first try is over. A failed try (injected or real) is tried again as Lambda does, one minute and
   * then two minutes later on the virtual clock, as separate timers: nothing waits on the retries, so campaign time
   * can reach them. After the third failure the event is discarded (in AWS: to the dead-letter queue).
   */
  readonly invokeEvent = (handlerModule: string, event: unknown): Promise<void> => this.#tryEvent(handlerModule, event, 0);

  /**
   * When each scripted delivery of a call's outcome event happens, in milliseconds after the call ends: none for a
   * lost event, a second one for a duplicate, a later one for a delayed one.
   */
  outcomeDeliveryDelays(scriptedDeliveries: number): number[] {
    const delays: number[] = [];
    for (let copy = 0; copy < scriptedDeliveries; copy += 1) {
      this.#counts.outcomeEvents += 1;
      if (this.#draw(this.#settings.outcomeDropRate)) {
        this.#counts.outcomesDropped += 1;
        continue;
      }
      let delay = 0;
      if (this.#draw(this.#settings.outcomeDelayRate)) {
        this.#counts.outcomesDelayed += 1;
        const { min, max } = this.#settings.outcomeDelayMinutes;
        delay = Math.round((min + (max - min) * this.#random()) * 60_000);
      }
      delays.push(delay);
      if (this.#draw(this.#settings.outcomeDuplicateRate)) {
        this.#counts.outcomesDuplicated += 1;
        // Half at the same instant (two handlers race), half a little later (a redelivery).
        delays.push(delay + (this.#random() < 0.5 ? 0 : Math.round(this.#random() * duplicateMaxDelaySeconds * 1000)));
      }
    }
    return delays;
  }

  /** Wraps the outcome's delivery: notes whether a later call's outcome was delivered before it. */
  deliverOutcome<E extends { detail: { endedAt: string } }>(deliver: (event: E) => Promise<void>): (event: E) => Promise<void> {
    return (event) => {
      const endedAt = Date.parse(event.detail.endedAt);
      if (endedAt < this.#latestEndDelivered) this.#counts.outcomesOvertaken += 1;
      this.#latestEndDelivered = Math.max(this.#latestEndDelivered, endedAt);
      return deliver(event);
    };
  }

  /** For the DynamoDB proxy: a throttling answer for this request (its operation and parsed body), or undefined to forward it. */
  throttle(operation: string, body: unknown): ThrottledAnswer | undefined {
    this.#counts.dynamodbRequests += 1;
    if (!this.#draw(this.#settings.dynamodbThrottleRate)) return undefined;
    // Half the throttled transactions are cancelled instead, which the SDK does not retry: the caller's code must.
    if (operation === 'TransactWriteItems' && this.#random() < 0.5) {
      this.#counts.dynamodbTransactionsThrottled += 1;
      // One reason per item, as DynamoDB gives them: the throttled item's, and None for the others.
      const items = Math.max(1, (body as { TransactItems?: unknown[] } | undefined)?.TransactItems?.length ?? 1);
      const throttled = Math.floor(this.#random() * items);
      const reasons = Array.from({ length: items }, (_, index) => (index === throttled ? { Code: 'ThrottlingError', Message: 'Throughput exceeds the current capacity of your table or index. DynamoDB is automatically scaling your table or index so please try again shortly.' } : { Code: 'None' }));
      const names = reasons.map((reason) => reason.Code).join(', ');
      return { status: 400, type: 'TransactionCanceledException', body: { __type: 'com.amazonaws.dynamodb.v20120810#TransactionCanceledException', Message: `Transaction cancelled, please refer cancellation reasons for specific reasons [${names}]`, CancellationReasons: reasons } };
    }
    if (this.#random() < 0.5) {
      this.#counts.dynamodbProvisionedThroughputExceeded += 1;
      return { status: 400, type: 'ProvisionedThroughputExceededException', body: { __type: 'com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException', message: 'The level of configured provisioned throughput for the table was exceeded. Consider increasing your provisioning level with the UpdateTable API.' } };
    }
    this.#counts.dynamodbThrottlingExceptions += 1;
    return { status: 400, type: 'ThrottlingException', body: { __type: 'com.amazon.coral.availability#ThrottlingException', message: 'Throughput exceeds the current capacity of your table or index. DynamoDB is automatically scaling your table or index so please try again shortly.' } };
  }

  /** GET: settings and counts; PUT {FaultSettings}: new settings (400 when out of range). */
  async serve(request: IncomingMessage, response: ServerResponse): Promise<void> {
    if (request.method === 'PUT') {
      const chunks: Buffer[] = [];
      for await (const chunk of request) chunks.push(chunk as Buffer);
      try {
        const parsed: unknown = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
        if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new RangeError('give an object of settings');
        this.configure(parsed as FaultSettings);
      } catch (error) {
        response.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify({ error: 'invalid_input', message: error instanceof Error ? error.message : String(error) }));
        return;
      }
    } else if (request.method !== 'GET') {
      response.writeHead(405, { 'content-type': 'application/json' }).end(JSON.stringify({ error: 'method_not_allowed', message: 'GET or PUT' }));
      return;
    }
    response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ settings: this.settings(), counts: this.counts() }));
  }

  #tryEvent(handlerModule: string, event: unknown, retriesDone: number): Promise<void> {
    const fault = this.#drawHandlerFault();
    const attempt = async () => {
      if (fault === 'before') {
        this.#counts.handlerServiceErrors += 1;
        throw new InjectedLambdaError('Lambda.ServiceException', `injected: Lambda could not run ${handlerModule}`);
      }
      await this.options.invokeHandler(handlerModule, event);
      if (fault === 'after') {
        this.#counts.handlerFunctionErrors += 1;
        throw new InjectedLambdaError('Sandbox.Timedout', `injected: ${handlerModule} ran, then timed out before answering`);
      }
    };
    return attempt().catch((error: unknown) => {
      const delayMinutes = asyncRetryDelaysMinutes[retriesDone];
      if (delayMinutes === undefined) {
        this.#counts.asyncEventsDiscarded += 1;
        this.options.log(`asynchronous invocation of ${handlerModule} failed ${retriesDone + 1} times, event discarded: ${String(error)}`);
        return;
      }
      this.#counts.asyncRetries += 1;
      this.options.log(`asynchronous invocation of ${handlerModule} failed (try ${retriesDone + 1}), tried again in ${delayMinutes} min: ${String(error)}`);
      const { clock } = this.options;
      clock.schedule(new Date(clock.now().getTime() + delayMinutes * 60_000), () => this.#tryEvent(handlerModule, event, retriesDone + 1));
    });
  }

  #drawHandlerFault(): 'before' | 'after' | undefined {
    this.#counts.handlerInvocations += 1;
    if (!this.#draw(this.#settings.handlerFailureRate)) return undefined;
    return this.#random() < 0.5 ? 'before' : 'after';
  }

  /** Draws only when the rate is positive, so that a fault switched off leaves the other faults' sequence alone. */
  #draw(rate: number): boolean {
    return rate > 0 && this.#random() < rate;
  }
}

export function settingsProblem(settings: FaultSettings): string | undefined {
  for (const field of rateFields) {
    const rate = settings[field];
    if (rate !== undefined && !(typeof rate === 'number' && rate >= 0 && rate <= 1)) return `${field} is a share from 0 to 1`;
  }
  if (settings.seed !== undefined && !Number.isInteger(settings.seed)) return 'seed is an integer';
  const delay = settings.outcomeDelayMinutes;
  if (delay !== undefined && !(typeof delay?.min === 'number' && typeof delay.max === 'number' && delay.min >= 0 && delay.min <= delay.max)) return 'outcomeDelayMinutes is {min, max} with 0 ≤ min ≤ max';
  return undefined;
}

function completeSettings(settings: FaultSettings) {
  return {
    seed: settings.seed ?? 1,
    handlerFailureRate: settings.handlerFailureRate ?? 0,
    outcomeDropRate: settings.outcomeDropRate ?? 0,
    outcomeDuplicateRate: settings.outcomeDuplicateRate ?? 0,
    outcomeDelayRate: settings.outcomeDelayRate ?? 0,
    outcomeDelayMinutes: { ...(settings.outcomeDelayMinutes ?? defaultDelayMinutes) },
    dynamodbThrottleRate: settings.dynamodbThrottleRate ?? 0,
  };
}

function emptyCounts(): FaultCounts {
  return {
    handlerInvocations: 0,
    handlerServiceErrors: 0,
    handlerFunctionErrors: 0,
    asyncRetries: 0,
    asyncEventsDiscarded: 0,
    outcomeEvents: 0,
    outcomesDropped: 0,
    outcomesDuplicated: 0,
    outcomesDelayed: 0,
    outcomesOvertaken: 0,
    dynamodbRequests: 0,
    dynamodbProvisionedThroughputExceeded: 0,
    dynamodbThrottlingExceptions: 0,
    dynamodbTransactionsThrottled: 0,
  };
}

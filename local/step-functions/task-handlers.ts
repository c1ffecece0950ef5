// The interpreter's local handlers for the Task states of one execution (its `taskResourceLocalHandlers`): Lambda
// invocations, callback tasks and substituted Waits, with TimeoutSeconds, HeartbeatSeconds and Retry intervals on the
// virtual clock, and every invocation tracked so that time stands still while it runs.
import type { ScheduledAction, VirtualClock } from '../virtual-clock.ts';
import type { CallbackTasks } from './callback-tasks.ts';
import { StatesRuntimeFailure, TaskFailure } from './interpreter-errors.ts';
import type { JsonValue } from './json-value.ts';
import { lambdaInvokeOutput, type LocalLambdaFunctions } from './lambda-functions.ts';
import type { RunnableDefinition, TaskSpec } from './runnable-definition.ts';

export interface Retrier {
  IntervalSeconds?: number;
  BackoffRate?: number;
  MaxDelaySeconds?: number;
  JitterStrategy?: 'FULL' | 'NONE';
}

/** What a task needs from the execution it belongs to. */
export interface ExecutionHooks {
  readonly executionArn: string;
  /** Aborted, with an uncatchable error as reason, when the execution stops or times out. */
  readonly signal: AbortSignal;
  /** The token `$$.Task.Token` gave this attempt's Parameters (minted on first read). */
  claimTaskToken(): string;
  /** The retry the interpreter just decided for this state, if this attempt is one. */
  takeRetry(stateName: string): { retrier: Retrier; attempt: number } | undefined;
  countLambdaInvocation(): void;
}

/** What all executions share. */
export interface TaskRuntime {
  readonly clock: VirtualClock;
  readonly lambda: LocalLambdaFunctions;
  readonly callbacks: CallbackTasks;
  /** The interpreter's own States.Timeout class (see interpreter-errors.ts). */
  readonly timeoutError: new () => Error;
  /** Counts work as activity on the clock, and as in flight for stop(). */
  track<T>(work: Promise<T>): Promise<T>;
}

type TaskHandler = (input: JsonValue) => Promise<JsonValue>;

export function taskHandlersFor(runnable: RunnableDefinition, execution: ExecutionHooks, runtime: TaskRuntime): Record<string, TaskHandler> {
  const handlers: Record<string, TaskHandler> = {};
  for (const [stateName, spec] of runnable.tasks) {
    const retries = runnable.retryingStates.includes(stateName);
    handlers[stateName] = async (input) => {
      // Synchronously, before any await: the interpreter evaluated this attempt's Parameters just before calling us.
      const token = spec.kind === 'lambda-callback' ? execution.claimTaskToken() : undefined;
      if (execution.signal.aborted) throw execution.signal.reason;
      if (retries) await waitBeforeRetry(stateName, execution, runtime);
      switch (spec.kind) {
        case 'virtual-wait':
          return virtualWait(input, execution, runtime);
        case 'lambda-function':
          return withTaskLimits(invokeFunction(spec.resource, input, execution, runtime), spec, execution, runtime).result;
        case 'lambda-invoke':
          return invokeTask(input, spec, execution, runtime);
        case 'lambda-callback':
          return callbackTask(token!, stateName, input, spec, execution, runtime);
      }
    };
  }
  return handlers;
}

/**
 * The interpreter's own retry sleep is overridden to 0 (it would use the wall clock); the interval it would have
 * waited is slept here, at the start of the retried attempt, on the virtual clock. One event-loop turn first lets the
 * execution read the interpreter's StateRetried event, which says whether this attempt is a retry.
 */
async function waitBeforeRetry(stateName: string, execution: ExecutionHooks, runtime: TaskRuntime): Promise<void> {
  await runtime.track(new Promise<void>((resolve) => setImmediate(resolve)));
  const retry = execution.takeRetry(stateName);
  if (retry === undefined) return;
  const { IntervalSeconds = 1, BackoffRate = 2, MaxDelaySeconds, JitterStrategy } = retry.retrier;
  let delaySeconds = IntervalSeconds * BackoffRate ** (retry.attempt - 1);
  if (MaxDelaySeconds !== undefined) delaySeconds = Math.min(delaySeconds, MaxDelaySeconds);
  if (JitterStrategy === 'FULL') delaySeconds = Math.random() * delaySeconds;
  await runtime.clock.sleepUntil(secondsFromNow(runtime.clock, delaySeconds), execution.signal);
}

async function virtualWait(input: JsonValue, execution: ExecutionHooks, runtime: TaskRuntime): Promise<JsonValue> {
  const { input: passedOn, seconds, timestamp } = input as { input: JsonValue; seconds?: unknown; timestamp?: unknown };
  let until: Date;
  if (seconds !== undefined) {
    if (typeof seconds !== 'number' || !Number.isInteger(seconds) || seconds < 0) throw new StatesRuntimeFailure(`a Wait needs a non-negative integer number of seconds, not ${JSON.stringify(seconds)}`);
    until = secondsFromNow(runtime.clock, seconds);
  } else {
    if (typeof timestamp !== 'string' || !isRfc3339Timestamp(timestamp)) throw new StatesRuntimeFailure(`a Wait needs an RFC 3339 timestamp, not ${JSON.stringify(timestamp)}`);
    until = new Date(timestamp);
  }
  await runtime.clock.sleepUntil(until, execution.signal);
  return passedOn;
}

interface InvokeParameters {
  FunctionName?: unknown;
  Payload?: unknown;
  InvocationType?: unknown;
}

async function invokeTask(input: JsonValue, spec: TaskSpec, execution: ExecutionHooks, runtime: TaskRuntime): Promise<JsonValue> {
  const parameters = input as InvokeParameters;
  const invocation = invokeFunction(functionNameIn(parameters), parameters.Payload ?? {}, execution, runtime);
  if (parameters.InvocationType === 'Event') {
    invocation.catch(() => undefined); // an asynchronous invocation's failure never reaches the state machine
    return { Payload: '', StatusCode: 202 };
  }
  return lambdaInvokeOutput(await withTaskLimits(invocation, spec, execution, runtime).result);
}

/**
 * The token's task is open before the function runs (the callback may come before the function returns); the
 * function's own failure fails the task unless a callback came first.
 */
async function callbackTask(token: string, stateName: string, input: JsonValue, spec: TaskSpec, execution: ExecutionHooks, runtime: TaskRuntime): Promise<JsonValue> {
  const callbacks = runtime.callbacks;
  const parameters = input as InvokeParameters;
  const functionName = functionNameIn(parameters);
  // SendTaskHeartbeat reaches the task through its token before the limits exist: relay it.
  const heartbeatRelay = { beat: (): void => undefined };
  const outcome = callbacks.open(token, { executionArn: execution.executionArn, stateName }, () => heartbeatRelay.beat());
  const limits = withTaskLimits(outcome, spec, execution, runtime, (error, closure) => callbacks.close(token, closure, error));
  heartbeatRelay.beat = limits.heartbeat;
  const invocation = invokeFunction(functionName, parameters.Payload ?? {}, execution, runtime);
  invocation.catch((error: Error) => {
    if (parameters.InvocationType !== 'Event') callbacks.close(token, 'failed', error);
  });
  return limits.result;
}

function invokeFunction(functionName: string, payload: unknown, execution: ExecutionHooks, runtime: TaskRuntime): Promise<JsonValue> {
  execution.countLambdaInvocation();
  return runtime.track(runtime.lambda.invoke(functionName, payload));
}

/**
 * Settles with the first of: the work, the state's TimeoutSeconds (States.Timeout) or HeartbeatSeconds
 * (States.HeartbeatTimeout) on the virtual clock, the end of the execution. Every timer is gone once it settles.
 */
function withTaskLimits<T>(work: Promise<T>, spec: TaskSpec, execution: ExecutionHooks, runtime: TaskRuntime, onExpire?: (error: Error, closure: 'timed-out' | 'aborted') => void) {
  const { clock } = runtime;
  const signal = execution.signal;
  let heartbeat = (): void => undefined;
  const result = new Promise<T>((resolve, reject) => {
    let heartbeatTimer: ScheduledAction | undefined;
    const finish = () => {
      timeoutTimer?.cancel();
      heartbeatTimer?.cancel();
      heartbeat = () => undefined;
      signal.removeEventListener('abort', onAbort);
    };
    const expire = (error: Error, closure: 'timed-out' | 'aborted') => {
      finish();
      onExpire?.(error, closure);
      reject(error);
    };
    const onAbort = () => expire(signal.reason as Error, 'aborted');
    const timeoutTimer = spec.timeoutSeconds === undefined ? undefined : clock.schedule(secondsFromNow(clock, spec.timeoutSeconds), () => expire(new runtime.timeoutError(), 'timed-out'));
    if (spec.heartbeatSeconds !== undefined) {
      const seconds = spec.heartbeatSeconds;
      heartbeat = () => {
        heartbeatTimer?.cancel();
        heartbeatTimer = clock.schedule(secondsFromNow(clock, seconds), () => expire(new TaskFailure('States.HeartbeatTimeout', `no heartbeat for ${seconds} seconds`), 'timed-out'));
      };
      heartbeat();
    }
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(
      (value) => {
        finish();
        resolve(value);
      },
      (error: unknown) => {
        finish();
        reject(error as Error);
      },
    );
  });
  return { result, heartbeat: () => heartbeat() };
}

function functionNameIn(parameters: InvokeParameters): string {
  if (typeof parameters.FunctionName !== 'string') throw new StatesRuntimeFailure(`lambda:invoke needs Parameters.FunctionName, got ${JSON.stringify(parameters.FunctionName)}`);
  return parameters.FunctionName;
}

function secondsFromNow(clock: VirtualClock, seconds: number): Date {
  return new Date(clock.now().getTime() + seconds * 1000);
}

/** RFC 3339 as Step Functions requires it in a Wait: uppercase T, and Z or a numeric offset. */
function isRfc3339Timestamp(value: string): boolean {
  return /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(value) && !Number.isNaN(Date.parse(value));
}

// One execution: an interpreter run of the runnable definition, its status as the API shows it, and what AWS would
// bill for it (state transitions, Lambda invocations).
import { ExecutionError, StateMachine, type StateMachineDefinition as InterpreterDefinition } from 'aws-local-stepfunctions';
import type { ScheduledAction } from '../virtual-clock.ts';
import { ExecutionClosedFailure } from './interpreter-errors.ts';
import type { JsonValue } from './json-value.ts';
import { localExecutionArn } from './local-arns.ts';
import type { RunnableDefinition } from './runnable-definition.ts';
import { taskHandlersFor, type ExecutionHooks, type Retrier, type TaskRuntime } from './task-handlers.ts';

export type ExecutionStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED';

export interface ExecutionStats {
  /** Billed as AWS does for Standard workflows: every state entered, retries included. */
  stateTransitions: number;
  lambdaInvocations: number;
}

/** A state machine ready to run: its runnable definition, and the interpreter built from it once. */
export interface RunnableStateMachine {
  name: string;
  arn: string;
  runnable: RunnableDefinition;
  interpreter: StateMachine;
}

export function runnableStateMachine(name: string, arn: string, runnable: RunnableDefinition): RunnableStateMachine {
  // Validation already ran on the synthesized definition; the rewritten one holds local-only Resources.
  const interpreter = new StateMachine(runnable.definition as InterpreterDefinition, { validationOptions: { noValidate: true } });
  return { name, arn, runnable, interpreter };
}

interface InterpreterEvent {
  type: string;
  state?: { name: string };
  retry?: { retrier: Retrier; attempt: number };
}

export class Execution implements ExecutionHooks {
  readonly executionArn: string;
  readonly stateMachineArn: string;
  readonly startDate: Date;
  status: ExecutionStatus = 'RUNNING';
  stopDate?: Date;
  output?: string;
  error?: string;
  cause?: string;
  readonly stats: ExecutionStats = { stateTransitions: 0, lambdaInvocations: 0 };
  /** The same transitions by state name (a retry counts for the state retried): which states the bill goes to. */
  readonly transitionsByState = new Map<string, number>();
  /** Resolves once the run is over, its status final and `onClosed` called. */
  readonly closed: Promise<void>;

  readonly #abort = new AbortController();
  readonly #runtime: TaskRuntime;
  readonly #stopRun: () => void;
  readonly #timeoutTimer?: ScheduledAction;
  #pendingToken?: string;
  #retry?: { stateName: string; retrier: Retrier; attempt: number };

  constructor(
    stateMachine: RunnableStateMachine,
    readonly name: string,
    /** As StartExecution received it: DescribeExecution returns it verbatim. */
    readonly input: string,
    runtime: TaskRuntime,
    onClosed: (execution: Execution) => void,
  ) {
    this.#runtime = runtime;
    this.executionArn = localExecutionArn(stateMachine.name, name);
    this.stateMachineArn = stateMachine.arn;
    this.startDate = runtime.clock.now();
    const { runnable } = stateMachine;

    // `$$.Task.Token` reads this getter while the interpreter evaluates a task's Parameters; the task's handler,
    // called right after, claims the token. Several reads within one attempt give the same token.
    const taskContext = Object.defineProperty({}, 'Token', { enumerable: true, get: () => (this.#pendingToken ??= runtime.callbacks.mintToken()) });
    const run = stateMachine.interpreter.run(JSON.parse(input) as JsonValue, {
      context: { Execution: { Id: this.executionArn, Name: name }, StateMachine: { Id: stateMachine.arn, Name: stateMachine.name }, Task: taskContext },
      overrides: {
        taskResourceLocalHandlers: taskHandlersFor(runnable, this, runtime),
        // The interval is slept on the virtual clock by the retried task (see task-handlers.ts), not by the interpreter.
        retryIntervalOverrides: Object.fromEntries(runnable.retryingStates.map((stateName) => [stateName, 0])),
      },
    });
    this.#stopRun = run.abort;
    if (runnable.timeoutSeconds !== undefined) {
      this.#timeoutTimer = runtime.clock.schedule(new Date(this.startDate.getTime() + runnable.timeoutSeconds * 1000), () => this.#end('TIMED_OUT', 'States.Timeout', `The execution ran longer than its TimeoutSeconds (${runnable.timeoutSeconds})`));
    }
    const observed = (async () => {
      for await (const event of run.eventLogs as AsyncGenerator<InterpreterEvent>) this.#observe(event);
    })();
    this.closed = Promise.allSettled([run.result, observed]).then(([result]) => {
      this.#settle(result);
      onClosed(this);
    });
  }

  get signal(): AbortSignal {
    return this.#abort.signal;
  }

  claimTaskToken(): string {
    const token = this.#pendingToken ?? this.#runtime.callbacks.mintToken();
    this.#pendingToken = undefined;
    return token;
  }

  takeRetry(stateName: string): { retrier: Retrier; attempt: number } | undefined {
    const retry = this.#retry;
    if (retry?.stateName !== stateName) return undefined;
    this.#retry = undefined;
    return retry;
  }

  countLambdaInvocation(): void {
    this.stats.lambdaInvocations++;
  }

  /** StopExecution: ABORTED at once; a pending callback token becomes invalid (TaskTimedOut from then on). */
  stop(error?: string, cause?: string): void {
    this.#end('ABORTED', error, cause);
  }

  #end(status: 'ABORTED' | 'TIMED_OUT', error?: string, cause?: string): void {
    if (this.status !== 'RUNNING') return;
    this.status = status;
    this.stopDate = this.#runtime.clock.now();
    if (error !== undefined) this.error = error;
    if (cause !== undefined) this.cause = cause;
    this.#abort.abort(new ExecutionClosedFailure(`execution ${status}`));
    this.#stopRun();
  }

  #observe(event: InterpreterEvent): void {
    if ((event.type === 'StateEntered' || event.type === 'StateRetried') && event.state) this.transitionsByState.set(event.state.name, (this.transitionsByState.get(event.state.name) ?? 0) + 1);
    if (event.type === 'StateEntered') {
      this.stats.stateTransitions++;
      this.#retry = undefined;
    } else if (event.type === 'StateRetried' && event.state && event.retry) {
      this.stats.stateTransitions++;
      this.#retry = { stateName: event.state.name, ...event.retry };
    }
  }

  #settle(result: PromiseSettledResult<unknown>): void {
    this.#timeoutTimer?.cancel();
    if (this.status === 'RUNNING') {
      this.stopDate = this.#runtime.clock.now();
      if (result.status === 'fulfilled') {
        this.status = 'SUCCEEDED';
        this.output = JSON.stringify(result.value);
      } else {
        // ExecutionError wraps the state's error: its name is the error, its message the cause (as in Catch output).
        const failure = (result.reason instanceof ExecutionError ? result.reason.cause : result.reason) as Error | undefined;
        this.status = 'FAILED';
        this.error = failure?.name ?? 'States.Runtime';
        this.cause = failure?.message ?? String(result.reason);
      }
    }
    // Whatever still waits (a callback of a Parallel branch the interpreter abandoned, …) lets go of its timers.
    if (!this.#abort.signal.aborted) this.#abort.abort(new ExecutionClosedFailure(`execution ${this.status}`));
  }
}

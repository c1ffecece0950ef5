// The local Step Functions service: the synthesized state machines run by aws-local-stepfunctions on the virtual clock,
// behind the API operations the handlers call (StartExecution, SendTaskSuccess, …) with AWS's rules and errors.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { StateMachine, type StateMachineDefinition as InterpreterDefinition } from 'aws-local-stepfunctions';
import { invokeHandler as invokeHandlerModule } from '../handler-modules.ts';
import type { VirtualClock } from '../virtual-clock.ts';
import { apiErrors } from './api-errors.ts';
import { awsJsonHandler } from './aws-json-protocol.ts';
import { CallbackTasks } from './callback-tasks.ts';
import { Execution, runnableStateMachine, type ExecutionStats, type ExecutionStatus, type RunnableStateMachine } from './execution.ts';
import { statesTimeoutErrorClass, TaskFailure } from './interpreter-errors.ts';
import type { JsonValue } from './json-value.ts';
import { LocalLambdaFunctions, type InvokeHandler } from './lambda-functions.ts';
import { isArn, localExecutionArn } from './local-arns.ts';
import { toRunnableDefinition } from './runnable-definition.ts';
import { executionStatusChangeEvent, type ExecutionStatusChangeEvent } from './status-change-event.ts';
import type { TaskRuntime } from './task-handlers.ts';
import type { LocalStateMachine } from './template-loader.ts';

export interface LocalStepFunctionsOptions {
  stateMachines: readonly LocalStateMachine[];
  /** Function name → handler module (see stepFunctionsFromTemplates). */
  functions: ReadonlyMap<string, string>;
  clock: VirtualClock;
  /** Default: local/handler-modules.ts, i.e. the modules under functions/handlers. */
  invokeHandler?: InvokeHandler;
  /** Called with the EventBridge event when an execution ends (SUCCEEDED, FAILED, TIMED_OUT, ABORTED); a promise it returns is tracked. */
  onExecutionStatusChange?: (event: ExecutionStatusChangeEvent) => unknown;
  log?: (line: string) => void;
}

export interface ExecutionDescription {
  executionArn: string;
  stateMachineArn: string;
  name: string;
  status: ExecutionStatus;
  startDate: Date;
  stopDate?: Date;
  input: string;
  inputDetails: { included: true };
  output?: string;
  outputDetails?: { included: true };
  error?: string;
  cause?: string;
}

export type ExecutionListItem = Pick<ExecutionDescription, 'executionArn' | 'stateMachineArn' | 'name' | 'status' | 'startDate' | 'stopDate'>;

const executionStatuses: readonly string[] = ['RUNNING', 'SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED'];

export class LocalStepFunctions {
  /** Serves the Step Functions API (AWS JSON 1.0) for the SDK's SFNClient; mount it under a path prefix. */
  readonly handleRequest: (request: IncomingMessage, response: ServerResponse) => Promise<void>;

  readonly #clock: VirtualClock;
  readonly #stateMachines: ReadonlyMap<string, RunnableStateMachine>;
  /** By ARN, in start order (ListExecutions shows the newest first). */
  readonly #executions = new Map<string, Execution>();
  readonly #callbacks = new CallbackTasks();
  readonly #runtime: TaskRuntime;
  readonly #inFlight = new Set<Promise<unknown>>();
  readonly #onStatusChange?: (event: ExecutionStatusChangeEvent) => unknown;
  readonly #log: (line: string) => void;
  #stopped = false;

  /** Validates every definition, rewrites it for virtual time (see runnable-definition.ts) and readies the service. */
  static async start(options: LocalStepFunctionsOptions): Promise<LocalStepFunctions> {
    const stateMachines = new Map<string, RunnableStateMachine>();
    for (const { name, arn, definition } of options.stateMachines) {
      try {
        // asl-validator checks the definition as AWS would (on a copy: it writes defaults into what it validates).
        new StateMachine(structuredClone(definition) as InterpreterDefinition);
        stateMachines.set(arn, runnableStateMachine(name, arn, toRunnableDefinition(definition)));
      } catch (error) {
        throw new Error(`state machine ${name} cannot run locally: ${(error as Error).message}`, { cause: error });
      }
    }
    return new LocalStepFunctions(options, stateMachines, await statesTimeoutErrorClass());
  }

  private constructor(options: LocalStepFunctionsOptions, stateMachines: Map<string, RunnableStateMachine>, timeoutError: new () => Error) {
    this.#clock = options.clock;
    this.#stateMachines = stateMachines;
    this.#onStatusChange = options.onExecutionStatusChange;
    this.#log = options.log ?? (() => undefined);
    this.#runtime = {
      clock: options.clock,
      lambda: new LocalLambdaFunctions(options.functions, options.invokeHandler ?? invokeHandlerModule),
      callbacks: this.#callbacks,
      timeoutError,
      track: (work) => this.#track(work),
    };
    this.handleRequest = awsJsonHandler(this, (work) => this.#track(work));
  }

  startExecution(request: { stateMachineArn: string; name?: string; input?: string }): { executionArn: string; startDate: Date } {
    this.#assertRunning();
    const stateMachine = this.#stateMachine(request.stateMachineArn);
    const name = request.name ?? randomUUID();
    // AWS: 1 to 80 characters, no whitespace, brackets, wildcards, special or control characters.
    if (!/^[^\s<>{}[\]?*"#%\\^|~`$&,;:/\u0000-\u001f\u007f-\u009f]{1,80}$/.test(name)) throw apiErrors.invalidName(name);
    const input = request.input ?? '{}';
    try {
      JSON.parse(input);
    } catch (error) {
      throw apiErrors.invalidExecutionInput((error as Error).message);
    }
    const existing = this.#executions.get(localExecutionArn(stateMachine.name, name));
    if (existing) {
      // Standard workflows: the same name and input while the first still runs is the same start, delivered twice.
      if (existing.status === 'RUNNING' && existing.input === input) return { executionArn: existing.executionArn, startDate: existing.startDate };
      throw apiErrors.executionAlreadyExists(existing.executionArn);
    }
    const execution = new Execution(stateMachine, name, input, this.#runtime, (closed) => this.#executionClosed(closed));
    this.#executions.set(execution.executionArn, execution);
    return { executionArn: execution.executionArn, startDate: execution.startDate };
  }

  sendTaskSuccess(request: { taskToken: string; output: string }): void {
    this.#assertRunning();
    let output: JsonValue;
    try {
      output = JSON.parse(request.output) as JsonValue;
    } catch (error) {
      throw apiErrors.invalidOutput((error as Error).message);
    }
    this.#callbacks.succeed(request.taskToken, output);
  }

  /** The task fails with `error` as its error name (matched by Catch / Retry) and `cause` as its cause. */
  sendTaskFailure(request: { taskToken: string; error?: string; cause?: string }): void {
    this.#assertRunning();
    this.#callbacks.fail(request.taskToken, new TaskFailure(request.error ?? '', request.cause ?? ''));
  }

  sendTaskHeartbeat(request: { taskToken: string }): void {
    this.#assertRunning();
    this.#callbacks.heartbeat(request.taskToken);
  }

  /** Aborts a running execution; on one already closed it changes nothing and returns its stop date. */
  stopExecution(request: { executionArn: string; error?: string; cause?: string }): { stopDate: Date } {
    this.#assertRunning();
    const execution = this.#execution(request.executionArn);
    execution.stop(request.error, request.cause);
    return { stopDate: execution.stopDate! };
  }

  describeExecution(request: { executionArn: string }): ExecutionDescription {
    const execution = this.#execution(request.executionArn);
    return {
      ...listItem(execution),
      input: execution.input,
      inputDetails: { included: true },
      ...(execution.output !== undefined && { output: execution.output, outputDetails: { included: true } }),
      ...(execution.error !== undefined && { error: execution.error }),
      ...(execution.cause !== undefined && { cause: execution.cause }),
    };
  }

  /** Newest first; `nextToken` continues where the previous page stopped. */
  listExecutions(request: { stateMachineArn: string; statusFilter?: string; maxResults?: number; nextToken?: string }): { executions: ExecutionListItem[]; nextToken?: string } {
    const stateMachine = this.#stateMachine(request.stateMachineArn);
    if (request.statusFilter !== undefined && !executionStatuses.includes(request.statusFilter)) throw apiErrors.validation(`statusFilter must be one of ${executionStatuses.join(', ')}`);
    const maxResults = request.maxResults || 100;
    if (!Number.isInteger(maxResults) || maxResults < 0 || maxResults > 1000) throw apiErrors.validation('maxResults must be between 0 and 1000');
    const offset = request.nextToken === undefined ? 0 : pageOffset(request.nextToken);
    const matching = [...this.#executions.values()]
      .filter((execution) => execution.stateMachineArn === stateMachine.arn && (request.statusFilter === undefined || execution.status === request.statusFilter))
      .reverse();
    const page = matching.slice(offset, offset + maxResults).map(listItem);
    const nextOffset = offset + page.length;
    return { executions: page, ...(nextOffset < matching.length && { nextToken: Buffer.from(`page:${nextOffset}`).toString('base64url') }) };
  }

  /** For the benchmark: what AWS would bill for one execution. */
  executionStats(executionArn: string): ExecutionStats | undefined {
    const execution = this.#executions.get(executionArn);
    return execution && { ...execution.stats };
  }

  /** For the benchmark: one execution's state transitions by state name. */
  transitionsByState(executionArn: string): Record<string, number> | undefined {
    const execution = this.#executions.get(executionArn);
    return execution && Object.fromEntries(execution.transitionsByState);
  }

  /** For the benchmark: the sums over every execution so far. */
  totals(): ExecutionStats & { executions: number } {
    const totals = { executions: 0, stateTransitions: 0, lambdaInvocations: 0 };
    for (const { stats } of this.#executions.values()) {
      totals.executions++;
      totals.stateTransitions += stats.stateTransitions;
      totals.lambdaInvocations += stats.lambdaInvocations;
    }
    return totals;
  }

  /** Aborts every running execution (no status-change events) and waits for the handler invocations still running. */
  async stop(): Promise<void> {
    if (this.#stopped) return;
    this.#stopped = true;
    for (const execution of this.#executions.values()) execution.stop('States.Runtime', 'the local runtime stopped');
    await Promise.allSettled([...this.#executions.values()].map((execution) => execution.closed));
    while (this.#inFlight.size > 0) await Promise.allSettled([...this.#inFlight]);
  }

  #executionClosed(execution: Execution): void {
    if (this.#stopped || !this.#onStatusChange) return;
    const event = executionStatusChangeEvent(execution);
    const onStatusChange = this.#onStatusChange;
    this.#track(Promise.resolve().then(() => onStatusChange(event))).catch((error: unknown) => this.#log(`execution status change handler failed for ${execution.executionArn}: ${String(error)}`));
  }

  #track<T>(work: Promise<T>): Promise<T> {
    const tracked = this.#clock.track(work);
    this.#inFlight.add(tracked);
    const forget = () => this.#inFlight.delete(tracked);
    tracked.then(forget, forget);
    return tracked;
  }

  #stateMachine(arn: string): RunnableStateMachine {
    if (!isArn(arn)) throw apiErrors.invalidArn(arn);
    const stateMachine = this.#stateMachines.get(arn);
    if (!stateMachine) throw apiErrors.stateMachineDoesNotExist(arn);
    return stateMachine;
  }

  #execution(arn: string): Execution {
    if (!isArn(arn)) throw apiErrors.invalidArn(arn);
    const execution = this.#executions.get(arn);
    if (!execution) throw apiErrors.executionDoesNotExist(arn);
    return execution;
  }

  #assertRunning(): void {
    if (this.#stopped) throw apiErrors.serviceStopped();
  }
}

function listItem(execution: Execution): ExecutionListItem {
  return {
    executionArn: execution.executionArn,
    stateMachineArn: execution.stateMachineArn,
    name: execution.name,
    status: execution.status,
    startDate: execution.startDate,
    ...(execution.stopDate && { stopDate: execution.stopDate }),
  };
}

function pageOffset(nextToken: string): number {
  const match = /^page:(\d+)$/.exec(Buffer.from(nextToken, 'base64url').toString('utf8'));
  if (!match) throw apiErrors.invalidToken('Invalid nextToken');
  return Number(match[1]);
}

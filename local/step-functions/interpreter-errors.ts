// Errors as aws-local-stepfunctions matches them in Retry and Catch: by `name` (the error), with `message` as the
// cause, and `isRetryable` / `isCatchable` (both true when absent).
import { ExecutionError, StateMachine, type StateMachineDefinition } from 'aws-local-stepfunctions';

/** An error a task reports, e.g. a handler's exception or SendTaskFailure: `name` is matched by ErrorEquals. */
export class TaskFailure extends Error {
  constructor(error: string, cause: string) {
    super(cause);
    this.name = error;
  }
}

/** States.Runtime (a bad timestamp in a Wait, …): neither retried nor caught, as in AWS. */
export class StatesRuntimeFailure extends Error {
  override name = 'States.Runtime';
  get isRetryable(): boolean {
    return false;
  }
  get isCatchable(): boolean {
    return false;
  }
}

/** Unwinds the task of an execution that was stopped or timed out: no Retry or Catch of the definition may run. */
export class ExecutionClosedFailure extends Error {
  override name = 'States.ExecutionClosed';
  get isRetryable(): boolean {
    return false;
  }
  get isCatchable(): boolean {
    return false;
  }
}

type ErrorClass = new () => Error;
let timeoutErrorClass: Promise<ErrorClass> | undefined;

/**
 * States.Timeout must be an instance of the interpreter's own StatesTimeoutError, which it does not export: that is
 * how it keeps `States.TaskFailed` from matching a timeout, as AWS does. A throw-away machine whose task times out
 * after 1 ms of wall time (TimeoutSeconds 0.001, validation off) hands the class over, once per process.
 */
export function statesTimeoutErrorClass(): Promise<ErrorClass> {
  timeoutErrorClass ??= (async () => {
    const probe: StateMachineDefinition = { StartAt: 'Probe', States: { Probe: { Type: 'Task', Resource: 'arn:aws:lambda:us-east-1:000000000000:function:probe', TimeoutSeconds: 0.001, End: true } } };
    const execution = new StateMachine(probe, { validationOptions: { noValidate: true } }).run({}, { overrides: { taskResourceLocalHandlers: { Probe: () => new Promise(() => undefined) } } });
    try {
      await execution.result;
    } catch (error) {
      const timeout = error instanceof ExecutionError ? (error.cause as Error | undefined) : undefined;
      if (timeout?.name === 'States.Timeout') return timeout.constructor as ErrorClass;
    }
    throw new Error('aws-local-stepfunctions no longer reports a task timeout as States.Timeout: check interpreter-errors.ts');
  })();
  return timeoutErrorClass;
}

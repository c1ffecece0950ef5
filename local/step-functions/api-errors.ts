// Step Functions API errors: the `__type` the SDK turns into its named exception (ExecutionAlreadyExists, TaskTimedOut, …).
export class StepFunctionsApiError extends Error {
  constructor(
    readonly type: string,
    message: string,
    readonly statusCode = 400,
  ) {
    super(message);
    this.name = type;
  }
}

export const apiErrors = {
  validation: (message: string) => new StepFunctionsApiError('ValidationException', message),
  invalidArn: (arn: unknown) => new StepFunctionsApiError('InvalidArn', `Invalid Arn: '${String(arn)}'`),
  invalidName: (name: string) => new StepFunctionsApiError('InvalidName', `Invalid Name: '${name}'`),
  invalidExecutionInput: (reason: string) => new StepFunctionsApiError('InvalidExecutionInput', `Invalid State Machine Execution Input: '${reason}'`),
  invalidOutput: (reason: string) => new StepFunctionsApiError('InvalidOutput', `Invalid Output: '${reason}'`),
  invalidToken: (reason = 'Invalid token') => new StepFunctionsApiError('InvalidToken', `Invalid Token: '${reason}'`),
  stateMachineDoesNotExist: (arn: string) => new StepFunctionsApiError('StateMachineDoesNotExist', `State Machine Does Not Exist: '${arn}'`),
  executionDoesNotExist: (arn: string) => new StepFunctionsApiError('ExecutionDoesNotExist', `Execution Does Not Exist: '${arn}'`),
  executionAlreadyExists: (arn: string) => new StepFunctionsApiError('ExecutionAlreadyExists', `Execution Already Exists: '${arn}'`),
  taskDoesNotExist: () => new StepFunctionsApiError('TaskDoesNotExist', 'Task Does Not Exist'),
  /** What AWS answers for a token whose task timed out or was already closed (succeeded, failed, aborted). */
  taskTimedOut: () => new StepFunctionsApiError('TaskTimedOut', "Task Timed Out: 'Provided task does not exist anymore'"),
  unknownOperation: (operation: string) => new StepFunctionsApiError('UnknownOperationException', `Unknown operation ${operation}`),
  // 400, not 503: the SDK would retry a 503 while the runtime shuts down.
  serviceStopped: () => new StepFunctionsApiError('ServiceUnavailable', 'the local Step Functions service is stopped'),
};

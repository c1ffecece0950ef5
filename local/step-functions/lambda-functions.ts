// Lambda as Task states see it: a function name or ARN runs its handler module, and an exception comes back as the
// error Step Functions reports (errorType = the exception's name, cause = Lambda's error payload as JSON).
import { randomUUID } from 'node:crypto';
import { TaskFailure } from './interpreter-errors.ts';
import { throughJson, type JsonValue } from './json-value.ts';
import { functionNameOf } from './local-arns.ts';

/** Invokes a handler module by name, as local/handler-modules.ts does. */
export type InvokeHandler = (handlerModule: string, event: unknown) => Promise<unknown>;

export class LocalLambdaFunctions {
  constructor(
    /** Function name → handler module. */
    private readonly functions: ReadonlyMap<string, string>,
    private readonly invokeHandler: InvokeHandler,
  ) {}

  /** Runs the function with a JSON copy of `payload`; resolves to its result as JSON, or rejects with a TaskFailure. */
  async invoke(functionNameOrArn: string, payload: unknown): Promise<JsonValue> {
    const functionName = functionNameOf(functionNameOrArn);
    const handlerModule = this.functions.get(functionName);
    if (handlerModule === undefined) {
      throw new TaskFailure('Lambda.ResourceNotFoundException', `Function not found: ${functionNameOrArn} (the local runtime knows ${[...this.functions.keys()].join(', ') || 'no function'})`);
    }
    let result: unknown;
    try {
      result = await this.invokeHandler(handlerModule, throughJson(payload));
    } catch (error) {
      throw functionError(error);
    }
    return throughJson(result);
  }
}

/** The response of `arn:aws:states:::lambda:invoke`, as the optimized integration returns it. */
export function lambdaInvokeOutput(payload: JsonValue): JsonValue {
  const requestId = randomUUID();
  const headers = { 'Content-Type': 'application/json', 'X-Amz-Executed-Version': '$LATEST', 'x-amzn-Remapped-Content-Length': '0', 'x-amzn-RequestId': requestId };
  return {
    ExecutedVersion: '$LATEST',
    Payload: payload,
    SdkHttpMetadata: { AllHttpHeaders: Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, [value]])), HttpHeaders: headers, HttpStatusCode: 200 },
    SdkResponseMetadata: { RequestId: requestId },
    StatusCode: 200,
  };
}

/** What the Node.js runtime reports for an exception (errorType is the error's name), as Step Functions passes it on. */
function functionError(error: unknown): TaskFailure {
  const errorType = error instanceof Error ? error.name : 'Error';
  const errorMessage = error instanceof Error ? error.message : String(error);
  const trace = error instanceof Error ? (error.stack ?? '').split('\n') : [];
  return new TaskFailure(errorType, JSON.stringify({ errorType, errorMessage, trace }));
}

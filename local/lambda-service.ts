// Lambda's Invoke API for the handlers' own SDK calls (the campaign starter queues runs and continues itself).
import type { IncomingMessage, ServerResponse } from 'node:http';
import { functionNameOf } from './step-functions/local-arns.ts';

export interface LocalLambdaServiceOptions {
  /** Function name (logical id, or the name the template gives it) → handler module. */
  functions: ReadonlyMap<string, string>;
  invokeHandler: (handlerModule: string, event: unknown) => Promise<unknown>;
  /** An asynchronous invocation runs after the response, as Lambda's queue runs it: the caller tracks it. */
  runInBackground: (work: Promise<unknown>) => void;
  /** How an `Event` invocation runs (default: invokeHandler); fault injection adds Lambda's retries. */
  invokeEvent?: (handlerModule: string, event: unknown) => Promise<unknown>;
}

const invocationsPath = /^\/2015-03-31\/functions\/([^/]+)\/invocations$/;

export class LocalLambdaService {
  constructor(private readonly options: LocalLambdaServiceOptions) {}

  /** Serves one request whose path is below the service's prefix. */
  async serve(request: IncomingMessage, response: ServerResponse, path: string): Promise<void> {
    const match = invocationsPath.exec(path);
    const handlerModule = match ? this.options.functions.get(functionNameOf(decodeURIComponent(match[1]!))) : undefined;
    if (request.method !== 'POST' || match === null || handlerModule === undefined) {
      response.writeHead(404, { 'content-type': 'application/json', 'x-amzn-errortype': 'ResourceNotFoundException' }).end(JSON.stringify({ Type: 'User', message: `Function not found: ${path}` }));
      return;
    }
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    const event: unknown = body === '' ? {} : JSON.parse(body);
    if (request.headers['x-amz-invocation-type'] === 'Event') {
      this.options.runInBackground((this.options.invokeEvent ?? this.options.invokeHandler)(handlerModule, event));
      response.writeHead(202).end();
      return;
    }
    try {
      const result = await this.options.invokeHandler(handlerModule, event);
      response.writeHead(200, { 'content-type': 'application/json', 'x-amz-executed-version': '$LATEST' }).end(JSON.stringify(result ?? null));
    } catch (error) {
      const failure = error instanceof Error ? { errorType: error.name, errorMessage: error.message } : { errorType: 'Error', errorMessage: String(error) };
      response.writeHead(200, { 'content-type': 'application/json', 'x-amz-function-error': 'Unhandled' }).end(JSON.stringify(failure));
    }
  }
}

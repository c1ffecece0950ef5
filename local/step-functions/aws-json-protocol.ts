// The Step Functions API over HTTP as the SDK's SFNClient speaks it: AWS JSON 1.0 (POST, X-Amz-Target:
// AWSStepFunctions.<Operation>), timestamps as epoch seconds, errors as {"__type", "message"} with their status.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { apiErrors, StepFunctionsApiError } from './api-errors.ts';
import type { LocalStepFunctions } from './service.ts';

type ApiRequest = Record<string, unknown>;
type Operation = (request: ApiRequest) => unknown;

const targetPrefix = 'AWSStepFunctions.';

function operationsOf(service: LocalStepFunctions): Record<string, Operation> {
  return {
    StartExecution: (request) => service.startExecution({ stateMachineArn: required(request, 'stateMachineArn'), ...optional(request, 'name'), ...optional(request, 'input') }),
    SendTaskSuccess: (request) => service.sendTaskSuccess({ taskToken: required(request, 'taskToken'), output: required(request, 'output') }),
    SendTaskFailure: (request) => service.sendTaskFailure({ taskToken: required(request, 'taskToken'), ...optional(request, 'error'), ...optional(request, 'cause') }),
    SendTaskHeartbeat: (request) => service.sendTaskHeartbeat({ taskToken: required(request, 'taskToken') }),
    StopExecution: (request) => service.stopExecution({ executionArn: required(request, 'executionArn'), ...optional(request, 'error'), ...optional(request, 'cause') }),
    DescribeExecution: (request) => service.describeExecution({ executionArn: required(request, 'executionArn') }),
    ListExecutions: (request) => {
      const maxResults = request.maxResults;
      if (maxResults !== undefined && typeof maxResults !== 'number') throw apiErrors.validation('maxResults must be a number');
      return service.listExecutions({ stateMachineArn: required(request, 'stateMachineArn'), ...optional(request, 'statusFilter'), ...(maxResults !== undefined && { maxResults }), ...optional(request, 'nextToken') });
    },
  };
}

/** `track` counts each request as activity on the virtual clock while it is served. */
export function awsJsonHandler(service: LocalStepFunctions, track: <T>(work: Promise<T>) => Promise<T>): (request: IncomingMessage, response: ServerResponse) => Promise<void> {
  const operations = operationsOf(service);
  const serve = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const requestId = randomUUID();
    try {
      const target = String(request.headers['x-amz-target'] ?? '');
      const name = target.startsWith(targetPrefix) ? target.slice(targetPrefix.length) : target;
      if (request.method !== 'POST' || !Object.hasOwn(operations, name)) throw apiErrors.unknownOperation(target || `${request.method} ${request.url}`);
      const body = await readBody(request);
      const result = await operations[name]!(parseRequest(body));
      write(response, 200, toWire(result ?? {}), requestId);
    } catch (error) {
      if (error instanceof StepFunctionsApiError) write(response, error.statusCode, { __type: error.type, message: error.message }, requestId);
      else write(response, 500, { __type: 'InternalFailure', message: `the local Step Functions service failed: ${String(error)}` }, requestId);
    }
  };
  return (request, response) => track(serve(request, response));
}

function parseRequest(body: string): ApiRequest {
  let parsed: unknown;
  try {
    parsed = body === '' ? {} : JSON.parse(body);
  } catch {
    throw new StepFunctionsApiError('SerializationException', 'the request body is not JSON');
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new StepFunctionsApiError('SerializationException', 'the request body is not a JSON object');
  return parsed as ApiRequest;
}

function required(request: ApiRequest, field: string): string {
  const value = request[field];
  if (typeof value !== 'string') throw apiErrors.validation(`1 validation error detected: Value null at '${field}' failed to satisfy constraint: Member must not be null`);
  return value;
}

function optional<K extends string>(request: ApiRequest, field: K): Partial<Record<K, string>> {
  const value = request[field];
  if (value === undefined || value === null) return {};
  if (typeof value !== 'string') throw apiErrors.validation(`'${field}' must be a string`);
  return { [field]: value } as Record<K, string>;
}

/** Dates become epoch seconds (with milliseconds), the JSON protocols' timestamp format. */
function toWire(value: unknown): unknown {
  if (value instanceof Date) return value.getTime() / 1000;
  if (Array.isArray(value)) return value.map(toWire);
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, toWire(item)]));
  return value;
}

function write(response: ServerResponse, status: number, body: unknown, requestId: string): void {
  response.writeHead(status, { 'content-type': 'application/x-amz-json-1.0', 'x-amzn-requestid': requestId });
  response.end(JSON.stringify(body));
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

// The shape of every API handler: parse and validate the request with schemas, run, map errors once.
import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { z, type ZodType } from 'zod';
import { logger } from '../observability.ts';
import { errorResponse, RequestSyntaxError } from './error-mapper.ts';

export interface ApiRequestSchemas<B extends ZodType, Q extends ZodType, P extends ZodType> {
  body?: B;
  query?: Q;
  params?: P;
}

export interface ApiRequest<B, Q, P> {
  body: B;
  query: Q;
  params: P;
  event: APIGatewayProxyEventV2;
}

export interface ApiResponse {
  status: number;
  body?: unknown;
  /** A body sent as it is, not as JSON (a CSV export): say its content-type in `headers`. */
  text?: string;
  headers?: Record<string, string>;
}

type Parsed<S> = S extends ZodType ? z.output<S> : undefined;

export function apiHandler<B extends ZodType, Q extends ZodType, P extends ZodType>(
  schemas: ApiRequestSchemas<B, Q, P>,
  run: (request: ApiRequest<Parsed<B>, Parsed<Q>, Parsed<P>>) => Promise<ApiResponse>,
) {
  return middy<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2>()
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .handler(async (event) => {
      try {
        const request = {
          body: parseWith(schemas.body, 'body', readJsonBody(event, schemas.body)),
          query: parseWith(schemas.query, 'query', event.queryStringParameters ?? {}),
          params: parseWith(schemas.params, 'path', decodeParams(event.pathParameters ?? {})),
          event,
        } as ApiRequest<Parsed<B>, Parsed<Q>, Parsed<P>>;
        return toResult(await run(request));
      } catch (error) {
        return toResult(errorResponse(error));
      }
    });
}

function parseWith(schema: ZodType | undefined, where: string, value: unknown): unknown {
  if (schema === undefined) return undefined;
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const field = issue.path.length > 0 ? issue.path.join('.') : where;
  throw new RequestSyntaxError(where === 'body' ? field : `${where}.${field}`, issue.message);
}

function readJsonBody(event: APIGatewayProxyEventV2, schema: ZodType | undefined): unknown {
  if (schema === undefined) return undefined;
  if (event.body === undefined || event.body === '') {
    // A body the schema lets be absent may be left out.
    if (schema.safeParse(undefined).success) return undefined;
    throw new RequestSyntaxError('body', 'a JSON body is required');
  }
  const text = event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
  try {
    return JSON.parse(text);
  } catch {
    throw new RequestSyntaxError('body', 'is not valid JSON');
  }
}

function decodeParams(params: Record<string, string | undefined>): Record<string, string | undefined> {
  return Object.fromEntries(Object.entries(params).map(([key, value]) => [key, value === undefined ? undefined : decodeURIComponent(value)]));
}

function toResult(response: ApiResponse): APIGatewayProxyStructuredResultV2 {
  return {
    statusCode: response.status,
    headers: { 'content-type': 'application/json', ...response.headers },
    body: response.text ?? (response.body === undefined ? '' : JSON.stringify(response.body)),
  };
}

/**
 * Who made the request, for the ledger's `actor` and the do-not-call list's `addedBy`: the token's subject when an
 * authorizer vouched for one; `api` until the API authenticates its callers.
 */
export function callerOf(event: APIGatewayProxyEventV2): string {
  const context = event.requestContext as { authorizer?: { jwt?: { claims?: Record<string, unknown> } } };
  const subject = context.authorizer?.jwt?.claims?.sub;
  return typeof subject === 'string' && subject !== '' ? `user:${subject}` : 'api';
}

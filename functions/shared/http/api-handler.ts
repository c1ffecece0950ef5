// The shape of every API handler: parse and validate the request with schemas, run, map errors once.
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { z, type ZodType } from 'zod';
import { isRole, mayCall, type Caller } from '#domain/access/roles';
import { routeAccess } from '../../handlers/api/route-access.ts';
import { observedHandler } from '../event-handler.ts';
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
  /** Who called, as the token says; absent only on a public route called without a token. */
  caller?: Caller;
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
  return observedHandler<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2>().handler(async (event) => {
    const refusal = refusalOf(event);
    if (refusal) return toResult(refusal);
    try {
      const request = {
        body: parseWith(schemas.body, 'body', readJsonBody(event, schemas.body)),
        query: parseWith(schemas.query, 'query', event.queryStringParameters ?? {}),
        params: parseWith(schemas.params, 'path', decodeParams(event.pathParameters ?? {})),
        event,
        caller: callerIn(event),
      } as ApiRequest<Parsed<B>, Parsed<Q>, Parsed<P>>;
      return toResult(await run(request));
    } catch (error) {
      return toResult(errorResponse(error, event.rawPath));
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
  return Object.fromEntries(Object.entries(params).map(([key, value]) => [key, value === undefined ? undefined : decodePathSegment(key, value)]));
}

/** A broken escape (`%`, `%E0%A4%A`, an encoded lone surrogate) is the caller's mistake: 400, not a URIError's 500. */
function decodePathSegment(key: string, value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    throw new RequestSyntaxError(`path.${key}`, 'is not valid percent-encoded UTF-8');
  }
}

function toResult(response: ApiResponse): APIGatewayProxyStructuredResultV2 {
  return {
    statusCode: response.status,
    headers: { 'content-type': 'application/json', ...response.headers },
    body: response.text ?? (response.body === undefined ? '' : JSON.stringify(response.body)),
  };
}

/**
 * Who made the request, for the ledger's `actor` and the do-not-call list's `addedBy`: `user:<sub>` of the token the
 * authorizer vouched for; `api` only on a route that asks for none.
 */
export function callerOf(event: APIGatewayProxyEventV2): string {
  const caller = callerIn(event);
  return caller ? `user:${caller.subject}` : 'api';
}

/**
 * The API Gateway JWT authorizer has checked the token (signature, expiry, issuer, audience) before the function
 * runs; the function still refuses a request without its claims, so that a route deployed without the authorizer
 * is closed rather than open, and decides the role, which the authorizer does not.
 */
function refusalOf(event: APIGatewayProxyEventV2): ApiResponse | undefined {
  const access = routeAccess(event.routeKey);
  if (access === 'public') return undefined;
  const caller = callerIn(event);
  if (caller === undefined) return { status: 401, body: { error: 'unauthenticated', message: 'a bearer token is required' } };
  if (mayCall(access, caller.roles)) return undefined;
  logger.info('request forbidden', { routeKey: event.routeKey, roles: caller.roles });
  const held = caller.roles.length === 0 ? 'no role' : caller.roles.join(', ');
  return { status: 403, body: { error: 'forbidden', message: `${event.routeKey} is for ${access.join(', ')}; the caller has ${held}` } };
}

function callerIn(event: APIGatewayProxyEventV2): Caller | undefined {
  const context = event.requestContext as { authorizer?: { jwt?: { claims?: Record<string, unknown> } } };
  const claims = context.authorizer?.jwt?.claims;
  const subject = claims?.sub;
  if (typeof subject !== 'string' || subject === '') return undefined;
  return { subject, roles: groupsOf(claims?.['cognito:groups']).filter(isRole) };
}

/**
 * API Gateway hands an array claim to the function as a string: `[administrator agent]`; a JSON array (another
 * authorizer, a test) is read too.
 */
function groupsOf(claim: unknown): string[] {
  if (Array.isArray(claim)) return claim.filter((group): group is string => typeof group === 'string');
  if (typeof claim !== 'string') return [];
  const text = claim.trim();
  if (/^\[\s*"/.test(text)) {
    try {
      return groupsOf(JSON.parse(text) as unknown);
    } catch {
      // not JSON after all: read it as API Gateway's form below
    }
  }
  return text.replace(/^\[|\]$/g, '').split(/[\s,]+/).filter((group) => group !== '');
}

// Every API handler checks its caller before anything else: claims as API Gateway's JWT authorizer passes them.
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { apiHandler, callerOf } from '#shared/http/api-handler';

const context = { functionName: 'test', awsRequestId: 'request', getRemainingTimeInMillis: () => 10_000 } as unknown as Context;

/** A handler that answers with the caller it was given, and how many times it ran. */
function echoHandler() {
  const runs: unknown[] = [];
  const handler = apiHandler({}, async ({ caller, event }) => {
    runs.push(caller);
    return { status: 200, body: { caller, actor: callerOf(event) } };
  });
  return { runs, invoke: async (event: APIGatewayProxyEventV2) => handler(event, context) };
}

function eventFor(routeKey: string, claims?: Record<string, unknown>): APIGatewayProxyEventV2 {
  return {
    version: '2.0',
    routeKey,
    rawPath: routeKey.split(' ')[1]!,
    rawQueryString: '',
    headers: {},
    isBase64Encoded: false,
    requestContext: { routeKey, ...(claims && { authorizer: { jwt: { claims, scopes: null } } }) },
  } as unknown as APIGatewayProxyEventV2;
}

describe('the API handler shape checks the caller', () => {
  it('answers 401 without running when a protected route has no claims', async () => {
    // Prepare
    const { runs, invoke } = echoHandler();

    // Act
    const result = await invoke(eventFor('GET /contacts'));

    // Assess
    expect(result.statusCode).toBe(401);
    expect(JSON.parse(result.body!)).toMatchObject({ error: 'unauthenticated' });
    expect(runs).toEqual([]);
  });

  it.each([
    ['API Gateway string', '[agent]'],
    ['API Gateway string of several', '[someone-else agent]'],
    ['JSON array string', '["agent"]'],
    ['array', ['agent']],
  ])('reads the groups claim as a %s', async (_, groups) => {
    // Prepare
    const { invoke } = echoHandler();

    // Act
    const result = await invoke(eventFor('POST /contacts', { sub: 'u-1', 'cognito:groups': groups }));

    // Assess
    expect(result.statusCode).toBe(200);
    expect(JSON.parse(result.body!)).toEqual({ caller: { subject: 'u-1', roles: ['agent'] }, actor: 'user:u-1' });
  });

  it('answers 403 without running when no group of the caller is allowed, saying who may', async () => {
    // Prepare
    const { runs, invoke } = echoHandler();

    // Act
    const result = await invoke(eventFor('PUT /settings/contactability', { sub: 'u-2', 'cognito:groups': '[agent supervisor]' }));

    // Assess
    expect(result.statusCode).toBe(403);
    expect(JSON.parse(result.body!)).toEqual({ error: 'forbidden', message: 'PUT /settings/contactability is for administrator; the caller has agent, supervisor' });
    expect(runs).toEqual([]);
  });

  it('takes a caller in no group for a caller with no role', async () => {
    // Prepare
    const { invoke } = echoHandler();

    // Act
    const result = await invoke(eventFor('GET /contacts', { sub: 'u-3' }));

    // Assess
    expect(result.statusCode).toBe(403);
  });

  it('lets anyone call a public route, with or without a token', async () => {
    // Prepare
    const { invoke } = echoHandler();

    // Act
    const anonymous = await invoke(eventFor('GET /openapi.json'));
    const signedIn = await invoke(eventFor('GET /openapi.json', { sub: 'u-4', 'cognito:groups': '[agent]' }));

    // Assess
    expect([anonymous.statusCode, signedIn.statusCode]).toEqual([200, 200]);
    expect(JSON.parse(anonymous.body!)).toEqual({ actor: 'api' });
    expect(JSON.parse(signedIn.body!).actor).toBe('user:u-4');
  });

  it('keeps a route it cannot name (no route key) for administrators', async () => {
    // Prepare
    const { invoke } = echoHandler();

    // Act
    const agent = await invoke(eventFor('$default', { sub: 'u-5', 'cognito:groups': '[agent]' }));
    const administrator = await invoke(eventFor('$default', { sub: 'u-6', 'cognito:groups': '[administrator]' }));

    // Assess
    expect([agent.statusCode, administrator.statusCode]).toEqual([403, 200]);
  });
});

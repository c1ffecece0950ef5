// The local runtime's development tokens, checked as API Gateway's JWT authorizer checks Cognito's.
import { describe, expect, it } from 'vitest';
import { DevTokens, routesWithoutAuthorizer, tokenRequestOf } from '../../local/dev-tokens.ts';

const issuedAt = Date.parse('2026-06-03T09:00:00Z');

describe('development tokens', () => {
  it('issues an HS256 JWT whose claims reach the function as API Gateway passes them: strings, groups as [a b]', () => {
    // Prepare
    const tokens = new DevTokens(() => issuedAt);

    // Act
    const { token } = tokens.issue(['agent', 'supervisor'], 'alice');
    const check = tokens.check(`Bearer ${token}`);

    // Assess
    expect(JSON.parse(Buffer.from(token.split('.')[0]!, 'base64url').toString())).toEqual({ alg: 'HS256', typ: 'JWT' });
    expect(check).toEqual({
      ok: true,
      authorizer: { jwt: { claims: { sub: 'alice', 'cognito:groups': '[agent supervisor]', iat: String(issuedAt / 1000), exp: String(issuedAt / 1000 + 12 * 3600), iss: 'contactable-local' }, scopes: null } },
    });
  });

  it('takes the token with or without the Bearer prefix, as API Gateway does', () => {
    // Prepare
    const tokens = new DevTokens(() => issuedAt);
    const { token } = tokens.issue(['agent'], 'bob');

    // Act
    const bare = tokens.check(token);

    // Assess
    expect(bare.ok).toBe(true);
  });

  it('refuses a token once its 12 hours are over', () => {
    // Prepare
    let now = issuedAt;
    const tokens = new DevTokens(() => now);
    const { token } = tokens.issue(['administrator'], 'carol');

    // Act
    now = issuedAt + 12 * 3_600_000 - 1_000;
    const lastSecond = tokens.check(token);
    now = issuedAt + 12 * 3_600_000;
    const expired = tokens.check(token);

    // Assess
    expect(lastSecond.ok).toBe(true);
    expect(expired).toEqual({ ok: false, reason: 'the token has expired' });
  });

  it.each([
    ['no header', undefined, 'no token'],
    ['an empty bearer', 'Bearer ', 'no token'],
    ['not a JWT', 'Bearer abc.def', 'not a JWT'],
    ['garbage in three parts', 'Bearer a.b.c', 'unexpected algorithm'],
  ])('refuses %s', (_, header, reason) => {
    // Prepare
    const tokens = new DevTokens(() => issuedAt);

    // Act
    const check = tokens.check(header);

    // Assess
    expect(check).toEqual({ ok: false, reason });
  });

  it("refuses another runtime's token, a changed claim, and an unsigned token", () => {
    // Prepare
    const tokens = new DevTokens(() => issuedAt);
    const other = new DevTokens(() => issuedAt).issue(['administrator'], 'mallory').token;
    const [header, payload, signature] = tokens.issue(['agent'], 'mallory').token.split('.') as [string, string, string];
    const promoted = Buffer.from(Buffer.from(payload, 'base64url').toString().replace('"agent"', '"administrator"')).toString('base64url');
    const unsigned = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');

    // Act
    const checks = [tokens.check(other), tokens.check(`${header}.${promoted}.${signature}`), tokens.check(`${unsigned}.${payload}.`)];

    // Assess
    expect(checks).toEqual([
      { ok: false, reason: 'bad signature' },
      { ok: false, reason: 'bad signature' },
      { ok: false, reason: 'unexpected algorithm' },
    ]);
  });
});

describe('token requests', () => {
  it('reads a role, with a subject of its own or one per role, and a lifetime of 12 hours unless asked', () => {
    // Act
    const requests = [tokenRequestOf({ role: 'agent' }), tokenRequestOf({ role: 'supervisor', subject: ' sam ' }), tokenRequestOf({ role: ['agent', 'supervisor'], expiresInSeconds: 0 })];

    // Assess
    expect(requests).toEqual([
      { roles: ['agent'], subject: 'local-agent', lifetimeSeconds: 43_200 },
      { roles: ['supervisor'], subject: 'sam', lifetimeSeconds: 43_200 },
      { roles: ['agent', 'supervisor'], subject: 'local-agent-supervisor', lifetimeSeconds: 0 },
    ]);
  });

  it.each([{}, { role: 'root' }, { role: [] }, { role: 'agent', subject: '' }, { role: 'agent', expiresInSeconds: 43_201 }, { role: 'agent', expiresInSeconds: 1.5 }])('refuses %j', (input) => {
    // Act
    const request = tokenRequestOf(input);

    // Assess
    expect(request).toHaveProperty('error');
  });
});

describe('routes without an authorizer', () => {
  it('are read from the template: a route is open only when it says NONE (or nothing)', () => {
    // Prepare
    const template = {
      Resources: {
        Open: { Type: 'AWS::ApiGatewayV2::Route', Properties: { RouteKey: 'GET /openapi.json', AuthorizationType: 'NONE' } },
        Closed: { Type: 'AWS::ApiGatewayV2::Route', Properties: { RouteKey: 'GET /contacts', AuthorizationType: 'JWT', AuthorizerId: { Ref: 'Authorizer' } } },
        Unsaid: { Type: 'AWS::ApiGatewayV2::Route', Properties: { RouteKey: 'GET /forgotten' } },
        Table: { Type: 'AWS::DynamoDB::Table', Properties: {} },
      },
    };

    // Act
    const open = routesWithoutAuthorizer(template);

    // Assess
    expect([...open].sort()).toEqual(['GET /forgotten', 'GET /openapi.json']);
  });
});

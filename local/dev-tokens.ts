// Development tokens and the check API Gateway's JWT authorizer makes, for the local runtime: HS256 JWTs signed with a
// secret made when the runtime starts (so a token dies with its runtime), carrying a Cognito-shaped groups claim.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { isRole, type Role } from '../functions/domain/access/roles.ts';
import type { CloudFormationTemplate } from './dynamodb-local.ts';

export const devTokenIssuer = 'contactable-local';
/** A working day: tokens are checked against wall time, not campaign time, which jumps hours ahead. */
export const devTokenLifetimeSeconds = 12 * 60 * 60;

export interface DevTokenClaims {
  sub: string;
  'cognito:groups': string[];
  iat: number;
  exp: number;
  iss: string;
}

/** What API Gateway hands the function in `requestContext.authorizer` once the token passed. */
export interface JwtAuthorizerContext {
  jwt: { claims: Record<string, string>; scopes: null };
}

export type TokenCheck = { ok: true; authorizer: JwtAuthorizerContext } | { ok: false; reason: string };

export class DevTokens {
  readonly #secret = randomBytes(32);

  constructor(private readonly now: () => number = Date.now) {}

  issue(roles: readonly Role[], subject: string, lifetimeSeconds = devTokenLifetimeSeconds): { token: string; claims: DevTokenClaims } {
    const iat = Math.floor(this.now() / 1000);
    const claims: DevTokenClaims = { sub: subject, 'cognito:groups': [...roles], iat, exp: iat + lifetimeSeconds, iss: devTokenIssuer };
    const signingInput = `${base64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }))}.${base64url(JSON.stringify(claims))}`;
    return { token: `${signingInput}.${this.#sign(signingInput)}`, claims };
  }

  /** The `Authorization` header's value, checked as API Gateway checks it: with or without `Bearer `. */
  check(authorization: string | undefined): TokenCheck {
    const token = authorization?.trim().replace(/^Bearer(\s+|$)/i, '');
    if (!token) return { ok: false, reason: 'no token' };
    const parts = token.split('.');
    if (parts.length !== 3) return { ok: false, reason: 'not a JWT' };
    const [header, payload, signature] = parts as [string, string, string];
    const alg = (decodeJson(header) as { alg?: unknown } | undefined)?.alg;
    if (alg !== 'HS256') return { ok: false, reason: 'unexpected algorithm' };
    const expected = Buffer.from(this.#sign(`${header}.${payload}`));
    const given = Buffer.from(signature);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'bad signature' };
    const claims = decodeJson(payload) as Partial<DevTokenClaims> | undefined;
    if (claims === undefined || typeof claims.sub !== 'string' || typeof claims.exp !== 'number') return { ok: false, reason: 'malformed claims' };
    if (claims.iss !== devTokenIssuer) return { ok: false, reason: 'unexpected issuer' };
    if (claims.exp * 1000 <= this.now()) return { ok: false, reason: 'the token has expired' };
    return { ok: true, authorizer: { jwt: { claims: asApiGatewayClaims(claims), scopes: null } } };
  }

  #sign(signingInput: string): string {
    return createHmac('sha256', this.#secret).update(signingInput).digest('base64url');
  }
}

/**
 * `POST /_local/tokens {role, subject?, expiresInSeconds?}`: the body's reading. The subject defaults to one per role;
 * a short life (0 is born expired) lets a client try its handling of an expired token.
 */
export function tokenRequestOf(input: unknown): { roles: Role[]; subject: string; lifetimeSeconds: number } | { error: string } {
  const { role, subject, expiresInSeconds } = (input ?? {}) as { role?: unknown; subject?: unknown; expiresInSeconds?: unknown };
  const requested = Array.isArray(role) ? role : [role];
  if (requested.length === 0 || !requested.every((item) => typeof item === 'string' && isRole(item))) {
    return { error: 'POST {"role": "administrator" | "supervisor" | "agent" (or an array of them), "subject"?: "id", "expiresInSeconds"?: 0-43200}' };
  }
  if (subject !== undefined && (typeof subject !== 'string' || subject.trim() === '')) return { error: 'subject must be a non-empty string' };
  const lifetime = expiresInSeconds ?? devTokenLifetimeSeconds;
  if (!Number.isInteger(lifetime) || (lifetime as number) < 0 || (lifetime as number) > devTokenLifetimeSeconds) return { error: `expiresInSeconds must be a whole number from 0 to ${devTokenLifetimeSeconds}` };
  const roles = requested as Role[];
  return { roles, subject: (subject as string | undefined)?.trim() ?? `local-${roles.join('-')}`, lifetimeSeconds: lifetime as number };
}

/**
 * API Gateway passes every claim to the function as a string, an array as `[a b]`: the handlers read the same form
 * here as in AWS.
 */
function asApiGatewayClaims(claims: Partial<DevTokenClaims>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(claims).map(([name, value]) => [name, Array.isArray(value) ? `[${value.join(' ')}]` : String(value)]),
  );
}

/**
 * The routes that take no token, read from the synthesized template: what is open locally is what CDK left open
 * (`AuthorizationType: NONE`), so a route CDK forgets to protect is open here too and the tests see it.
 */
export function routesWithoutAuthorizer(template: CloudFormationTemplate): Set<string> {
  const open = new Set<string>();
  for (const resource of Object.values(template.Resources)) {
    if (resource.Type !== 'AWS::ApiGatewayV2::Route') continue;
    const { RouteKey: routeKey, AuthorizationType: type } = (resource.Properties ?? {}) as { RouteKey?: unknown; AuthorizationType?: unknown };
    if (typeof routeKey === 'string' && (type === undefined || type === 'NONE')) open.add(routeKey);
  }
  return open;
}

function base64url(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64url');
}

function decodeJson(part: string): unknown {
  try {
    return JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
}

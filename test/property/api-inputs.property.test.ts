// Every route of the HTTP API under generated input (wrong types, huge and unicode strings, NUL, deep nesting, broken
// JSON, broken percent-encoding), as an administrator on the shared local runtime: never a 5xx, a request its schemas
// refuse is a 400 that writes nothing, and the rows seeded first are intact after all of it.
import fc from 'fast-check';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import type { ZodType } from 'zod';
import { normalisePhoneNumber } from '#domain/phone-number';
import { apiRoutes, type RouteDefinition } from '../../functions/handlers/api/routes.ts';
import { authorization, call, uniqueName } from '../support/api.ts';

/** Numbers in +33 74…, a range no other test uses: the database and its do-not-call list are shared by the whole run. */
const ownRange = '+3374';
const serialBase = Math.floor(Math.random() * 9_000) * 1_000;
const ownNumber = (serial: number) => `${ownRange}${String(serialBase + serial).padStart(7, '0')}`;

/** What the test seeds, by path parameter name: a request may aim at these, and must never damage them. */
interface Seeds {
  contactId: string;
  itemTypeId: string;
  campaignId: string;
  importId: string;
  number: string;
}
let seeds: Seeds;
let snapshotBefore: unknown;

async function snapshot(): Promise<unknown> {
  const reads = await Promise.all([
    call('GET', `/contacts/${seeds.contactId}`),
    call('GET', `/item-types/${seeds.itemTypeId}`),
    call('GET', `/campaigns/${seeds.campaignId}`),
    call('GET', `/imports/${seeds.importId}`),
    call('GET', `/contacts?phone=${encodeURIComponent(seeds.number)}`),
  ]);
  for (const read of reads) expect(read.status).toBe(200);
  return reads.map((read) => read.body);
}

/** A valid body per route, the starting point of schema-near mutations; pinned valid by the first test. */
const validBodies: Record<string, unknown> = {
  'POST /item-types': { name: 'Fuzz type', orderBy: 5, colour: '#1f77b4', description: 'made by the property test' },
  'PUT /item-types/{itemTypeId}': { name: 'Fuzz type', orderBy: 5, version: 1 },
  'POST /contacts': { displayName: 'Fuzz', externalId: 'fuzz-1', emails: ['a@example.com'], customFields: { tier: 'gold', score: 3, vip: true }, primaryPhone: { number: ownNumber(900), kind: 'HOME' }, additionalPhones: [{ number: ownNumber(901), kind: 'OTHER', description: 'desk' }] },
  'PUT /contacts/{contactId}': { displayName: 'Fuzz', primaryPhone: { number: ownNumber(902) }, version: 1 },
  'POST /contacts/{contactId}/phones': { number: ownNumber(903), kind: 'HOME', version: 1 },
  'PUT /contacts/{contactId}/phones/{number}': { kind: 'OFFICE', description: 'desk', version: 1 },
  'POST /imports': { fileName: 'fuzz.csv', delimiter: ';', mapping: { displayName: 'Name', primaryPhone: 'Phone', additionalPhones: [{ column: 'Other' }], customFields: { tier: 'Tier' } } },
  'POST /campaigns': { name: 'Fuzz campaign', settings: { additionalPhoneDelayMinutes: 2, retries: { NO_ANSWER: { maxRetries: 3, retryDelayMinutes: 5 } }, callingWindow: { start: '09:00', end: '18:00', days: ['MON'] }, telephony: { type: 'simulator' } } },
  'PUT /campaigns/{campaignId}': { version: 1, name: 'Fuzz campaign', schedule: null },
  'POST /campaigns/{campaignId}/contacts': { contactIds: ['no-such-contact'] },
  'POST /campaigns/{campaignId}/preview/{contactId}/reject': { reason: 'no answer from the agent' },
  'POST /numbers/{number}/consents': { action: 'grant', channels: ['voice'], purposes: ['service'], source: 'verbal', evidence: { agentId: 'a-1' } },
  'PUT /numbers/{number}/preferences': { welcomePurposes: ['service'], businessHoursOnly: true },
  'PUT /settings/contactability': { verificationRequiredFor: [], staleAfterDays: 365 },
  'POST /numbers/{number}/review': { decision: 'keep' },
  'POST /do-not-call': { prefix: ownNumber(904), reason: 'fuzz' },
  'POST /numbers/{number}/verification/check': { code: '123456' },
  'POST /possible-matches/{matchId}/accept': { survivorContactId: 'no-such-contact' },
  'POST /contacts/{contactId}/merge': { mergedContactId: 'no-such-contact' },
  'PUT /settings/identification': { enabled: true, version: 0 },
};

/**
 * Routes whose valid requests change what other tests of the run see (settings, the do-not-call list, item types that
 * name import columns, campaigns with schedules): they get only requests their schemas refuse.
 */
const sharedStateRoutes = new Set(['POST /item-types', 'POST /campaigns', 'PUT /settings/contactability', 'PUT /settings/identification', 'POST /do-not-call', 'DELETE /do-not-call/{prefix}']);

const routeKey = (route: RouteDefinition) => `${route.method} ${route.path}`;

// Generators of hostile values; `longest` keeps a query or a path under the HTTP server's 16 KB header limit.
const hostileString = (longest: number) => fc.oneof(
  fc.string({ maxLength: 20 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.string({ unit: 'binary', maxLength: 20 }),
  fc.constantFrom('', ' ', '\u0000', 'a\u0000b', '\uFEFF', '\uD800', '😀'.repeat(50), '../..', '%', '%ZZ', '%E0%A4%A', '%00', '${x}', '<script>', "'; DROP TABLE", '+33 6 12 34 56 78', '=1+2', '__proto__', 'constructor', 'toString'),
  fc.integer({ min: 1_000, max: longest }).map((length) => 'x'.repeat(length)),
);
const nastyString = hostileString(120_000);
const nastyUrlString = hostileString(2_500);
/** JSON values, including nesting deeper than any schema expects and keys that matter to JavaScript objects. */
const nastyJson: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    nastyString,
    fc.oneof(fc.integer(), fc.double(), fc.constantFrom(0, -1, 1.5, 1e308, -1e308, Number.MAX_SAFE_INTEGER + 2)),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(fc.oneof(nastyString, fc.constantFrom('__proto__', 'constructor', 'version', 'number', 'name')), tie('value'), { maxKeys: 4 }),
  ),
})).value;
/** Nesting deeper than any schema expects, as a value inside a body (fast-check's own recursion bounds its depth)… */
const deeplyNested = fc.integer({ min: 20, max: 200 }).map((depth) => JSON.parse(`${'['.repeat(depth)}{"a":1}${']'.repeat(depth)}`) as unknown);
/** …and as a whole body, as deep as a JSON parser will go. */
const deeplyNestedText = fc.tuple(fc.integer({ min: 1_000, max: 20_000 }), fc.constantFrom(['[', ']'], ['{"a":', '}'])).map(([depth, [open, close]]) => `${open!.repeat(depth)}1${close!.repeat(depth)}`);

/** The value at `path` of `value` replaced (`undefined`: the key removed), on a copy. */
function mutateAt(value: unknown, path: readonly string[], replacement: unknown): unknown {
  if (path.length === 0) return replacement;
  const copy: any = Array.isArray(value) ? [...value] : { ...(value as object) };
  const [head, ...rest] = path;
  if (rest.length === 0 && replacement === undefined) delete copy[head!];
  else copy[head!] = mutateAt(copy[head!], rest, replacement);
  return copy;
}

function pathsOf(value: unknown, prefix: string[] = []): string[][] {
  if (value === null || typeof value !== 'object') return [prefix];
  return [prefix, ...Object.entries(value).flatMap(([key, child]) => pathsOf(child, [...prefix, key]))];
}

/** Near the schema: the valid body with one value replaced, one key removed, or an unknown key added. */
function schemaNear(valid: unknown): fc.Arbitrary<unknown> {
  const paths = pathsOf(valid);
  return fc.oneof(
    fc.tuple(fc.constantFrom(...paths), fc.oneof(nastyJson, deeplyNested)).map(([path, replacement]) => mutateAt(valid, path, replacement)),
    fc.constantFrom(...paths.filter((path) => path.length > 0)).map((path) => mutateAt(valid, path, undefined)),
    fc.tuple(nastyString, nastyJson).map(([key, extra]) => ({ ...(valid as object), [key]: extra })),
  );
}

/** A body as the text sent: absent, broken JSON, arbitrary JSON, or near the route's schema. */
function bodyText(route: RouteDefinition): fc.Arbitrary<string | undefined> {
  const valid = validBodies[routeKey(route)];
  const json = fc.oneof(nastyJson, deeplyNested, ...(valid === undefined ? [] : [schemaNear(valid), schemaNear(valid), fc.constant(valid)])).map((value) => JSON.stringify(value));
  const broken = fc.oneof(nastyString, deeplyNestedText, fc.constantFrom('{', '{"a":', '[1,', 'nul', '"\\u12"', '{"a":1}}', '\u0000{}'));
  return fc.oneof({ weight: 1, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: broken }, { weight: 4, arbitrary: json });
}

/** The query string: known keys with hostile values, unknown keys, and raw text no decoder likes. */
function queryText(route: RouteDefinition): fc.Arbitrary<string> {
  const known = Object.keys((route.request?.query as any)?.shape ?? {});
  const keys = fc.oneof(fc.constantFrom('limit', 'cursor', ...known), nastyUrlString);
  const values = fc.oneof(nastyUrlString, fc.constantFrom('0', '-1', '1.5', '25', '1e3', 'NaN', 'Infinity', '100', '101', 'true'));
  const encoded = fc.array(fc.tuple(keys, values), { maxLength: 4 }).map((pairs) => new URLSearchParams(pairs.map(([key, value]): [string, string] => [key.replace(/[\uD800-\uDFFF]/g, ''), value.replace(/[\uD800-\uDFFF]/g, '')])).toString());
  return fc.oneof(fc.constant(''), encoded, encoded, fc.constantFrom('a=%ZZ', '%', '=&&=', 'limit=%E0%A4%A', 'limit=1&limit=2', 'cursor=' + 'x'.repeat(3_000)));
}

/** A path parameter: a seeded resource (when one of that name exists), or anything, encoded properly or brokenly. */
function paramSegment(name: string): fc.Arbitrary<{ segment: string; seeded: boolean; value: string | undefined }> {
  const seeded = (seeds as unknown as Record<string, string>)[name];
  const fuzz = fc.oneof(
    // A dot segment would be resolved away by the URL parser, sending the request to another route (`/phones/..`).
    nastyUrlString.filter((text) => text !== '' && !/[\uD800-\uDFFF]/.test(text) && !/^\.{1,2}$/.test(text)).map((text) => ({ segment: encodeURIComponent(text), seeded: false, value: text })),
    fc.constantFrom('%', '%ZZ', '%E0%A4%A', '%C0%80', '%FF', 'a%2', '%uD800').map((segment) => ({ segment, seeded: false, value: undefined })),
  );
  if (seeded === undefined) return fuzz;
  return fc.oneof(fc.constant({ segment: encodeURIComponent(seeded), seeded: true, value: seeded }), fuzz);
}

interface GeneratedRequest {
  path: string;
  query: string;
  body: string | undefined;
  targetsSeed: boolean;
  /** Decoded path parameters; `undefined` for a segment whose percent-encoding is broken. */
  params: Record<string, string | undefined>;
}

function requestFor(route: RouteDefinition): fc.Arbitrary<GeneratedRequest> {
  const names = [...route.path.matchAll(/\{(\w+)\}/g)].map((match) => match[1]!);
  return fc.tuple(fc.tuple(...names.map(paramSegment)), queryText(route), bodyText(route)).map(([segments, query, body]) => {
    let path = route.path;
    names.forEach((name, index) => (path = path.replace(`{${name}}`, segments[index]!.segment)));
    return { path, query, body, targetsSeed: segments.some((segment) => segment.seeded), params: Object.fromEntries(names.map((name, index) => [name, segments[index]!.value])) };
  });
}

/** Whether the route's schemas accept the request, as the handler will judge it (undefined: a broken path decides). */
function schemasAccept(route: RouteDefinition, request: GeneratedRequest): boolean {
  if (Object.values(request.params).some((value) => value === undefined)) return false;
  const accepts = (schema: ZodType | undefined, value: unknown) => schema === undefined || schema.safeParse(value).success;
  let body: unknown;
  if (route.request?.body !== undefined) {
    if (request.body === undefined || request.body === '') body = undefined;
    else {
      try {
        body = JSON.parse(request.body);
      } catch {
        return false;
      }
    }
  }
  const query: Record<string, string> = {};
  for (const [key, value] of new URLSearchParams(request.query)) query[key] = query[key] === undefined ? value : `${query[key]},${value}`;
  return accepts(route.request?.body, body) && accepts(route.request?.query, request.query === '' ? {} : query) && accepts(route.request?.params, request.params);
}

/**
 * Whether a request the schemas accept may be sent: not at a seeded resource (a valid write there changes it, rightly),
 * not on a route whose writes other tests would see, and not at a number outside this test's own range.
 */
function maySendValid(route: RouteDefinition, request: GeneratedRequest): boolean {
  if (route.method === 'GET') return true;
  if (request.targetsSeed || sharedStateRoutes.has(routeKey(route))) return false;
  const number = request.params.number;
  if (number !== undefined && route.path.startsWith('/numbers/')) {
    try {
      return normalisePhoneNumber(number, 'US').e164.startsWith(ownRange);
    } catch {
      return true;
    }
  }
  return true;
}

/** The request over HTTP; the reply's body parsed when it is JSON (history.csv answers CSV). */
async function send(route: RouteDefinition, request: GeneratedRequest): Promise<{ status: number; body: any }> {
  const url = `${inject('apiUrl')}${request.path}${request.query === '' ? '' : `?${request.query}`}`;
  const body = route.method === 'GET' ? undefined : request.body;
  const response = await fetch(url, { method: route.method, headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...(await authorization()) }, body });
  const text = await response.text();
  try {
    return { status: response.status, body: text === '' ? undefined : JSON.parse(text) };
  } catch {
    return { status: response.status, body: text };
  }
}

describe('every API route under generated input', () => {
  beforeAll(async () => {
    const itemType = await call('POST', '/item-types', { name: uniqueName('Fuzz seed'), orderBy: 7 });
    const contact = await call('POST', '/contacts', {
      displayName: 'Seed Ünïcødé "quoted", name',
      externalId: uniqueName('fuzz-seed'),
      emails: ['seed@example.com'],
      customFields: { tier: 'gold' },
      primaryPhone: { number: ownNumber(1), kind: 'MOBILE' },
      additionalPhones: [{ number: ownNumber(2), kind: 'OFFICE', itemTypeId: itemType.body.id, description: 'desk' }],
    });
    const campaign = await call('POST', '/campaigns', { name: uniqueName('Fuzz seed campaign') });
    const started = await call('POST', '/imports', { fileName: 'seed.csv' });
    expect([itemType.status, contact.status, campaign.status, started.status]).toEqual([201, 201, 201, 201]);
    seeds = { contactId: contact.body.id, itemTypeId: itemType.body.id, campaignId: campaign.body.id, importId: started.body.id, number: ownNumber(1) };
    snapshotBefore = await snapshot();
  });

  it('has a valid example body for every route that takes a body, which its schema accepts', () => {
    const withBody = apiRoutes.filter((route) => route.request?.body !== undefined);
    for (const route of withBody) {
      const example = validBodies[routeKey(route)];
      expect.soft(example, routeKey(route)).toBeDefined();
      if (example !== undefined) expect.soft(route.request!.body!.safeParse(example).success, routeKey(route)).toBe(true);
    }
    expect(Object.keys(validBodies).filter((key) => !withBody.some((route) => routeKey(route) === key))).toEqual([]);
  });

  it('answers 400 to a path parameter whose percent-encoding is broken (found by the property below: it was a 500)', async () => {
    for (const segment of ['%', '%E0%A4%A', '%C0%80', '%uD800']) {
      // Act
      const reply = await call('GET', `/contacts/${segment}`);
      // Assess
      expect(reply.status, segment).toBe(400);
      expect(reply.body).toMatchObject({ error: 'invalid_input', field: 'path.contactId' });
    }
  });

  const sent = { refused: 0, accepted: 0 };
  it.each(apiRoutes.map((route) => [routeKey(route), route] as const))('%s: never a 5xx; what its schemas refuse is a 400', async (_key, route) => {
    await fc.assert(
      fc.asyncProperty(requestFor(route), async (request) => {
        const valid = schemasAccept(route, request);
        if (valid && !maySendValid(route, request)) return;
        // Act
        const reply = await send(route, request);
        // Assess
        expect(reply.status, `${route.method} ${request.path}?${request.query} → ${JSON.stringify(reply.body)?.slice(0, 300)}`).toBeLessThan(500);
        // Refused before any function ran: no route matched, or the HTTP server's own limits (431, 414).
        const routed = !(reply.status === 404 && String(reply.body?.message).startsWith('no route')) && reply.status !== 431 && reply.status !== 414;
        if (!valid && routed) expect(reply.status, `${route.method} ${request.path}: ${JSON.stringify(reply.body)?.slice(0, 300)}`).toBe(400);
        if (valid) sent.accepted += 1;
        else sent.refused += 1;
      }),
      { seed: 20_261_123, numRuns: 12, endOnFailure: true },
    );
  });

  it('leaves the seeded rows intact after all of it: nothing refused wrote, nothing aimed elsewhere reached them', async () => {
    expect(await snapshot()).toEqual(snapshotBefore);
    // Both kinds of request were sent: a property that only ever saw 400s would say little.
    expect(sent.refused).toBeGreaterThan(apiRoutes.length);
    expect(sent.accepted).toBeGreaterThan(apiRoutes.length / 2);
  });
});

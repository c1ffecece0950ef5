// The API's rule table (functions/handlers/api/route-access.ts) on the API's real routes.
import { describe, expect, it } from 'vitest';
import { accessTo, mayCall, type Role } from '#domain/access/roles';
import { routeAccess, routeAccessRules } from '../../../functions/handlers/api/route-access.ts';
import { apiRoutes } from '../../../functions/handlers/api/routes.ts';

const may = (role: Role, routeKey: string) => mayCall(routeAccess(routeKey), [role]);

/** What the product says each role does (README, "Authentication and roles"), as examples of the API's own routes. */
const examples: Record<Role, { allowed: string[]; denied: string[] }> = {
  agent: {
    allowed: [
      'GET /contacts', 'GET /contacts/{contactId}', 'POST /contacts', 'PUT /contacts/{contactId}',
      'POST /contacts/{contactId}/phones', 'PUT /contacts/{contactId}/phones/{number}', 'DELETE /contacts/{contactId}/phones/{number}',
      'GET /item-types', 'GET /item-types/{itemTypeId}',
      'POST /numbers/{number}/consents', 'GET /numbers/{number}/consents', 'GET /contacts/{contactId}/consents', 'PUT /numbers/{number}/preferences',
      'GET /contacts/{contactId}/contactability', 'POST /numbers/{number}/review',
      'POST /numbers/{number}/verification', 'POST /numbers/{number}/verification/check',
      'GET /campaigns', 'GET /campaigns/{campaignId}', 'GET /campaigns/{campaignId}/history', 'GET /campaigns/{campaignId}/history.csv',
      'GET /campaigns/{campaignId}/final', 'GET /campaigns/{campaignId}/skips', 'GET /campaigns/{campaignId}/preview',
      'POST /campaigns/{campaignId}/preview/{contactId}/accept', 'POST /campaigns/{campaignId}/preview/{contactId}/reject',
      'GET /possible-matches', 'POST /possible-matches/{matchId}/dismiss', 'POST /possible-matches/{matchId}/accept',
      'POST /contacts/{contactId}/merge', 'GET /merges/{mergedContactId}',
    ],
    denied: [
      'DELETE /contacts/{contactId}', 'POST /item-types', 'PUT /item-types/{itemTypeId}', 'DELETE /item-types/{itemTypeId}',
      'GET /settings/contactability', 'PUT /settings/contactability', 'POST /campaigns', 'PUT /campaigns/{campaignId}',
      'POST /campaigns/{campaignId}/start', 'POST /campaigns/{campaignId}/contacts', 'POST /imports', 'GET /imports/{importId}',
      'POST /do-not-call', 'GET /do-not-call', 'DELETE /do-not-call/{prefix}', 'GET /verification-queue',
      'POST /contacts/{contactId}/erase', 'GET /contacts/{contactId}/export',
      'PUT /settings/identification', 'GET /settings/identification/backfills/{backfillId}', 'POST /settings/identification/backfills/{backfillId}/resume',
    ],
  },
  supervisor: {
    allowed: [
      'DELETE /contacts/{contactId}', 'POST /contacts', 'GET /item-types', 'POST /imports', 'GET /imports/{importId}/rejections',
      'POST /campaigns', 'PUT /campaigns/{campaignId}', 'DELETE /campaigns/{campaignId}', 'POST /campaigns/{campaignId}/start',
      'POST /campaigns/{campaignId}/stop', 'POST /campaigns/{campaignId}/contacts', 'POST /campaigns/{campaignId}/preview/{contactId}/accept',
      'POST /do-not-call', 'GET /do-not-call', 'GET /do-not-call/{prefix}', 'GET /verification-queue', 'GET /settings/contactability',
      'POST /numbers/{number}/consents', 'GET /settings/identification', 'GET /settings/identification/backfills/{backfillId}',
    ],
    denied: [
      'PUT /settings/identification', 'POST /settings/identification/backfills/{backfillId}/resume',
      'PUT /settings/contactability', 'POST /item-types', 'PUT /item-types/{itemTypeId}', 'DELETE /item-types/{itemTypeId}',
      'DELETE /do-not-call/{prefix}', 'POST /contacts/{contactId}/erase', 'GET /contacts/{contactId}/export',
    ],
  },
  administrator: { allowed: apiRoutes.map((route) => `${route.method} ${route.path}`), denied: [] },
};

describe('who may call which API route', () => {
  describe.each(Object.entries(examples))('%s', (role, { allowed, denied }) => {
    it.each(allowed)(`may call %s`, (routeKey) => {
      // Act
      const allowedToCall = may(role as Role, routeKey);

      // Assess
      expect(allowedToCall).toBe(true);
    });

    it.each(denied)(`may not call %s`, (routeKey) => {
      // Act
      const allowedToCall = may(role as Role, routeKey);

      // Assess
      expect(allowedToCall).toBe(false);
    });
  });

  it('keeps a route added without a rule for administrators only', () => {
    // Act
    const forgotten = ['POST /reports', 'GET /reports/{reportId}', 'PUT /settings/anything-new', 'DELETE /verification-queue'].map(routeAccess);

    // Assess
    for (const access of forgotten) expect(access).toEqual(['administrator']);
  });

  it('asks every route but the OpenAPI document for a token', () => {
    // Act
    const open = apiRoutes.filter((route) => routeAccess(`${route.method} ${route.path}`) === 'public').map((route) => `${route.method} ${route.path}`);

    // Assess
    expect(open).toEqual(['GET /openapi.json']);
  });

  it('has no rule that matches none of the routes (a mistyped pattern would)', () => {
    // Prepare
    const routeKeys = apiRoutes.map((route) => `${route.method} ${route.path}`);

    // Act
    const unused = routeAccessRules.flatMap((rule) => rule.routes).filter((pattern) => !routeKeys.some((key) => matches(pattern, key)));

    // Assess
    expect(unused).toEqual([]);
  });
});

/** Whether `pattern` matches `routeKey`: a table of that one pattern, open to agents, lets an agent call it. */
function matches(pattern: string, routeKey: string): boolean {
  return mayCall(accessTo([{ routes: [pattern], allow: ['agent'], because: 'probe' }], routeKey), ['agent']);
}

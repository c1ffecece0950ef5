// Who may call each API route: one first-match table over route templates. Administrators may call every route; a
// route no rule matches is for administrators only, so a route added without a rule is closed, not open.
// Every API function reads this table (keep it free of heavy imports: it is in each function's bundle).
import { accessTo, type AccessRule, type RouteAccess } from '#domain/access/roles';

export const routeAccessRules: readonly AccessRule[] = [
  { routes: ['GET /openapi.json'], allow: 'public', because: 'the API describes itself to anyone' },
  { routes: ['POST /contacts/*/erase', 'GET /contacts/*/export'], allow: [], because: 'data-protection requests: an erasure cannot be undone, an export hands over everything kept about a person' },
  { routes: ['DELETE /do-not-call/*'], allow: [], because: 'lifting a bar puts numbers back in the dialler' },
  { routes: ['GET /contacts/**', 'GET /item-types/**'], allow: ['supervisor', 'agent'], because: 'reading contacts, their consent and contactability, and item types' },
  { routes: ['POST /contacts', 'PUT /contacts/*', '* /contacts/*/phones/**'], allow: ['supervisor', 'agent'], because: 'agents add and edit contacts and phones (deleting a contact is not theirs)' },
  { routes: ['POST|GET /numbers/*/consents', 'PUT /numbers/*/preferences', 'POST /numbers/*/review', 'POST /numbers/*/verification/**'], allow: ['supervisor', 'agent'], because: 'agents record what the person says: consent, preferences, the review of a stop asked in words, verification codes' },
  { routes: ['GET /interactions/**', 'GET /possible-matches', 'POST /possible-matches/*/dismiss', 'POST /possible-matches/*/accept', 'POST /contacts/*/merge', 'GET /merges/*'], allow: ['supervisor', 'agent'], because: 'agents pick the contact of an interaction that landed on nobody, and accept or dismiss possible matches' },
  { routes: ['GET /campaigns/**', 'POST /campaigns/*/preview/*/*'], allow: ['supervisor', 'agent'], because: 'agents read campaigns and their results and work the preview list' },
  { routes: ['* /contacts/**', '* /numbers/**', '* /imports/**', '* /campaigns/**', '* /do-not-call/**', 'GET /verification-queue'], allow: ['supervisor'], because: 'supervisors run the operation: imports, campaigns, the do-not-call list, deleting contacts' },
  { routes: ['GET /settings/**'], allow: ['supervisor'], because: 'supervisors read the settings; only administrators change them' },
];

/** Who may call the route API Gateway names `routeKey` (`POST /contacts/{contactId}/phones`). */
export function routeAccess(routeKey: string): RouteAccess {
  return accessTo(routeAccessRules, routeKey);
}

/** Routes anyone may call without a token: CDK gives them no authorizer, and the local runtime asks them for none. */
export function isPublicRoute(method: string, path: string): boolean {
  return routeAccess(`${method} ${path}`) === 'public';
}

// Who may call which API route: the roles a caller's token carries, and the first-match rule table that grants them.

export const roles = ['administrator', 'supervisor', 'agent'] as const;
export type Role = (typeof roles)[number];

/** Who is calling, as the token says: its subject and the roles among its groups (other groups are ignored). */
export interface Caller {
  subject: string;
  roles: Role[];
}

export function isRole(value: string): value is Role {
  return (roles as readonly string[]).includes(value);
}

/**
 * One row of a rule table: route patterns and who may call them. A pattern is `METHODS /path`: METHODS is `*` or
 * methods joined by `|`; in the path `*` matches one segment (a path parameter, say) and a final `**` any number of
 * segments, none included. Patterns are matched against route templates (`POST /contacts/{contactId}/erase`, as API
 * Gateway's `routeKey` gives them), never against request paths, so a parameter's value can never match a literal.
 */
export interface AccessRule {
  routes: readonly string[];
  /** `public`: no token needed. Otherwise the roles granted besides the administrator, who may call every route. */
  allow: 'public' | readonly Role[];
  /** Why: the rule table is read by people deciding whether a route is open too wide. */
  because: string;
}

/** Who may call a route: `public`, or the roles allowed. A route no rule matches is for administrators only. */
export type RouteAccess = 'public' | readonly Role[];

const administratorOnly: readonly Role[] = ['administrator'];

/** The first rule with a pattern matching `routeKey` (`METHOD /template`) decides; none matching: administrators only. */
export function accessTo(rules: readonly AccessRule[], routeKey: string): RouteAccess {
  const [method = '', path = ''] = routeKey.split(' ', 2);
  const rule = rules.find((candidate) => candidate.routes.some((pattern) => patternMatches(pattern, method, path)));
  if (rule === undefined) return administratorOnly;
  if (rule.allow === 'public') return 'public';
  return rule.allow.includes('administrator') ? rule.allow : ['administrator', ...rule.allow];
}

export function mayCall(access: RouteAccess, callerRoles: readonly Role[]): boolean {
  return access === 'public' || callerRoles.some((role) => access.includes(role));
}

function patternMatches(pattern: string, method: string, path: string): boolean {
  const [methods = '', pathPattern = ''] = pattern.split(' ', 2);
  if (methods !== '*' && !methods.split('|').includes(method)) return false;
  return segmentsMatch(segmentsOf(pathPattern), segmentsOf(path));
}

function segmentsMatch(pattern: readonly string[], path: readonly string[]): boolean {
  if (pattern.length === 0) return path.length === 0;
  const [head, ...rest] = pattern;
  if (head === '**' && rest.length === 0) return true;
  if (path.length === 0) return false;
  return (head === '*' || head === path[0]) && segmentsMatch(rest, path.slice(1));
}

function segmentsOf(path: string): string[] {
  return path.split('/').filter((segment) => segment !== '');
}

// The rule table's semantics: first match decides, patterns over route templates, administrators always, closed by default.
import { describe, expect, it } from 'vitest';
import { accessTo, mayCall, type AccessRule } from '#domain/access/roles';

const rules: AccessRule[] = [
  { routes: ['GET /open'], allow: 'public', because: 'test' },
  { routes: ['POST /things/*/secret'], allow: [], because: 'test' },
  { routes: ['GET|PUT /things/**'], allow: ['agent'], because: 'test' },
  { routes: ['* /things/**'], allow: ['supervisor'], because: 'test' },
];

describe('route access rules', () => {
  it('lets the first matching rule decide, so that an exception is written before the rule it narrows', () => {
    // Act
    const secret = accessTo(rules, 'POST /things/{thingId}/secret');
    const other = accessTo(rules, 'POST /things/{thingId}/other');

    // Assess
    expect(secret).toEqual(['administrator']);
    expect(other).toEqual(['administrator', 'supervisor']);
  });

  it('matches methods by list or *, one segment by *, and any number of segments (none too) by a final **', () => {
    // Act
    const results = ['GET /things', 'PUT /things/{thingId}', 'GET /things/{thingId}/parts/{partId}', 'DELETE /things/{thingId}', 'GET /thingsandmore'].map((key) => accessTo(rules, key));

    // Assess
    expect(results).toEqual([['administrator', 'agent'], ['administrator', 'agent'], ['administrator', 'agent'], ['administrator', 'supervisor'], ['administrator']]);
  });

  it('matches a literal segment only to the same literal of the template, never to a path parameter', () => {
    // Act
    const access = accessTo([{ routes: ['GET /things/secret'], allow: ['agent'], because: 'test' }], 'GET /things/{thingId}');

    // Assess
    expect(access).toEqual(['administrator']);
  });

  it('keeps a route no rule matches, and a missing route key, for administrators only', () => {
    // Act
    const forgotten = accessTo(rules, 'POST /reports/{reportId}/run');
    const noKey = accessTo(rules, '$default');

    // Assess
    expect(forgotten).toEqual(['administrator']);
    expect(noKey).toEqual(['administrator']);
  });

  it('lets anyone call a public route, and otherwise a caller holding one of the roles', () => {
    // Prepare
    const forAgents = accessTo(rules, 'GET /things');

    // Act
    const decisions = [mayCall(accessTo(rules, 'GET /open'), []), mayCall(forAgents, ['agent']), mayCall(forAgents, ['supervisor']), mayCall(forAgents, []), mayCall(forAgents, ['supervisor', 'administrator'])];

    // Assess
    expect(decisions).toEqual([true, true, false, false, true]);
  });
});

// Who may call the API, through the local runtime: tokens checked as API Gateway's JWT authorizer checks them (401),
// roles checked by every function (403), the caller's subject recorded as the ledger's actor.
//
// Settings are account-wide and other test files change them meanwhile: this file never changes one. An allowed call
// to PUT /settings/contactability is shown by an invalid body answered 400 by the function, past the role check.
import { describe, expect, inject, it } from 'vitest';
import { callAs, tokenFor, uniqueName, type ApiReply, type Caller } from '../support/api.ts';
import { mobileNumber } from '../support/phone-numbers.ts';

const numberPath = (number: string) => `/numbers/${encodeURIComponent(number)}`;
const validPolicy = { verificationRequiredFor: [], staleAfterDays: 365 };
const invalidPolicy = { verificationRequiredFor: [], staleAfterDays: 0 };

async function contactAs(caller: Caller): Promise<{ id: string; number: string }> {
  const number = mobileNumber();
  const created = await callAs(caller, 'POST', '/contacts', { displayName: uniqueName('Access'), primaryPhone: { number, kind: 'MOBILE' } });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  return { id: created.body.id, number };
}

function expectForbidden(reply: ApiReply): void {
  expect(reply.status, JSON.stringify(reply.body)).toBe(403);
  expect(reply.body).toMatchObject({ error: 'forbidden', message: expect.any(String) });
}

describe('authentication', () => {
  it('answers 401 as API Gateway does to a request without a token, before any function runs', async () => {
    // Act
    const read = await callAs('anonymous', 'GET', '/contacts');
    const write = await callAs('anonymous', 'POST', '/contacts', { displayName: 'Nobody', primaryPhone: { number: mobileNumber() } });

    // Assess
    expect(read).toEqual({ status: 401, body: { message: 'Unauthorized' } });
    expect(write).toEqual({ status: 401, body: { message: 'Unauthorized' } });
  });

  it('answers 401 to a malformed token, an expired one, and one signed with another key or altered', async () => {
    // Prepare
    const expired = await freshToken({ role: 'administrator', expiresInSeconds: 0 });
    const [header, payload, signature] = (await tokenFor('agent')).split('.') as [string, string, string];
    const promoted = Buffer.from(Buffer.from(payload, 'base64url').toString().replace('["agent"]', '["administrator"]')).toString('base64url');
    const foreignKey = `${header}.${payload}.${Buffer.from('another key entirely, of the same length....').toString('base64url')}`;

    // Act
    const replies = await Promise.all(['not-a-token', 'a.b.c', expired, `${header}.${promoted}.${signature}`, foreignKey].map((token) => callAs({ token }, 'GET', '/contacts')));

    // Assess
    for (const reply of replies) expect(reply).toEqual({ status: 401, body: { message: 'Unauthorized' } });
  });

  it('serves the OpenAPI document to anyone, saying which routes need a token of which roles', async () => {
    // Act
    const document = await callAs('anonymous', 'GET', '/openapi.json');

    // Assess
    expect(document.status).toBe(200);
    expect(document.body.security).toEqual([{ bearer: [] }]);
    expect(document.body.paths['/openapi.json'].get.security).toEqual([]);
    expect(document.body.paths['/settings/contactability'].put).toMatchObject({ 'x-roles': ['administrator'], responses: { 401: expect.anything(), 403: expect.anything() } });
    expect(document.body.paths['/contacts'].post['x-roles']).toEqual(['administrator', 'supervisor', 'agent']);
  });

  it('hands out development tokens only for the three roles', async () => {
    // Act
    const unknownRole = await fetch(`${apiUrl()}/_local/tokens`, { method: 'POST', body: JSON.stringify({ role: 'root' }) });

    // Assess
    expect(unknownRole.status).toBe(400);
  });
});

describe('roles', () => {
  it('lets an agent add and edit a contact, a phone and consent, but not delete the contact', async () => {
    // Prepare
    const contact = await contactAs('agent');
    const read = await callAs('agent', 'GET', `/contacts/${contact.id}`);

    // Act
    const renamed = await callAs('agent', 'PUT', `/contacts/${contact.id}`, { displayName: uniqueName('Renamed'), primaryPhone: { number: contact.number, kind: 'MOBILE' }, version: read.body.version });
    const phone = await callAs('agent', 'POST', `/contacts/${contact.id}/phones`, { number: mobileNumber(), kind: 'MOBILE' });
    const consent = await callAs('agent', 'POST', `${numberPath(contact.number)}/consents`, { action: 'grant', channels: ['voice'], purposes: ['service'], source: 'verbal' });
    const deletion = await callAs('agent', 'DELETE', `/contacts/${contact.id}`);

    // Assess
    expect(renamed.status, JSON.stringify(renamed.body)).toBe(200);
    expect(phone.status, JSON.stringify(phone.body)).toBe(200);
    expect(consent.status, JSON.stringify(consent.body)).toBe(201);
    expectForbidden(deletion);
    expect((await callAs('administrator', 'GET', `/contacts/${contact.id}`)).status).toBe(200);
  });

  it('keeps settings, item types and campaign set-up from an agent', async () => {
    // Act
    const replies = [
      await callAs('agent', 'PUT', '/settings/contactability', validPolicy),
      await callAs('agent', 'POST', '/item-types', { name: uniqueName('Agent type'), orderBy: 9 }),
      await callAs('agent', 'POST', '/campaigns', { name: uniqueName('Agent campaign') }),
    ];

    // Assess
    for (const reply of replies) expectForbidden(reply);
    expect(replies[0]!.body.message).toBe('PUT /settings/contactability is for administrator; the caller has agent');
  });

  it('lets an agent read campaigns and item types', async () => {
    // Act
    const campaigns = await callAs('agent', 'GET', '/campaigns');
    const itemTypes = await callAs('agent', 'GET', '/item-types');

    // Assess
    expect([campaigns.status, itemTypes.status]).toEqual([200, 200]);
  });

  it('lets a supervisor create a campaign and read the settings, not change them', async () => {
    // Act
    const campaign = await callAs('supervisor', 'POST', '/campaigns', { name: uniqueName('Supervised') });
    const settings = await callAs('supervisor', 'GET', '/settings/contactability');
    const change = await callAs('supervisor', 'PUT', '/settings/contactability', validPolicy);
    const itemType = await callAs('supervisor', 'POST', '/item-types', { name: uniqueName('Supervisor type'), orderBy: 9 });

    // Assess
    expect(campaign.status, JSON.stringify(campaign.body)).toBe(201);
    expect(settings.status).toBe(200);
    expectForbidden(change);
    expectForbidden(itemType);
    expect((await callAs('administrator', 'DELETE', `/campaigns/${campaign.body.id}`)).status).toBe(200);
  });

  it('lets an administrator do all of it', async () => {
    // Prepare
    const contact = await contactAs('agent');

    // Act
    const settings = await callAs('administrator', 'PUT', '/settings/contactability', invalidPolicy);
    const itemType = await callAs('administrator', 'POST', '/item-types', { name: uniqueName('Admin type'), orderBy: 9 });
    const campaign = await callAs('administrator', 'POST', '/campaigns', { name: uniqueName('Administered') });
    const deletion = await callAs('administrator', 'DELETE', `/contacts/${contact.id}`);

    // Assess
    expect(settings).toMatchObject({ status: 400, body: { error: 'invalid_input', field: 'staleAfterDays' } });
    expect(itemType.status, JSON.stringify(itemType.body)).toBe(201);
    expect(campaign.status, JSON.stringify(campaign.body)).toBe(201);
    expect(deletion.status).toBe(204);
    expect((await callAs('administrator', 'DELETE', `/item-types/${itemType.body.id}`)).status).toBe(200);
    expect((await callAs('administrator', 'DELETE', `/campaigns/${campaign.body.id}`)).status).toBe(200);
  });

  it("records the agent's token subject as the actor of the consent they record", async () => {
    // Prepare
    const agent = { role: 'agent' as const, subject: `agent-${Math.random().toString(36).slice(2, 10)}` };
    const contact = await contactAs(agent);

    // Act
    const recorded = await callAs(agent, 'POST', `${numberPath(contact.number)}/consents`, { action: 'withdraw', channels: ['sms'], purposes: ['marketing'], source: 'agent' });
    const ledger = await callAs(agent, 'GET', `${numberPath(contact.number)}/consents`);

    // Assess
    expect(recorded.status, JSON.stringify(recorded.body)).toBe(201);
    expect(ledger.body.entries).toEqual([expect.objectContaining({ change: { type: 'consent', action: 'withdraw', channel: 'sms', purpose: 'marketing' }, source: 'agent', actor: `user:${agent.subject}` })]);
  });
});

function apiUrl(): string {
  return inject('apiUrl');
}

/** A token the shared cache must not keep (one born expired, say). */
async function freshToken(request: Record<string, unknown>): Promise<string> {
  const response = await fetch(`${apiUrl()}/_local/tokens`, { method: 'POST', body: JSON.stringify(request) });
  expect(response.status).toBe(200);
  return ((await response.json()) as { token: string }).token;
}

// Possible matches accepted and contacts merged through the local API (DESIGN §3): the survivor holds every number
// with the stronger kind, the interactions and enrolments; the merged contact answers 308 to the survivor.
import { inject } from 'vitest';
import { describe, expect, it } from 'vitest';
import { authorization, call, callAs } from '../support/api.ts';
import { mobileNumber, usNumber } from '../support/phone-numbers.ts';

const encoded = (number: string) => encodeURIComponent(number);

async function created(body: unknown): Promise<any> {
  const reply = await call('POST', '/contacts', body);
  expect(reply.status, JSON.stringify(reply.body)).toBe(201);
  return reply.body;
}

/** The reply itself, not the one a redirect leads to. */
async function unfollowed(method: string, path: string) {
  const response = await fetch(`${inject('apiUrl')}${path}`, { method, headers: await authorization('agent'), redirect: 'manual' });
  return { status: response.status, location: response.headers.get('location'), body: (await response.json()) as any };
}

describe('possible matches and merge (DESIGN §3)', () => {
  it('an agent accepts a possible match: one contact with every number, the interactions and the enrolments; the other redirects', async () => {
    // Prepare: two profiles share a landline; one also holds a mobile the other lists as OTHER.
    const [landline, mobile, home] = [usNumber(), mobileNumber(), usNumber()];
    const keep = await created({ displayName: 'Ada Lovelace', primaryPhone: { number: home, kind: 'HOME' }, additionalPhones: [{ number: landline }, { number: mobile, kind: 'OTHER' }] });
    const other = await created({ displayName: 'A. Lovelace', emails: ['ada@example.org'], primaryPhone: { number: mobile, kind: 'MOBILE' }, additionalPhones: [{ number: landline, kind: 'HOME' }] });
    const campaign = (await call('POST', '/campaigns', { name: `merge ${crypto.randomUUID()}` })).body;
    expect((await call('POST', `/campaigns/${campaign.id}/contacts`, { contactIds: [other.id] })).status).toBe(200);
    const landed = await call('POST', '/_local/connect/inbound-call', { from: landline });
    expect(landed.body.decision).toBe('unassigned');
    const matchId = [keep.id, other.id].sort().join('|');
    expect((await callAs('agent', 'GET', '/possible-matches?limit=100')).body.items.map((match: any) => match.id)).toContain(matchId);
    await call('POST', '/_local/sms/inbound', { from: mobile, body: 'hello' });

    // Act
    const accepted = await callAs('agent', 'POST', `/possible-matches/${encodeURIComponent(matchId)}/accept`, { survivorContactId: keep.id });

    // Assess
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(200);
    expect(accepted.body).toMatchObject({ step: 'completed', survivorId: keep.id, mergedId: other.id, matchId, moved: { interactions: 1, enrolments: 1 } });
    const survivor = (await callAs('agent', 'GET', `/contacts/${keep.id}`)).body;
    const phones = [survivor.primaryPhone, ...survivor.additionalPhones].map((phone: any) => [phone.number, phone.kind]);
    expect(phones).toEqual([
      [home, 'HOME'],
      [landline, 'HOME'],
      [mobile, 'MOBILE'],
    ]);
    expect(survivor.emails).toEqual(['ada@example.org']);
    expect((await call('GET', `/contacts?phone=${encoded(mobile)}`)).body.items.map((contact: any) => contact.id)).toEqual([keep.id]);
    expect((await call('GET', `/contacts/${keep.id}/interactions`)).body.items.map((each: any) => each.number)).toEqual([mobile]);
    const enrolled = await call('POST', `/campaigns/${campaign.id}/contacts`, { contactIds: [keep.id] });
    expect(enrolled.body).toMatchObject({ enrolled: 0, alreadyEnrolled: 1 });
    expect((await callAs('agent', 'GET', '/possible-matches?limit=100')).body.items.map((match: any) => match.id)).not.toContain(matchId);
    // The merged contact redirects, for reads and for writes; a client that follows lands on the survivor.
    expect(await unfollowed('GET', `/contacts/${other.id}`)).toMatchObject({ status: 308, location: `/contacts/${keep.id}`, body: { error: 'contact_merged', mergedInto: keep.id } });
    expect(await unfollowed('GET', `/contacts/${other.id}/interactions`)).toMatchObject({ status: 308, location: `/contacts/${keep.id}/interactions` });
    expect((await callAs('agent', 'GET', `/contacts/${other.id}`)).body.id).toBe(keep.id);
    expect((await callAs('agent', 'GET', `/merges/${other.id}`)).body).toEqual(accepted.body);
  });

  it('an inbound SMS after the merge lands on the survivor; merging again answers the same merge and changes nothing', async () => {
    // Prepare
    const [mobile, home] = [mobileNumber(), usNumber()];
    const keep = await created({ displayName: 'Grace Hopper', primaryPhone: { number: home, kind: 'HOME' } });
    await call('POST', '/_local/sms/inbound', { from: mobile, body: 'hi, this is Grace' });
    const texted = (await call('GET', `/contacts?phone=${encoded(mobile)}`)).body.items[0];
    expect(texted.displayName).toBe(mobile);

    // Act
    const merged = await callAs('agent', 'POST', `/contacts/${keep.id}/merge`, { mergedContactId: texted.id });
    const again = await callAs('agent', 'POST', `/contacts/${keep.id}/merge`, { mergedContactId: texted.id });
    await call('POST', '/_local/sms/inbound', { from: mobile, body: 'me again' });

    // Assess
    expect(merged.status, JSON.stringify(merged.body)).toBe(200);
    expect(again.body).toEqual(merged.body);
    const interactions = (await call('GET', `/contacts/${keep.id}/interactions`)).body.items;
    expect(interactions).toHaveLength(2);
    expect(interactions.every((each: any) => each.contactId === keep.id)).toBe(true);
    expect((await call('GET', `/contacts/${keep.id}`)).body.displayName).toBe('Grace Hopper');
  });

  it('refuses a merge that would hold more numbers than a contact may, a contact merged into itself, and a stranger to the pair', async () => {
    // Prepare
    const numbers = (count: number) => Array.from({ length: count }, () => ({ number: usNumber() }));
    const first = await created({ displayName: 'many', primaryPhone: { number: usNumber() }, additionalPhones: numbers(15) });
    const second = await created({ displayName: 'many more', primaryPhone: { number: usNumber() }, additionalPhones: numbers(10) });

    // Act
    const tooMany = await callAs('agent', 'POST', `/contacts/${first.id}/merge`, { mergedContactId: second.id });
    const itself = await callAs('agent', 'POST', `/contacts/${first.id}/merge`, { mergedContactId: first.id });
    const stranger = await callAs('agent', 'POST', `/possible-matches/${encodeURIComponent(`${first.id}|${second.id}`)}/accept`, { survivorContactId: 'someone-else' });
    const unknown = await callAs('agent', 'POST', `/contacts/${first.id}/merge`, { mergedContactId: 'no-such-contact' });

    // Assess
    expect(tooMany.status).toBe(409);
    expect([itself.status, stranger.status, unknown.status]).toEqual([400, 400, 404]);
    expect((await call('GET', `/contacts/${second.id}`)).body.additionalPhones).toHaveLength(10);
  });
});

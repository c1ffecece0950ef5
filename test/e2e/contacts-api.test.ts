// Contacts and item types through the local HTTP API, as an operator drives them.
import { describe, expect, it } from 'vitest';
import { call, uniqueName } from '../support/api.ts';
import { mobileNumber, usNumber } from '../support/phone-numbers.ts';

async function itemType(orderBy: number, name = uniqueName('Type')) {
  const created = await call('POST', '/item-types', { name, orderBy });
  expect(created.status).toBe(201);
  return created.body;
}

describe('contacts API', () => {
  it('creates a contact with typed additional phones and returns them in dial order', async () => {
    // Prepare
    const office = await itemType(1, uniqueName('Office'));
    const holiday = await itemType(2, uniqueName('Holiday'));
    const [primary, officeNumber, holidayNumber] = [usNumber(), usNumber(), mobileNumber()];
    // Act
    const created = await call('POST', '/contacts', {
      displayName: 'Ada Lovelace',
      primaryPhone: { number: primary, kind: 'HOME' },
      additionalPhones: [
        { number: holidayNumber, kind: 'MOBILE', itemTypeId: holiday.id, description: 'cottage' },
        { number: officeNumber, kind: 'OFFICE', itemTypeId: office.id },
        { number: officeNumber.replace('+1', '1-'), kind: 'OTHER' },
      ],
    });
    // Assess
    expect(created.status).toBe(201);
    expect(created.body.dialOrder.map((entry: any) => [entry.number, entry.label])).toEqual([
      [primary, 'Primary'],
      [officeNumber, office.name],
      [holidayNumber, holiday.name],
    ]);
    expect(created.body.additionalPhones).toHaveLength(2);
    const fetched = await call('GET', `/contacts/${created.body.id}`);
    expect(fetched.body).toEqual(created.body);
  });

  it('rejects an invalid number with the field and the reason', async () => {
    // Act
    const reply = await call('POST', '/contacts', { displayName: 'X', primaryPhone: { number: '+1 555' } });
    // Assess
    expect(reply.status).toBe(400);
    expect(reply.body).toMatchObject({ error: 'invalid_input', field: 'primaryPhone.number' });
    expect(reply.body.reason).toMatch(/valid|short/);
  });

  it('rejects malformed input with the field and never leaks internals', async () => {
    // Act
    const notJson = await call('POST', '/contacts', '{"displayName":');
    const unknownField = await call('POST', '/contacts', { displayName: 'X', primaryPhone: { number: usNumber() }, colour: 'red' });
    const badKind = await call('POST', '/contacts', { displayName: 'X', primaryPhone: { number: usNumber(), kind: 'PAGER' } });
    // Assess
    expect(notJson).toMatchObject({ status: 400, body: { field: 'body', reason: 'is not valid JSON' } });
    expect(unknownField.status).toBe(400);
    expect(badKind).toMatchObject({ status: 400, body: { field: 'primaryPhone.kind' } });
    expect(JSON.stringify([notJson, unknownField, badKind])).not.toMatch(/at .*\.ts|stack/i);
  });

  it('answers 404 for unknown ids and routes', async () => {
    expect((await call('GET', '/contacts/nope')).status).toBe(404);
    expect((await call('GET', '/item-types/nope')).status).toBe(404);
    expect((await call('GET', '/nothing-here')).status).toBe(404);
  });

  it('gives a mobile number one holder: the second contact gets 409 naming the holder', async () => {
    // Prepare
    const mobile = mobileNumber();
    const first = await call('POST', '/contacts', { displayName: 'First', primaryPhone: { number: mobile, kind: 'MOBILE' } });
    // Act
    const second = await call('POST', '/contacts', { displayName: 'Second', primaryPhone: { number: usNumber() }, additionalPhones: [{ number: mobile, kind: 'MOBILE' }] });
    // Assess
    expect(second.status).toBe(409);
    expect(second.body).toMatchObject({ error: 'mobile_number_taken', holderContactId: first.body.id });
  });

  it('lets two concurrent creates with the same mobile make exactly one contact', async () => {
    // Prepare
    const mobile = mobileNumber();
    const create = (name: string) => call('POST', '/contacts', { displayName: name, primaryPhone: { number: mobile, kind: 'MOBILE' } });
    // Act
    const replies = await Promise.all([create('Racer A'), create('Racer B'), create('Racer C'), create('Racer D')]);
    // Assess
    const winners = replies.filter((reply) => reply.status === 201);
    expect(winners).toHaveLength(1);
    for (const loser of replies.filter((reply) => reply.status !== 201)) {
      expect(loser.status).toBe(409);
      expect(loser.body.holderContactId).toBe(winners[0]!.body.id);
    }
    const holders = await call('GET', `/contacts?phone=${encodeURIComponent(mobile)}`);
    expect(holders.body.items.map((contact: any) => contact.id)).toEqual([winners[0]!.body.id]);
  });

  it('lets several contacts share a landline and finds them all by number', async () => {
    // Prepare
    const landline = usNumber();
    const a = await call('POST', '/contacts', { displayName: 'Parent', primaryPhone: { number: landline, kind: 'HOME' } });
    const b = await call('POST', '/contacts', { displayName: 'Child', primaryPhone: { number: mobileNumber(), kind: 'MOBILE' }, additionalPhones: [{ number: landline, kind: 'HOME' }] });
    // Act
    const found = await call('GET', `/contacts?phone=${encodeURIComponent(landline.replace('+1', ''))}`);
    // Assess
    expect(found.body.items.map((contact: any) => contact.id).sort()).toEqual([a.body.id, b.body.id].sort());
  });

  it('refuses a stale version with 409 and loses no update', async () => {
    // Prepare
    const created = await call('POST', '/contacts', { displayName: 'Versioned', primaryPhone: { number: usNumber() } });
    const input = { displayName: 'Versioned', primaryPhone: created.body.primaryPhone };
    const firstEdit = await call('PUT', `/contacts/${created.body.id}`, { ...input, primaryPhone: { number: input.primaryPhone.number }, displayName: 'Edit one', version: 1 });
    // Act
    const staleEdit = await call('PUT', `/contacts/${created.body.id}`, { displayName: 'Edit two', primaryPhone: { number: input.primaryPhone.number }, version: 1 });
    // Assess
    expect(firstEdit.status).toBe(200);
    expect(firstEdit.body.version).toBe(2);
    expect(staleEdit.status).toBe(409);
    expect(staleEdit.body.error).toBe('version_conflict');
    expect((await call('GET', `/contacts/${created.body.id}`)).body.displayName).toBe('Edit one');
  });

  it('keeps every concurrent phone addition (deltas are re-applied, not lost)', async () => {
    // Prepare
    const created = await call('POST', '/contacts', { displayName: 'Many phones', primaryPhone: { number: usNumber() } });
    const numbers = [usNumber(), usNumber(), usNumber()];
    // Act
    const replies = await Promise.all(numbers.map((number) => call('POST', `/contacts/${created.body.id}/phones`, { number })));
    // Assess
    expect(replies.map((reply) => reply.status)).toEqual([200, 200, 200]);
    const stored = await call('GET', `/contacts/${created.body.id}`);
    expect(stored.body.additionalPhones.map((phone: any) => phone.number).sort()).toEqual([...numbers].sort());
  });

  it('edits and removes a phone, and refuses to remove the primary', async () => {
    // Prepare
    const type = await itemType(3);
    const extra = usNumber();
    const created = await call('POST', '/contacts', { displayName: 'Editable', primaryPhone: { number: usNumber() }, additionalPhones: [{ number: extra }] });
    // Act
    const edited = await call('PUT', `/contacts/${created.body.id}/phones/${encodeURIComponent(extra)}`, { kind: 'OFFICE', itemTypeId: type.id, description: 'desk' });
    const removePrimary = await call('DELETE', `/contacts/${created.body.id}/phones/${encodeURIComponent(created.body.primaryPhone.number)}`);
    const removed = await call('DELETE', `/contacts/${created.body.id}/phones/${encodeURIComponent(extra)}?version=${edited.body.version}`);
    // Assess
    expect(edited.body.additionalPhones[0]).toMatchObject({ number: extra, kind: 'OFFICE', description: 'desk', itemType: { id: type.id } });
    expect(removePrimary.status).toBe(400);
    expect(removed.status).toBe(200);
    expect(removed.body.additionalPhones).toEqual([]);
  });

  it('frees a deleted contact\'s mobile for another contact', async () => {
    // Prepare
    const mobile = mobileNumber();
    const first = await call('POST', '/contacts', { displayName: 'Leaving', primaryPhone: { number: mobile, kind: 'MOBILE' } });
    // Act
    const deleted = await call('DELETE', `/contacts/${first.body.id}`);
    const second = await call('POST', '/contacts', { displayName: 'Arriving', primaryPhone: { number: mobile, kind: 'MOBILE' } });
    // Assess
    expect(deleted.status).toBe(204);
    expect(second.status).toBe(201);
    expect((await call('GET', `/contacts/${first.body.id}`)).status).toBe(404);
  });
});

describe('item types API', () => {
  it('keeps names unique regardless of case', async () => {
    // Prepare
    const name = uniqueName('Unique');
    await itemType(1, name);
    // Act
    const duplicate = await call('POST', '/item-types', { name: ` ${name.toUpperCase()} `, orderBy: 2 });
    // Assess
    expect(duplicate.status).toBe(409);
  });

  it('updates with optimistic concurrency', async () => {
    // Prepare
    const type = await itemType(4);
    // Act
    const updated = await call('PUT', `/item-types/${type.id}`, { name: type.name, orderBy: 9, version: 1 });
    const stale = await call('PUT', `/item-types/${type.id}`, { name: type.name, orderBy: 8, version: 1 });
    // Assess
    expect(updated.body).toMatchObject({ orderBy: 9, version: 2 });
    expect(stale.status).toBe(409);
  });

  it('says how many phones a deletion leaves untyped, and those phones then dial last', async () => {
    // Prepare
    const doomed = await itemType(1);
    const kept = await itemType(5);
    const [doomedNumber, keptNumber] = [usNumber(), usNumber()];
    const contact = await call('POST', '/contacts', {
      displayName: 'Typed',
      primaryPhone: { number: usNumber() },
      additionalPhones: [{ number: doomedNumber, itemTypeId: doomed.id }, { number: keptNumber, itemTypeId: kept.id }],
    });
    expect(contact.body.dialOrder.map((entry: any) => entry.number).slice(1)).toEqual([doomedNumber, keptNumber]);
    // Act
    const deletion = await call('DELETE', `/item-types/${doomed.id}`);
    // Assess
    expect(deletion.status).toBe(200);
    expect(deletion.body.phonesLeftUntyped).toBe(1);
    expect(deletion.body.notice).toMatch(/untyped/);
    const after = await call('GET', `/contacts/${contact.body.id}`);
    expect(after.body.dialOrder.slice(1).map((entry: any) => [entry.number, entry.label])).toEqual([
      [keptNumber, kept.name],
      [doomedNumber, 'Untyped'],
    ]);
  });
});

describe('OpenAPI', () => {
  it('describes every route with its request schema', async () => {
    // Act
    const document = await call('GET', '/openapi.json');
    // Assess
    expect(document.body.openapi).toBe('3.1.0');
    expect(Object.keys(document.body.paths)).toEqual(expect.arrayContaining(['/contacts', '/contacts/{contactId}', '/item-types', '/imports']));
    expect(document.body.paths['/contacts'].post.requestBody.content['application/json'].schema.required).toEqual(['displayName', 'primaryPhone']);
  });
});

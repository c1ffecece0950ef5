// The contact repository against DynamoDB Local, on the table the synthesized template defines.
import { beforeAll, describe, expect, it } from 'vitest';
import { DynamoDbContactRepository } from '../../functions/adapters/dynamodb/dynamodb-contact-repository.ts';
import { buildContact, type Contact } from '../../functions/domain/contact.ts';
import { MobileNumberTakenError, VersionConflictError } from '../../functions/domain/errors.ts';
import { contactsTableName, localDocumentClient } from '../support/local-dynamodb.ts';
import { mobileNumber, usNumber } from '../support/phone-numbers.ts';

let repository: DynamoDbContactRepository;
const rules = { defaultRegion: 'US', knownItemTypeIds: new Set<string>(), now: '2026-11-22T10:00:00.000Z' };
const contact = (id: string, numbers: Array<[string, 'MOBILE' | 'HOME' | 'OTHER']>): Contact =>
  buildContact(id, { displayName: id, primaryPhone: { number: numbers[0]![0], kind: numbers[0]![1] }, additionalPhones: numbers.slice(1).map(([number, kind]) => ({ number, kind })) }, rules);

beforeAll(() => {
  repository = new DynamoDbContactRepository(localDocumentClient(), contactsTableName());
});

describe('DynamoDbContactRepository', () => {
  it('stores a contact and finds it by each of its numbers', async () => {
    // Prepare
    const stored = contact(`c-${crypto.randomUUID()}`, [[mobileNumber(), 'MOBILE'], [usNumber(), 'HOME']]);
    // Act
    await repository.create(stored);
    // Assess
    expect(await repository.get(stored.id)).toEqual(stored);
    const holders = await repository.findHolders(stored.additionalPhones[0]!.number);
    expect(holders).toEqual([{ contactId: stored.id, number: stored.additionalPhones[0]!.number, kind: 'HOME', role: 'additional' }]);
  });

  it('refuses a second holder of a mobile and names the first', async () => {
    // Prepare
    const mobile = mobileNumber();
    const first = contact(`c-${crypto.randomUUID()}`, [[mobile, 'MOBILE']]);
    await repository.create(first);
    // Act
    const attempt = repository.create(contact(`c-${crypto.randomUUID()}`, [[usNumber(), 'OTHER'], [mobile, 'MOBILE']]));
    // Assess
    await expect(attempt).rejects.toEqual(new MobileNumberTakenError(mobile, first.id));
  });

  it('refuses an update from a stale version and releases a mobile that stops being one', async () => {
    // Prepare
    const mobile = mobileNumber();
    const v1 = contact(`c-${crypto.randomUUID()}`, [[mobile, 'MOBILE']]);
    await repository.create(v1);
    const v2 = buildContact(v1.id, { displayName: 'renamed', primaryPhone: { number: mobile, kind: 'OTHER' } }, rules, v1);
    // Act
    await repository.update(v1, v2);
    const stale = repository.update(v1, { ...v2, displayName: 'lost' });
    // Assess
    await expect(stale).rejects.toBeInstanceOf(VersionConflictError);
    await expect(repository.create(contact(`c-${crypto.randomUUID()}`, [[mobile, 'MOBILE']]))).resolves.toBeUndefined();
  });

  it('writes a batch in packed transactions, failing only the write whose condition fails', async () => {
    // Prepare
    const taken = mobileNumber();
    await repository.create(contact(`c-${crypto.randomUUID()}`, [[taken, 'MOBILE']]));
    const writes = Array.from({ length: 30 }, (_, i) => contact(`c-${crypto.randomUUID()}`, i === 17 ? [[taken, 'MOBILE']] : [[mobileNumber(), 'MOBILE'], [usNumber(), 'HOME']]));
    // Act
    const results = await repository.writeMany(writes.map((c) => ({ type: 'create' as const, contact: c })));
    // Assess
    expect(results.filter((result) => result.ok)).toHaveLength(29);
    expect(results[17]).toMatchObject({ ok: false, error: expect.any(MobileNumberTakenError) });
    expect(await repository.getMany(writes.map((c) => c.id))).toHaveLength(29);
  });

  it('deletes a contact with its holder items and claims', async () => {
    // Prepare
    const mobile = mobileNumber();
    const gone = contact(`c-${crypto.randomUUID()}`, [[mobile, 'MOBILE']]);
    await repository.create(gone);
    // Act
    await repository.delete(gone);
    // Assess
    expect(await repository.get(gone.id)).toBeUndefined();
    expect(await repository.findHolders(mobile)).toEqual([]);
  });
});

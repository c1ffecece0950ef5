// Contacts: the rules every write obeys, whatever its source (API or import).
import { describe, it, expect } from 'vitest';
import { buildContact, maxAdditionalPhones, sameContactData, strongerKind, toContactInput, type Contact, type ContactRules } from '#domain/contact';
import { InvalidInputError, InvalidPhoneNumberError } from '#domain/errors';

const office = 'type-office';
const holiday = 'type-holiday';
const rules: ContactRules = { defaultRegion: 'GB', knownItemTypeIds: new Set([office, holiday]), now: '2025-03-01T10:00:00.000Z' };
const later: ContactRules = { ...rules, now: '2025-03-02T09:30:00.000Z' };

const mobile = '+447400123456';
const landline = '+442079460958';
const otherMobile = '+447400123457';

function thrownBy(act: () => unknown): unknown {
  try {
    act();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error, nothing was thrown');
}

describe('contact', () => {
  it('builds a contact with normalised numbers, defaults and timestamps', () => {
    // Act
    const contact = buildContact('c1', { displayName: '  Ada Lovelace ', primaryPhone: { number: '07400 123456', kind: 'MOBILE' }, additionalPhones: [{ number: '020 7946 0958', itemTypeId: office, description: ' desk ' }] }, rules);

    // Assess
    expect(contact).toEqual({
      id: 'c1',
      externalId: undefined,
      displayName: 'Ada Lovelace',
      emails: [],
      customFields: {},
      primaryPhone: { number: mobile, kind: 'MOBILE', itemTypeId: undefined, description: undefined, lineType: 'mobile', lineTypeSource: 'metadata', lineTypeCheckedAt: rules.now },
      additionalPhones: [{ number: landline, kind: 'OTHER', itemTypeId: office, description: 'desk', lineType: 'fixed_line', lineTypeSource: 'metadata', lineTypeCheckedAt: rules.now }],
      version: 1,
      createdAt: rules.now,
      updatedAt: rules.now,
    });
  });

  it.each(['', '   '])('rejects the display name %j', (displayName) => {
    // Act
    const error = thrownBy(() => buildContact('c1', { displayName, primaryPhone: { number: mobile } }, rules));

    // Assess
    expect(error).toBeInstanceOf(InvalidInputError);
    expect(error).toMatchObject({ field: 'displayName', reason: 'is empty' });
  });

  it('rejects a bad primary number naming primaryPhone.number', () => {
    // Act
    const error = thrownBy(() => buildContact('c1', { displayName: 'Ada', primaryPhone: { number: 'abc' } }, rules));

    // Assess
    expect(error).toBeInstanceOf(InvalidPhoneNumberError);
    expect(error).toMatchObject({ field: 'primaryPhone.number', reason: 'not a phone number' });
  });

  it('rejects a bad additional number naming its position', () => {
    // Act
    const error = thrownBy(() => buildContact('c1', { displayName: 'Ada', primaryPhone: { number: mobile }, additionalPhones: [{ number: landline }, { number: '12' }] }, rules));

    // Assess
    expect(error).toBeInstanceOf(InvalidPhoneNumberError);
    expect(error).toMatchObject({ field: 'additionalPhones.1.number' });
  });

  it('stores a number given twice once, at its first place, with the stronger kind (DESIGN T5)', () => {
    // Act
    const contact = buildContact(
      'c1',
      {
        displayName: 'Ada',
        primaryPhone: { number: landline, kind: 'HOME' },
        additionalPhones: [
          { number: '07400 123456', kind: 'OTHER', itemTypeId: office },
          { number: '020 7946 0958', kind: 'OTHER' },
          { number: '+44 7400 123456', kind: 'MOBILE', itemTypeId: holiday, description: 'her own' },
        ],
      },
      rules,
    );

    // Assess
    expect(contact.primaryPhone).toMatchObject({ number: landline, kind: 'HOME' });
    expect(contact.additionalPhones).toHaveLength(1);
    expect(contact.additionalPhones[0]).toMatchObject({ number: mobile, kind: 'MOBILE', itemTypeId: office, description: 'her own' });
  });

  it('gives the primary the stronger kind when an additional phone repeats it', () => {
    // Act
    const contact = buildContact('c1', { displayName: 'Ada', primaryPhone: { number: mobile, kind: 'OTHER' }, additionalPhones: [{ number: mobile, kind: 'MOBILE', itemTypeId: office }] }, rules);

    // Assess
    expect(contact.primaryPhone).toMatchObject({ number: mobile, kind: 'MOBILE', itemTypeId: undefined });
    expect(contact.additionalPhones).toEqual([]);
  });

  it('keeps the first description of a repeated number', () => {
    // Act
    const contact = buildContact('c1', { displayName: 'Ada', primaryPhone: { number: mobile }, additionalPhones: [{ number: landline, description: 'first' }, { number: landline, description: 'second' }] }, rules);

    // Assess
    expect(contact.additionalPhones.map((phone) => phone.description)).toEqual(['first']);
  });

  it.each([
    ['MOBILE', 'HOME', 'MOBILE'],
    ['OTHER', 'OFFICE', 'OFFICE'],
    ['HOME', 'OFFICE', 'HOME'],
    ['OTHER', 'OTHER', 'OTHER'],
    ['OFFICE', 'MOBILE', 'MOBILE'],
  ] as const)('strongerKind(%s, %s) is %s', (a, b, expected) => {
    // Act
    const kind = strongerKind(a, b);

    // Assess
    expect(kind).toBe(expected);
  });

  it('never gives the primary phone an item type', () => {
    // Act
    const contact = buildContact('c1', { displayName: 'Ada', primaryPhone: { number: mobile, itemTypeId: office } }, rules);

    // Assess
    expect(contact.primaryPhone.itemTypeId).toBeUndefined();
  });

  it('ignores even an unknown item type on the primary phone', () => {
    // Act
    const contact = buildContact('c1', { displayName: 'Ada', primaryPhone: { number: mobile, itemTypeId: 'no-such-type' } }, rules);

    // Assess
    expect(contact.primaryPhone.itemTypeId).toBeUndefined();
  });

  it('rejects an unknown item type naming the field', () => {
    // Act
    const error = thrownBy(() => buildContact('c1', { displayName: 'Ada', primaryPhone: { number: mobile }, additionalPhones: [{ number: landline, itemTypeId: office }, { number: otherMobile, itemTypeId: 'deleted-type' }] }, rules));

    // Assess
    expect(error).toBeInstanceOf(InvalidInputError);
    expect(error).toMatchObject({ field: 'additionalPhones.1.itemTypeId', reason: 'no contact item type deleted-type' });
  });

  it(`accepts ${maxAdditionalPhones} additional phones and rejects one more`, () => {
    // Prepare
    const phones = (count: number) => Array.from({ length: count }, (_, index) => ({ number: `+4420794609${String(index).padStart(2, '0')}` }));

    // Act
    const atLimit = buildContact('c1', { displayName: 'Ada', primaryPhone: { number: mobile }, additionalPhones: phones(maxAdditionalPhones) }, rules);
    const error = thrownBy(() => buildContact('c1', { displayName: 'Ada', primaryPhone: { number: mobile }, additionalPhones: phones(maxAdditionalPhones + 1) }, rules));

    // Assess
    expect(atLimit.additionalPhones).toHaveLength(maxAdditionalPhones);
    expect(error).toBeInstanceOf(InvalidInputError);
    expect(error).toMatchObject({ field: 'additionalPhones', reason: `at most ${maxAdditionalPhones} additional phones` });
  });

  it('increments the version from the previous one and keeps its creation time', () => {
    // Prepare
    const first = buildContact('c1', { displayName: 'Ada', primaryPhone: { number: mobile } }, rules);
    const second = buildContact('c1', { displayName: 'Ada L.', primaryPhone: { number: mobile } }, later, first);

    // Act
    const third = buildContact('c1', { displayName: 'Ada Lovelace', primaryPhone: { number: mobile } }, later, second);

    // Assess
    expect([first.version, second.version, third.version]).toEqual([1, 2, 3]);
    expect(third.createdAt).toBe(rules.now);
    expect(third.updatedAt).toBe(later.now);
  });

  it('lowercases, trims and de-duplicates emails, keeping their first order', () => {
    // Act
    const contact = buildContact('c1', { displayName: 'Ada', emails: ['Ada@Example.com', ' b@example.com', 'ada@example.COM '], primaryPhone: { number: mobile } }, rules);

    // Assess
    expect(contact.emails).toEqual(['ada@example.com', 'b@example.com']);
  });

  it('drops a blank external id and description', () => {
    // Act
    const contact = buildContact('c1', { displayName: 'Ada', externalId: '  ', primaryPhone: { number: mobile, description: '   ' } }, rules);

    // Assess
    expect(contact.externalId).toBeUndefined();
    expect(contact.primaryPhone.description).toBeUndefined();
  });

  it('keeps the line type a paid lookup found for a number already on the contact', () => {
    // Prepare
    const first = buildContact('c1', { displayName: 'Ada', primaryPhone: { number: '+1 201 555 0123' } }, { ...rules, defaultRegion: 'US' });
    const lookedUp: Contact = { ...first, primaryPhone: { ...first.primaryPhone, lineType: 'mobile', lineTypeSource: 'lookup', lineTypeCheckedAt: '2025-03-01T11:00:00.000Z' } };

    // Act
    const next = buildContact('c1', { displayName: 'Ada L.', primaryPhone: { number: '+12015550123' } }, later, lookedUp);

    // Assess
    expect(next.primaryPhone).toMatchObject({ lineType: 'mobile', lineTypeSource: 'lookup', lineTypeCheckedAt: '2025-03-01T11:00:00.000Z' });
  });

  it('re-detects a new number from the metadata, dated now', () => {
    // Prepare
    const first = buildContact('c1', { displayName: 'Ada', primaryPhone: { number: mobile } }, rules);

    // Act
    const next = buildContact('c1', { displayName: 'Ada', primaryPhone: { number: mobile }, additionalPhones: [{ number: landline }] }, later, first);

    // Assess
    expect(next.additionalPhones[0]).toMatchObject({ lineType: 'fixed_line', lineTypeSource: 'metadata', lineTypeCheckedAt: later.now });
  });

  it('gives back the input that describes the contact', () => {
    // Prepare
    const contact = buildContact(
      'c1',
      { displayName: 'Ada', externalId: 'crm-1', emails: ['ada@example.com'], customFields: { tier: 'gold', score: 7 }, primaryPhone: { number: mobile, kind: 'MOBILE', description: 'own' }, additionalPhones: [{ number: landline, kind: 'HOME', itemTypeId: office, description: 'desk' }] },
      rules,
    );

    // Act
    const input = toContactInput(contact, rules.knownItemTypeIds);

    // Assess
    expect(input).toEqual({
      displayName: 'Ada',
      externalId: 'crm-1',
      emails: ['ada@example.com'],
      customFields: { tier: 'gold', score: 7 },
      primaryPhone: { number: mobile, kind: 'MOBILE', itemTypeId: undefined, description: 'own' },
      additionalPhones: [{ number: landline, kind: 'HOME', itemTypeId: office, description: 'desk' }],
    });
  });

  it('rebuilds the same data from its own input, at the next version', () => {
    // Prepare
    const contact = buildContact('c1', { displayName: 'Ada', externalId: 'crm-1', emails: ['ada@example.com'], customFields: { tier: 'gold' }, primaryPhone: { number: mobile, kind: 'MOBILE', description: 'own' }, additionalPhones: [{ number: landline, kind: 'HOME', itemTypeId: office }] }, rules);

    // Act
    const rebuilt = buildContact('c1', toContactInput(contact, rules.knownItemTypeIds), later, contact);

    // Assess
    expect(rebuilt).toEqual({ ...contact, version: 2, updatedAt: later.now });
    expect(sameContactData(rebuilt, contact)).toBe(true);
  });

  it('keeps a detection from the metadata marked as such, with its first date, when the number stays', () => {
    // Prepare
    const first = buildContact('c1', { displayName: 'Ada', primaryPhone: { number: mobile } }, rules);

    // Act
    const next = buildContact('c1', { displayName: 'Ada L.', primaryPhone: { number: mobile } }, later, first);

    // Assess
    expect(next.primaryPhone).toMatchObject({ lineType: 'mobile', lineTypeSource: 'metadata', lineTypeCheckedAt: rules.now });
  });

  it('drops an item type that no longer exists from the input, so that the phone comes back untyped', () => {
    // Prepare
    const contact = buildContact('c1', { displayName: 'Ada', primaryPhone: { number: mobile }, additionalPhones: [{ number: landline, itemTypeId: office }, { number: otherMobile, itemTypeId: holiday }] }, rules);
    const stillKnown = new Set([holiday]);

    // Act
    const input = toContactInput(contact, stillKnown);
    const rebuilt = buildContact('c1', input, { ...later, knownItemTypeIds: stillKnown }, contact);

    // Assess
    expect(input.additionalPhones?.map((phone) => phone.itemTypeId)).toEqual([undefined, holiday]);
    expect(rebuilt.additionalPhones.map((phone) => phone.itemTypeId)).toEqual([undefined, holiday]);
  });

  it('sees two versions with the same data as the same, whatever their version, id and timestamps', () => {
    // Prepare
    const input = { displayName: 'Ada', customFields: { b: 1, a: 'x' }, primaryPhone: { number: mobile } };
    const first = buildContact('c1', input, rules);
    const other: Contact = { ...first, id: 'c2', version: 9, createdAt: 'then', updatedAt: 'now', customFields: { a: 'x', b: 1 } };

    // Act
    const same = sameContactData(first, other);

    // Assess
    expect(same).toBe(true);
  });

  it.each<[string, (contact: Contact) => Contact]>([
    ['name', (contact) => ({ ...contact, displayName: 'Ada L.' })],
    ['emails', (contact) => ({ ...contact, emails: ['ada@example.com'] })],
    ['custom field', (contact) => ({ ...contact, customFields: { tier: 'silver' } })],
    ['phone kind', (contact) => ({ ...contact, primaryPhone: { ...contact.primaryPhone, kind: 'HOME' } })],
    ['phone order', (contact) => ({ ...contact, additionalPhones: [...contact.additionalPhones].reverse() })],
    ['phone description', (contact) => ({ ...contact, additionalPhones: contact.additionalPhones.map((phone) => ({ ...phone, description: 'new' })) })],
  ])('sees a different %s as different data', (_, change) => {
    // Prepare
    const contact = buildContact('c1', { displayName: 'Ada', customFields: { tier: 'gold' }, primaryPhone: { number: mobile }, additionalPhones: [{ number: landline }, { number: otherMobile }] }, rules);

    // Act
    const same = sameContactData(contact, change(contact));

    // Assess
    expect(same).toBe(false);
  });
});

// A real contact in the shared DynamoDB Local, for adapter tests whose items must hang off an existing contact.
import { DynamoDbContactRepository } from '../../functions/adapters/dynamodb/dynamodb-contact-repository.ts';
import { buildContact } from '../../functions/domain/contact.ts';
import { contactsTableName, localDocumentClient } from './local-dynamodb.ts';
import { landlineNumber } from './phone-numbers.ts';

/** Creates a contact (one fresh landline) and answers its id. */
export async function storedContactId(prefix = 'contact'): Promise<string> {
  const contact = buildContact(`${prefix}-${crypto.randomUUID()}`, { displayName: prefix, primaryPhone: { number: landlineNumber() } }, { defaultRegion: 'FR', knownItemTypeIds: new Set(), now: new Date().toISOString() });
  await new DynamoDbContactRepository(localDocumentClient(), contactsTableName()).create(contact);
  return contact.id;
}

// The global setup's DynamoDB Local and the tables its runtime created from the synthesized template.
import { inject } from 'vitest';
import { createDocumentClient } from '../../functions/adapters/dynamodb/document-client.ts';
import { createLocalClient } from '../../local/dynamodb-local.ts';

export function localDocumentClient() {
  return createDocumentClient(createLocalClient(inject('dynamodbEndpoint')));
}

export const contactsTableName = (): string => inject('contactsTableName');
export const dialerTableName = (): string => inject('dialer').tableName;
export const consentLedgerTableName = (): string => inject('consentLedgerTableName');

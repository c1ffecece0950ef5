// A stand-in until the bench uses the CDK app's synthesized template: the contacts table as CloudFormation shapes it.
import { contactsTable } from '#shared/tables';
import type { CloudFormationTemplate } from '../../local/dynamodb-local.ts';

const { partitionKey, sortKey, indexes, ttlAttribute } = contactsTable;
const keySchema = (hash: string, range: string) => [
  { AttributeName: hash, KeyType: 'HASH' },
  { AttributeName: range, KeyType: 'RANGE' },
];
const keyAttributes = [...new Set([partitionKey, sortKey, ...Object.values(indexes).flatMap((index) => [index.partitionKey, index.sortKey])])];

export const contactsTableTemplate: CloudFormationTemplate = {
  Resources: {
    ContactsTable: {
      Type: 'AWS::DynamoDB::Table',
      Properties: {
        KeySchema: keySchema(partitionKey, sortKey),
        AttributeDefinitions: keyAttributes.map((name) => ({ AttributeName: name, AttributeType: 'S' })),
        BillingMode: 'PAY_PER_REQUEST',
        GlobalSecondaryIndexes: Object.values(indexes).map((index) => ({
          IndexName: index.indexName,
          KeySchema: keySchema(index.partitionKey, index.sortKey),
          Projection: { ProjectionType: 'ALL' },
        })),
        TimeToLiveSpecification: { AttributeName: ttlAttribute, Enabled: true },
      },
    },
  },
};

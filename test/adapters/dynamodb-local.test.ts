// DynamoDB Local starts, takes its tables from a CloudFormation template, serves items and stops for good.
import { connect } from 'node:net';
import { DescribeTableCommand, DescribeTimeToLiveCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { createLocalClient, createTablesFromTemplate, startDynamoDbLocal, type DynamoDbLocal } from '../../local/dynamodb-local.ts';

// As `cdk synth` writes it: no TableName, settings DynamoDB Local ignores, and a resource that is not a table.
const template = {
  Resources: {
    ContactsTable9F3E1A2B: {
      Type: 'AWS::DynamoDB::Table',
      Properties: {
        AttributeDefinitions: [
          { AttributeName: 'pk', AttributeType: 'S' },
          { AttributeName: 'sk', AttributeType: 'S' },
          { AttributeName: 'entity', AttributeType: 'S' },
          { AttributeName: 'entitySort', AttributeType: 'S' },
          { AttributeName: 'itemTypeId', AttributeType: 'S' },
        ],
        BillingMode: 'PAY_PER_REQUEST',
        GlobalSecondaryIndexes: [
          {
            IndexName: 'byEntity',
            KeySchema: [
              { AttributeName: 'entity', KeyType: 'HASH' },
              { AttributeName: 'entitySort', KeyType: 'RANGE' },
            ],
            Projection: { ProjectionType: 'ALL' },
            ContributorInsightsSpecification: { Enabled: false },
          },
          {
            IndexName: 'byItemType',
            KeySchema: [
              { AttributeName: 'itemTypeId', KeyType: 'HASH' },
              { AttributeName: 'pk', KeyType: 'RANGE' },
            ],
            Projection: { ProjectionType: 'KEYS_ONLY' },
          },
        ],
        KeySchema: [
          { AttributeName: 'pk', KeyType: 'HASH' },
          { AttributeName: 'sk', KeyType: 'RANGE' },
        ],
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
      },
      UpdateReplacePolicy: 'Retain',
      DeletionPolicy: 'Retain',
    },
    ImportBucketC0FFEE11: { Type: 'AWS::S3::Bucket' },
  },
};

describe('DynamoDB Local', () => {
  let dynamo: DynamoDbLocal;
  let client: DynamoDBClient;
  let tableNames: Map<string, string>;

  beforeAll(async () => {
    // Prepare: the first run fetches the ~56 MB jar, hence the long timeout.
    dynamo = await startDynamoDbLocal();
    client = createLocalClient(dynamo.endpoint);
    tableNames = await createTablesFromTemplate(template, client);
  }, 240_000);

  afterAll(async () => {
    client?.destroy();
    await dynamo?.stop();
  });

  it('creates the template tables with their keys, indexes and TTL', async () => {
    // Act
    const { Table: table } = await client.send(new DescribeTableCommand({ TableName: 'ContactsTable9F3E1A2B' }));
    const { TimeToLiveDescription: ttl } = await client.send(new DescribeTimeToLiveCommand({ TableName: 'ContactsTable9F3E1A2B' }));

    // Assess
    expect(tableNames).toEqual(new Map([['ContactsTable9F3E1A2B', 'ContactsTable9F3E1A2B']]));
    expect(table?.KeySchema).toEqual([
      { AttributeName: 'pk', KeyType: 'HASH' },
      { AttributeName: 'sk', KeyType: 'RANGE' },
    ]);
    const indexes = Object.fromEntries((table?.GlobalSecondaryIndexes ?? []).map((gsi) => [gsi.IndexName, { keys: gsi.KeySchema, projection: gsi.Projection?.ProjectionType }]));
    expect(indexes).toEqual({
      byEntity: {
        keys: [
          { AttributeName: 'entity', KeyType: 'HASH' },
          { AttributeName: 'entitySort', KeyType: 'RANGE' },
        ],
        projection: 'ALL',
      },
      byItemType: {
        keys: [
          { AttributeName: 'itemTypeId', KeyType: 'HASH' },
          { AttributeName: 'pk', KeyType: 'RANGE' },
        ],
        projection: 'KEYS_ONLY',
      },
    });
    expect(ttl).toEqual({ AttributeName: 'expiresAt', TimeToLiveStatus: 'ENABLED' });
  });

  it('tolerates tables that already exist', async () => {
    // Act
    const again = await createTablesFromTemplate(template, client);

    // Assess
    expect(again).toEqual(tableNames);
  });

  it('puts and gets an item', async () => {
    // Prepare
    const documents = DynamoDBDocumentClient.from(client);
    const item = { pk: 'CONTACT#1', sk: 'PROFILE', entity: 'contact', entitySort: '2024-01-01', name: 'Ada' };

    // Act
    await documents.send(new PutCommand({ TableName: 'ContactsTable9F3E1A2B', Item: item }));
    const { Item: read } = await documents.send(new GetCommand({ TableName: 'ContactsTable9F3E1A2B', Key: { pk: 'CONTACT#1', sk: 'PROFILE' } }));

    // Assess
    expect(read).toEqual(item);
  });

  it('stops, and its port then refuses connections', async () => {
    // Act
    await dynamo.stop();

    // Assess
    await expect(canConnect(dynamo.port)).resolves.toBe(false);
  });
});

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

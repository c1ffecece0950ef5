// ContactMergeRecords in the contacts table: one record per merged-away contact, moved on step by step.
import { GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { ContactMerge } from '#domain/identity/contact-merge';
import type { ContactMergeRecords } from '#ports/contact-merge-records';
import { contactsTable } from '#shared/tables';
import { writeIfCondition } from './conditional-write.ts';

const { partitionKey: pk, sortKey: sk } = contactsTable;
const mergeKey = (mergedId: string) => ({ [pk]: `MERGE#${mergedId}`, [sk]: 'MERGE' });

export class DynamoDbContactMergeRecords implements ContactMergeRecords {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  begin(merge: ContactMerge): Promise<boolean> {
    return writeIfCondition(this.client, new PutCommand({ TableName: this.tableName, Item: { ...mergeKey(merge.mergedId), merge }, ConditionExpression: `attribute_not_exists(${pk})` }));
  }

  async get(mergedId: string): Promise<ContactMerge | undefined> {
    const { Item } = await this.client.send(new GetCommand({ TableName: this.tableName, Key: mergeKey(mergedId), ConsistentRead: true }));
    return Item?.merge as ContactMerge | undefined;
  }

  advance(previous: ContactMerge, next: ContactMerge): Promise<boolean> {
    return writeIfCondition(
      this.client,
      new PutCommand({
        TableName: this.tableName,
        Item: { ...mergeKey(next.mergedId), merge: next },
        ConditionExpression: '#merge.#step = :step',
        ExpressionAttributeNames: { '#merge': 'merge', '#step': 'step' },
        ExpressionAttributeValues: { ':step': previous.step },
      }),
    );
  }
}

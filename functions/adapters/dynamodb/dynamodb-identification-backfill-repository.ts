// IdentificationBackfillRepository on DynamoDB: one item per backfill in the contacts table, listed by the entity
// index in start order; every change is a put conditional on the pages done and the status read.
import { GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { IdentificationBackfill } from '#domain/identity/identification-backfill';
import type { IdentificationBackfillRepository } from '#ports/identification-backfill-repository';
import { contactsTable } from '#shared/tables';
import { writeIfCondition } from './conditional-write.ts';

const { partitionKey: pk, sortKey: sk } = contactsTable;
const { byEntity } = contactsTable.indexes;
const backfillKey = (id: string) => ({ [pk]: `BACKFILL#${id}`, [sk]: 'IDENTIFICATION' });

export class DynamoDbIdentificationBackfillRepository implements IdentificationBackfillRepository {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  create(backfill: IdentificationBackfill): Promise<boolean> {
    return writeIfCondition(this.client, new PutCommand({ TableName: this.tableName, Item: this.toItem(backfill), ConditionExpression: `attribute_not_exists(${pk})` }));
  }

  async get(id: string): Promise<IdentificationBackfill | undefined> {
    const { Item } = await this.client.send(new GetCommand({ TableName: this.tableName, Key: backfillKey(id), ConsistentRead: true }));
    return Item?.backfill as IdentificationBackfill | undefined;
  }

  advance(previous: IdentificationBackfill, next: IdentificationBackfill): Promise<boolean> {
    return writeIfCondition(
      this.client,
      new PutCommand({
        TableName: this.tableName,
        Item: this.toItem(next),
        ConditionExpression: '#backfill.pages = :pages AND #backfill.#status = :status',
        ExpressionAttributeNames: { '#backfill': 'backfill', '#status': 'status' },
        ExpressionAttributeValues: { ':pages': previous.pages, ':status': previous.status },
      }),
    );
  }

  private toItem(backfill: IdentificationBackfill): Record<string, unknown> {
    // Kept, not expired: one small item per switch of a setting that changes rarely.
    return { ...backfillKey(backfill.id), [byEntity.partitionKey]: 'IDENTIFICATION_BACKFILL', [byEntity.sortKey]: `${backfill.startedAt}#${backfill.id}`, backfill };
  }
}

// ItemTypeRepository on DynamoDB: all types in one partition (a handful per account), names claimed uniquely.
import { GetCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ConflictError, VersionConflictError } from '#domain/errors';
import { itemTypeNameKey, type ItemType } from '#domain/item-type';
import type { ItemTypeRepository } from '#ports/item-type-repository';
import { contactsTable } from '#shared/tables';
import { transact, type TransactItem } from './transactions.ts';

const { partitionKey: pk, sortKey: sk } = contactsTable;
const partition = 'ITEMTYPES';
const typeKey = (id: string) => ({ [pk]: partition, [sk]: `TYPE#${id}` });
const nameKey = (name: string) => ({ [pk]: partition, [sk]: `NAME#${itemTypeNameKey(name)}` });

export class DynamoDbItemTypeRepository implements ItemTypeRepository {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async list(): Promise<ItemType[]> {
    const types: ItemType[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :type)',
          ExpressionAttributeNames: { '#pk': pk, '#sk': sk },
          ExpressionAttributeValues: { ':pk': partition, ':type': 'TYPE#' },
          ExclusiveStartKey: start,
        }),
      );
      types.push(...(page.Items ?? []).map((item) => item.itemType as ItemType));
      start = page.LastEvaluatedKey;
    } while (start);
    return types;
  }

  async get(id: string): Promise<ItemType | undefined> {
    const { Item } = await this.client.send(new GetCommand({ TableName: this.tableName, Key: typeKey(id), ConsistentRead: true }));
    return Item?.itemType as ItemType | undefined;
  }

  async create(itemType: ItemType): Promise<void> {
    await this.run([this.putType(itemType, `attribute_not_exists(${pk})`), this.claimName(itemType)], itemType);
  }

  async update(previous: ItemType, next: ItemType): Promise<void> {
    const renamed = itemTypeNameKey(previous.name) !== itemTypeNameKey(next.name);
    const items = [this.putType(next, '#itemType.version = :version', previous.version)];
    if (renamed) items.push(this.claimName(next), { Delete: { TableName: this.tableName, Key: nameKey(previous.name) } });
    await this.run(items, next);
  }

  async delete(itemType: ItemType): Promise<void> {
    await this.run(
      [
        { Delete: { TableName: this.tableName, Key: typeKey(itemType.id) } },
        { Delete: { TableName: this.tableName, Key: nameKey(itemType.name) } },
      ],
      itemType,
    );
  }

  private putType(itemType: ItemType, condition: string, version?: number): TransactItem {
    return {
      Put: {
        TableName: this.tableName,
        Item: { ...typeKey(itemType.id), itemType },
        ConditionExpression: condition,
        ...(version !== undefined && { ExpressionAttributeNames: { '#itemType': 'itemType' }, ExpressionAttributeValues: { ':version': version } }),
      },
    };
  }

  private claimName(itemType: ItemType): TransactItem {
    return { Put: { TableName: this.tableName, Item: { ...nameKey(itemType.name), id: itemType.id }, ConditionExpression: `attribute_not_exists(${pk})` } };
  }

  private async run(items: TransactItem[], itemType: ItemType): Promise<void> {
    const outcome = await transact(this.client, items);
    if (outcome.committed) return;
    if (outcome.failedConditions.includes(0)) throw new VersionConflictError('contact item type', itemType.id, itemType.version - 1);
    throw new ConflictError(`a contact item type named "${itemType.name}" already exists`, { name: itemType.name });
  }
}

// BatchWrite in chunks of 25, finishing whatever DynamoDB leaves unprocessed.
import { BatchWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { sleep } from './pagination.ts';

const batchWriteLimit = 25;
const maxRounds = 8;

type Key = Record<string, unknown>;
type WriteRequest = { PutRequest: { Item: Key } } | { DeleteRequest: { Key: Key } };

/** Puts every item. */
export async function batchWriteAll(client: DynamoDBDocumentClient, tableName: string, items: readonly Key[]): Promise<void> {
  await batchWriteRequests(client, tableName, items.map((item) => ({ PutRequest: { Item: item } })));
}

/** Deletes every key. */
export async function batchDeleteAll(client: DynamoDBDocumentClient, tableName: string, keys: readonly Key[]): Promise<void> {
  await batchWriteRequests(client, tableName, keys.map((key) => ({ DeleteRequest: { Key: key } })));
}

async function batchWriteRequests(client: DynamoDBDocumentClient, tableName: string, requests: readonly WriteRequest[]): Promise<void> {
  for (let start = 0; start < requests.length; start += batchWriteLimit) {
    let pending = requests.slice(start, start + batchWriteLimit);
    for (let round = 0; pending.length > 0; round += 1) {
      if (round === maxRounds) throw new Error(`BatchWrite left ${pending.length} items unprocessed after ${maxRounds} rounds`);
      if (round > 0) await sleep(25 * 2 ** round);
      const result = await client.send(new BatchWriteCommand({ RequestItems: { [tableName]: pending } }));
      pending = (result.UnprocessedItems?.[tableName] ?? []) as typeof pending;
    }
  }
}

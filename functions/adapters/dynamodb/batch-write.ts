// BatchWrite in chunks of 25, finishing whatever DynamoDB leaves unprocessed.
import { BatchWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { sleep } from './pagination.ts';

const batchWriteLimit = 25;
const maxRounds = 8;

export async function batchWriteAll(client: DynamoDBDocumentClient, tableName: string, items: readonly Record<string, unknown>[]): Promise<void> {
  for (let start = 0; start < items.length; start += batchWriteLimit) {
    let pending = items.slice(start, start + batchWriteLimit).map((item) => ({ PutRequest: { Item: item } }));
    for (let round = 0; pending.length > 0; round += 1) {
      if (round === maxRounds) throw new Error(`BatchWrite left ${pending.length} items unprocessed after ${maxRounds} rounds`);
      if (round > 0) await sleep(25 * 2 ** round);
      const result = await client.send(new BatchWriteCommand({ RequestItems: { [tableName]: pending } }));
      pending = (result.UnprocessedItems?.[tableName] ?? []) as typeof pending;
    }
  }
}

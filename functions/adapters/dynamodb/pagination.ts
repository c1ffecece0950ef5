// Opaque cursors for DynamoDB pages, and batched reads that finish what DynamoDB left unprocessed.
import { BatchGetCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Page } from '#ports/contact-repository';
import type { IndexSchema } from '#shared/tables';
import { InvalidInputError } from '#domain/errors';

type Key = Record<string, unknown>;

export function encodeCursor(lastKey: Key | undefined): string | undefined {
  return lastKey === undefined ? undefined : Buffer.from(JSON.stringify(lastKey)).toString('base64url');
}

export function decodeCursor(cursor: string | undefined): Key | undefined {
  if (cursor === undefined) return undefined;
  try {
    const key: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (key !== null && typeof key === 'object' && !Array.isArray(key)) return key as Key;
  } catch {
    // fall through: a cursor we did not make
  }
  throw new InvalidInputError('cursor', 'is not a cursor this API returned');
}

const batchGetLimit = 100;
const maxBatchRounds = 8;

/** Every item of `keys` that exists, in no particular order; `consistent` reads what was last written. */
export async function batchGetAll(client: DynamoDBDocumentClient, tableName: string, keys: readonly Key[], options: { consistent?: boolean } = {}): Promise<Key[]> {
  const items: Key[] = [];
  for (let start = 0; start < keys.length; start += batchGetLimit) {
    let pending: Key[] | undefined = keys.slice(start, start + batchGetLimit);
    for (let round = 0; pending && pending.length > 0; round += 1) {
      if (round === maxBatchRounds) throw new Error(`BatchGet left ${pending.length} keys unprocessed after ${maxBatchRounds} rounds`);
      if (round > 0) await sleep(25 * 2 ** round);
      const result = await client.send(new BatchGetCommand({ RequestItems: { [tableName]: { Keys: pending, ...(options.consistent && { ConsistentRead: true }) } } }));
      items.push(...(result.Responses?.[tableName] ?? []));
      pending = result.UnprocessedKeys?.[tableName]?.Keys as Key[] | undefined;
    }
  }
  return items;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** One page of the items an entity index lists under `entity` (every campaign, a campaign's skips…), in its order. */
export async function queryEntityPage<T>(
  client: DynamoDBDocumentClient,
  query: { tableName: string; index: IndexSchema; entity: string; limit: number; cursor: string | undefined },
  map: (item: Key) => T,
): Promise<Page<T>> {
  const page = await client.send(
    new QueryCommand({
      TableName: query.tableName,
      IndexName: query.index.indexName,
      KeyConditionExpression: '#entity = :entity',
      ExpressionAttributeNames: { '#entity': query.index.partitionKey },
      ExpressionAttributeValues: { ':entity': query.entity },
      Limit: query.limit,
      ExclusiveStartKey: decodeCursor(query.cursor),
    }),
  );
  return { items: (page.Items ?? []).map(map), cursor: encodeCursor(page.LastEvaluatedKey) };
}

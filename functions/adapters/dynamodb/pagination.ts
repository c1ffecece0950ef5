// Opaque cursors for DynamoDB pages, and batched reads that finish what DynamoDB left unprocessed.
import { BatchGetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
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

/** Every item of `keys` that exists, in no particular order. */
export async function batchGetAll(client: DynamoDBDocumentClient, tableName: string, keys: readonly Key[]): Promise<Key[]> {
  const items: Key[] = [];
  for (let start = 0; start < keys.length; start += batchGetLimit) {
    let pending: Key[] | undefined = keys.slice(start, start + batchGetLimit);
    for (let round = 0; pending && pending.length > 0; round += 1) {
      if (round === maxBatchRounds) throw new Error(`BatchGet left ${pending.length} keys unprocessed after ${maxBatchRounds} rounds`);
      if (round > 0) await sleep(25 * 2 ** round);
      const result = await client.send(new BatchGetCommand({ RequestItems: { [tableName]: { Keys: pending } } }));
      items.push(...(result.Responses?.[tableName] ?? []));
      pending = result.UnprocessedKeys?.[tableName]?.Keys as Key[] | undefined;
    }
  }
  return items;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

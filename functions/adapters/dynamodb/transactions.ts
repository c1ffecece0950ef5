// Transactions that say which of their operations failed, and retry DynamoDB's own transient conflicts.
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { TransactWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { sleep } from './pagination.ts';

export type TransactItem = NonNullable<ConstructorParameters<typeof TransactWriteCommand>[0]['TransactItems']>[number];

/** The outcome of one transaction: committed, or cancelled with the indexes of the failed conditions. */
export type TransactOutcome = { committed: true } | { committed: false; failedConditions: number[] };

const maxConflictRetries = 6;

/**
 * Run one transaction. A cancellation caused only by a concurrent transaction on the same items
 * (TransactionConflict) is retried with backoff; failed conditions are returned, not thrown.
 */
export async function transact(client: DynamoDBDocumentClient, items: TransactItem[]): Promise<TransactOutcome> {
  for (let attempt = 0; ; attempt += 1) {
    try {
      await client.send(new TransactWriteCommand({ TransactItems: items }));
      return { committed: true };
    } catch (error) {
      if (!(error instanceof TransactionCanceledException)) throw error;
      const codes = (error.CancellationReasons ?? []).map((reason) => reason.Code ?? 'None');
      const failedConditions = codes.flatMap((code, index) => (code === 'ConditionalCheckFailed' ? [index] : []));
      if (failedConditions.length > 0) return { committed: false, failedConditions };
      if (attempt >= maxConflictRetries) throw error;
      await sleep(10 * 2 ** attempt * (0.5 + Math.random()));
    }
  }
}

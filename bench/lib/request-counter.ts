// Counts the requests a DynamoDB client sends, by operation, with an SDK middleware.
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';

export interface RequestCounter {
  /** Requests sent per operation (`TransactWriteItems`, `BatchGetItem`, …) since the last reset. */
  counts(): ReadonlyMap<string, number>;
  total(operations: readonly string[]): number;
  reset(): void;
}

/**
 * Attach to the client that a DynamoDBDocumentClient wraps (they share one middleware stack). Counted in
 * the finalizeRequest step below the retry middleware: every attempt on the wire counts, retries too.
 */
export function countRequests(client: DynamoDBClient): RequestCounter {
  const counts = new Map<string, number>();
  client.middlewareStack.add(
    (next, context) => (args) => {
      const operation = (context.commandName ?? 'unknown').replace(/Command$/, '');
      counts.set(operation, (counts.get(operation) ?? 0) + 1);
      return next(args);
    },
    { step: 'finalizeRequest', priority: 'low', name: 'benchRequestCounter' },
  );
  return {
    counts: () => counts,
    total: (operations) => operations.reduce((sum, operation) => sum + (counts.get(operation) ?? 0), 0),
    reset: () => counts.clear(),
  };
}

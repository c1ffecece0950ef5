// What AWS would bill for what a run did, at published on-demand prices (us-east-1, free tiers left out): Step
// Functions Standard transitions, Lambda requests and compute, DynamoDB on-demand request units.
import type { ProxiedRequest } from './dynamodb-request-proxy.ts';

export const awsPrices = {
  /** Step Functions Standard, per state transition. */
  stepFunctionsTransitionUsd: 0.025 / 1000,
  /** Lambda, per request. */
  lambdaRequestUsd: 0.2 / 1_000_000,
  /** Lambda on arm64 (Graviton), per GB-second. */
  lambdaArmGbSecondUsd: 0.0000133334,
  /** DynamoDB on-demand, per write request unit and per read request unit. */
  dynamodbWriteUnitUsd: 0.625 / 1_000_000,
  dynamodbReadUnitUsd: 0.125 / 1_000_000,
} as const;

/**
 * Not measurable here, so assumed (and printed beside the figure): every function has 512 MB (ProjectFunction's
 * default) and bills 100 ms an invocation — the handlers do one to five DynamoDB requests of a few milliseconds each.
 */
export const lambdaAssumptions = { memoryGb: 0.5, billedSeconds: 0.1 } as const;

export interface RunCounts {
  stateTransitions: number;
  lambdaInvocations: number;
  dynamodbRequests: readonly ProxiedRequest[];
}

export interface RunCost {
  stepFunctionsUsd: number;
  lambdaUsd: number;
  dynamodbUsd: number;
  totalUsd: number;
  readUnits: number;
  writeUnits: number;
}

export function costOf(counts: RunCounts): RunCost {
  const stepFunctionsUsd = counts.stateTransitions * awsPrices.stepFunctionsTransitionUsd;
  const lambdaUsd = counts.lambdaInvocations * (awsPrices.lambdaRequestUsd + lambdaAssumptions.memoryGb * lambdaAssumptions.billedSeconds * awsPrices.lambdaArmGbSecondUsd);
  let readUnits = 0;
  let writeUnits = 0;
  for (const request of counts.dynamodbRequests) {
    const units = requestUnits(request);
    readUnits += units.read;
    writeUnits += units.write;
  }
  const dynamodbUsd = readUnits * awsPrices.dynamodbReadUnitUsd + writeUnits * awsPrices.dynamodbWriteUnitUsd;
  return { stepFunctionsUsd, lambdaUsd, dynamodbUsd, totalUsd: stepFunctionsUsd + lambdaUsd + dynamodbUsd, readUnits, writeUnits };
}

type Body = Record<string, unknown>;

/**
 * Request units of one request, every item taken as small (under 1 KB written, 4 KB read: the project's items are):
 * a strongly consistent read 1, an eventually consistent one ½, a transactional item 2 (reads and writes alike), a
 * Query 1 page. Retries are in the requests already, as the proxy saw them.
 */
export function requestUnits(request: ProxiedRequest): { read: number; write: number } {
  const body = (request.body ?? {}) as Body;
  const readUnit = (consistent: unknown) => (consistent === true ? 1 : 0.5);
  switch (request.operation) {
    case 'GetItem':
    case 'Query':
    case 'Scan':
      return { read: readUnit(body.ConsistentRead), write: 0 };
    case 'BatchGetItem':
      return { read: Object.values((body.RequestItems ?? {}) as Record<string, { Keys?: unknown[]; ConsistentRead?: boolean }>).reduce((sum, table) => sum + (table.Keys?.length ?? 0) * readUnit(table.ConsistentRead), 0), write: 0 };
    case 'TransactGetItems':
      return { read: 2 * ((body.TransactItems as unknown[] | undefined)?.length ?? 0), write: 0 };
    case 'PutItem':
    case 'UpdateItem':
    case 'DeleteItem':
      return { read: 0, write: 1 };
    case 'BatchWriteItem':
      return { read: 0, write: Object.values((body.RequestItems ?? {}) as Record<string, unknown[]>).reduce((sum, writes) => sum + writes.length, 0) };
    case 'TransactWriteItems':
      return { read: 0, write: 2 * ((body.TransactItems as unknown[] | undefined)?.length ?? 0) };
    default:
      return { read: 0, write: 0 };
  }
}

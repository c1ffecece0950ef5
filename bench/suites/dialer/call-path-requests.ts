// Sorts recorded DynamoDB requests by the items they name: the dialer's call items (the per-call path) or the rest.
import type { ProxiedRequest } from '../../lib/dynamodb-request-proxy.ts';

/**
 * The call items, by the keys of functions/adapters/dynamodb/dynamodb-call-ledger.ts: the attempt, its copy under
 * the provider's call id, the campaign's line counter, History and Final. Everything else in the dialer table
 * (campaign, run, enrolments) is campaign bookkeeping. In the contacts table, the call task's check right before a
 * dial is the read that names do-not-call prefixes (dynamodb-consent-store.ts; the starter brings the whole list
 * instead); the rest is read by the starter.
 */
const callItemKinds: ReadonlyArray<readonly [kind: string, matches: (pk: string, sk: string | undefined) => boolean]> = [
  // DIALLING: the index partition the stale-line sweep queries.
  ['attempt', (pk) => pk.startsWith('EXECUTION#') || pk === 'DIALLING'],
  ['provider-call', (pk) => pk.startsWith('PROVIDERCALL#')],
  ['line-counter', (pk, sk) => pk.startsWith('CAMPAIGN#') && sk === 'LINES'],
  ['history', (pk) => pk.startsWith('HISTORY#')],
  ['final', (pk) => pk.startsWith('FINAL#')],
];

/** What every call costs besides its own items: consent, do-not-call and suppression, read right before the dial. */
const dialTimeCheck = 'consent-check';

export interface RequestSummary {
  total: number;
  /** Requests naming at least one call item of the dialer table. */
  callPath: number;
  /** `Operation item+item` → requests: what each request touched, for the report. */
  byShape: Map<string, number>;
}

export function summariseRequests(requests: readonly ProxiedRequest[], dialerTableName: string): RequestSummary {
  const byShape = new Map<string, number>();
  let callPath = 0;
  for (const request of requests) {
    const kinds = [...new Set(namedItems(request).map(({ table, pk, sk }) => kindOf(table, pk, sk, dialerTableName)))].sort();
    if (kinds.some((kind) => kind === dialTimeCheck || callItemKinds.some(([callKind]) => callKind === kind))) callPath += 1;
    const shape = `${request.operation} ${kinds.join('+') || '?'}`;
    byShape.set(shape, (byShape.get(shape) ?? 0) + 1);
  }
  return { total: requests.length, callPath, byShape };
}


function kindOf(table: string, pk: string, sk: string | undefined, dialerTableName: string): string {
  if (table !== dialerTableName) return pk.startsWith('DNC#') ? dialTimeCheck : 'contacts-table';
  return callItemKinds.find(([, matches]) => matches(pk, sk))?.[0] ?? 'campaign-data';
}

interface NamedItem {
  table: string;
  pk: string;
  sk: string | undefined;
}

type Body = Record<string, unknown> | undefined;
type AttributeMap = Record<string, { S?: string } | undefined> | undefined;

/** The items a request reads or writes (a Query: the key values its condition names), in DynamoDB's JSON. */
function namedItems(request: ProxiedRequest): NamedItem[] {
  const body = request.body as Body;
  if (body === undefined) return [];
  const item = (table: unknown, attributes: unknown): NamedItem => ({ table: String(table), pk: (attributes as AttributeMap)?.pk?.S ?? '', sk: (attributes as AttributeMap)?.sk?.S });
  switch (request.operation) {
    case 'GetItem':
    case 'UpdateItem':
    case 'DeleteItem':
      return [item(body.TableName, body.Key)];
    case 'PutItem':
      return [item(body.TableName, body.Item)];
    case 'Query': {
      // The condition's values hold the partition key's among others (a sort key prefix, a filter's value).
      const values = Object.values((body.ExpressionAttributeValues ?? {}) as AttributeMap & object).flatMap((value) => (value?.S === undefined ? [] : [value.S]));
      const pk = values.find((value) => callItemKinds.some(([, matches]) => matches(value, undefined))) ?? values[0] ?? '';
      return [{ table: String(body.TableName), pk, sk: undefined }];
    }
    case 'TransactWriteItems':
    case 'TransactGetItems':
      return ((body.TransactItems ?? []) as Array<Record<string, Body>>).flatMap((entry) =>
        Object.values(entry).flatMap((operation) => (operation === undefined ? [] : [item(operation.TableName, operation.Item ?? operation.Key)])),
      );
    case 'BatchGetItem':
      return Object.entries((body.RequestItems ?? {}) as Record<string, { Keys?: unknown[] }>).flatMap(([table, { Keys = [] }]) => Keys.map((key) => item(table, key)));
    case 'BatchWriteItem':
      return Object.entries((body.RequestItems ?? {}) as Record<string, Array<{ PutRequest?: { Item: unknown }; DeleteRequest?: { Key: unknown } }>>).flatMap(([table, writes]) =>
        writes.map((write) => item(table, write.PutRequest?.Item ?? write.DeleteRequest?.Key)),
      );
    default:
      return [];
  }
}

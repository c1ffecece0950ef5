// A recording proxy in front of a DynamoDB endpoint: the local runtime's proxy, told to forward every request unchanged
// after noting what it was.
import { startDynamoDbProxy } from '../../local/dynamodb-proxy.ts';

export interface ProxiedRequest {
  /** From the X-Amz-Target header: `TransactWriteItems`, `GetItem`, … */
  operation: string;
  /** The request's JSON body, parsed. */
  body: unknown;
}

export interface DynamoDbRequestProxy {
  /** Give this to clients instead of the DynamoDB endpoint. */
  url: string;
  /** Every request received since the last reset, retries included, in arrival order. */
  requests(): readonly ProxiedRequest[];
  reset(): void;
  close(): Promise<void>;
}

export async function startDynamoDbRequestProxy(target: string): Promise<DynamoDbRequestProxy> {
  let recorded: ProxiedRequest[] = [];
  const proxy = await startDynamoDbProxy(target, (operation, body) => {
    recorded.push({ operation, body });
    return undefined;
  });
  return {
    url: proxy.url,
    requests: () => recorded,
    reset: () => (recorded = []),
    close: () => proxy.close(),
  };
}

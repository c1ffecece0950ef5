// A recording HTTP proxy in front of a DynamoDB endpoint: it sees what every client sends (the handlers build their
// own clients inside their modules, where an SDK middleware cannot reach), then forwards each request unchanged.
import { Agent, createServer, request as forwardRequest, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

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
  const upstream = new URL(target);
  const agent = new Agent({ keepAlive: true });
  let recorded: ProxiedRequest[] = [];
  const server = createServer((request, response) => {
    void readBody(request).then((body) => {
      recorded.push({ operation: String(request.headers['x-amz-target'] ?? 'unknown').split('.').at(-1)!, body: parseJson(body) });
      // The host header stays as the client signed it: DynamoDB Local does not check signatures anyway.
      const forward = forwardRequest({ hostname: upstream.hostname, port: upstream.port, method: request.method, path: request.url, headers: request.headers, agent }, (answer) => {
        response.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(response);
      });
      forward.once('error', (error) => response.writeHead(502, { 'content-type': 'text/plain' }).end(`proxy: ${error.message}`));
      forward.end(body);
    });
  });
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests: () => recorded,
    reset: () => (recorded = []),
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      agent.destroy();
    },
  };
}

async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function parseJson(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString('utf8'));
  } catch {
    return undefined;
  }
}

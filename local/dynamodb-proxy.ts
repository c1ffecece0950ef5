// An HTTP proxy in front of DynamoDB Local that sees every request the handlers' own SDK clients send (built inside
// their modules, where no SDK middleware reaches) and may answer one itself, as DynamoDB answers a throttled request,
// instead of forwarding it: the fault injection throttles through it, the benchmarks record through it.
import { Agent, createServer, request as forwardRequest, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ThrottledAnswer } from './fault-injection.ts';

export interface DynamoDbProxy {
  /** Give this to clients instead of DynamoDB Local's endpoint. */
  url: string;
  close(): Promise<void>;
}

/** `answer` sees each request's operation (from X-Amz-Target) and parsed body; undefined forwards it unchanged. */
export async function startDynamoDbProxy(target: string, answer: (operation: string, body: unknown) => ThrottledAnswer | undefined): Promise<DynamoDbProxy> {
  const upstream = new URL(target);
  const agent = new Agent({ keepAlive: true });
  const server = createServer((request, response) => {
    void readBody(request).then((body) => {
      const operation = String(request.headers['x-amz-target'] ?? 'unknown').split('.').at(-1)!;
      const throttled = answer(operation, parseJson(body));
      if (throttled !== undefined) {
        const payload = JSON.stringify(throttled.body);
        response
          .writeHead(throttled.status, { 'content-type': 'application/x-amz-json-1.0', 'x-amzn-requestid': `fault-${Date.now().toString(36)}`, 'x-amzn-errortype': throttled.type, 'content-length': Buffer.byteLength(payload) })
          .end(payload);
        return;
      }
      // The host header stays as the client signed it: DynamoDB Local does not check signatures anyway.
      const forward = forwardRequest({ hostname: upstream.hostname, port: upstream.port, method: request.method, path: request.url, headers: request.headers, agent }, (reply) => {
        response.writeHead(reply.statusCode ?? 502, reply.headers);
        reply.pipe(response);
      });
      forward.once('error', (error) => response.writeHead(502, { 'content-type': 'text/plain' }).end(`proxy: ${error.message}`));
      forward.end(body);
    });
  });
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
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

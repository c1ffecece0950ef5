// The embedded local runtime: DynamoDB Local with the synthesized tables, the handlers behind a local HTTP API,
// and stand-ins for what cannot run here, under /_local/.
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { apiRoutes } from '../functions/handlers/api/routes.ts';
import { importBucket } from '../functions/shared/buckets.ts';
import { routeMatcher, toApiGatewayEvent, writeResult } from './api-gateway-event.ts';
import { createLocalClient, createTablesFromTemplate, startDynamoDbLocal } from './dynamodb-local.ts';
import { invokeHandler } from './handler-modules.ts';
import { LocalObjectStore, type StoredObject } from './object-store.ts';
import { functionEnvironment, resourcesOfType, synthesizeApp } from './synthesized-app.ts';

export interface LocalRuntime {
  url: string;
  dynamodbEndpoint: string;
  /** Resolves when every import started by an upload has finished. */
  idle(): Promise<void>;
  stop(): Promise<void>;
}

export interface LocalRuntimeOptions {
  port?: number;
  log?: (line: string) => void;
}

const localCredentials = { AWS_ACCESS_KEY_ID: 'local', AWS_SECRET_ACCESS_KEY: 'local', AWS_REGION: 'us-east-1' };

export async function startLocalRuntime(options: LocalRuntimeOptions = {}): Promise<LocalRuntime> {
  const log = options.log ?? (() => undefined);
  const synthesized = synthesizeApp();
  const dynamodb = await startDynamoDbLocal();
  const objectsRoot = mkdtempSync(path.join(tmpdir(), 'contactable-objects-'));
  const pending = new Set<Promise<unknown>>();
  try {
    const tableNames = await createTablesFromTemplate(synthesized.data, createLocalClient(dynamodb.endpoint));
    const bucketNames = new Map(resourcesOfType(synthesized.data, 'AWS::S3::Bucket').map((id) => [id, id.toLowerCase()]));
    const matchRoute = routeMatcher(apiRoutes);
    const objects = new LocalObjectStore(objectsRoot, (object) => {
      if (!object.key.startsWith(importBucket.importsPrefix)) return;
      const run = invokeHandler('import-file', objectCreatedEvent(object)).catch((error: unknown) => log(`import of ${object.key} failed: ${String(error)}`));
      pending.add(run);
      void run.finally(() => pending.delete(run));
    });

    const server = createServer((request, response) => {
      handle(request, response).catch((error: unknown) => {
        log(`local runtime error: ${String(error)}`);
        if (!response.headersSent) response.writeHead(500, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ error: 'internal', message: 'local runtime error' }));
      });
    });
    async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
      const url = new URL(request.url ?? '/', 'http://127.0.0.1');
      if (url.pathname.startsWith('/_local/s3/') && (await objects.serve(request, response, url.pathname.slice('/_local/s3'.length)))) return;
      const matched = matchRoute(request.method ?? 'GET', url.pathname);
      if (matched === undefined || matched === 'method-not-allowed') {
        const status = matched === undefined ? 404 : 405;
        response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify({ error: status === 404 ? 'not_found' : 'method_not_allowed', message: `no route for ${request.method} ${url.pathname}` }));
        return;
      }
      const body = await readBody(request);
      writeResult(response, await invokeHandler(matched.route.handler, toApiGatewayEvent(request, body, matched)));
    }

    await new Promise<void>((resolve, reject) => server.once('error', reject).listen(options.port ?? 0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const physicalNames = new Map([...tableNames, ...bucketNames]);
    Object.assign(process.env, functionEnvironment(synthesized, physicalNames), localCredentials, {
      AWS_ENDPOINT_URL_DYNAMODB: dynamodb.endpoint,
      AWS_ENDPOINT_URL_S3: `${url}/_local/s3`,
      S3_FORCE_PATH_STYLE: 'true',
      POWERTOOLS_LOG_LEVEL: process.env.POWERTOOLS_LOG_LEVEL ?? 'WARN',
    });
    log(`local runtime on ${url} (DynamoDB Local on ${dynamodb.endpoint})`);

    const idle = async () => {
      while (pending.size > 0) await Promise.allSettled([...pending]);
    };
    return {
      url,
      dynamodbEndpoint: dynamodb.endpoint,
      idle,
      async stop() {
        await idle();
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
        await dynamodb.stop();
        rmSync(objectsRoot, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await dynamodb.stop();
    rmSync(objectsRoot, { recursive: true, force: true });
    throw error;
  }
}

async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** What S3 sends to EventBridge when an object lands in a bucket with EventBridge notifications on. */
function objectCreatedEvent(object: StoredObject) {
  return {
    version: '0',
    id: crypto.randomUUID(),
    'detail-type': 'Object Created',
    source: 'aws.s3',
    account: '000000000000',
    time: new Date().toISOString(),
    region: 'us-east-1',
    resources: [`arn:aws:s3:::${object.bucket}`],
    detail: { version: '0', bucket: { name: object.bucket }, object: { key: object.key, size: object.size }, reason: 'PutObject' },
  };
}

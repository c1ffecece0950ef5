// DynamoDB Local (AWS's Java emulator) for the local runtime and tests, with tables created from a synthesized CloudFormation template.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readdir, rename, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import {
  CreateTableCommand,
  DescribeTimeToLiveCommand,
  DynamoDBClient,
  ListTablesCommand,
  ResourceInUseException,
  UpdateTimeToLiveCommand,
  type AttributeDefinition,
  type CreateTableCommandInput,
  type DynamoDBClientConfig,
  type KeySchemaElement,
  type Projection,
} from '@aws-sdk/client-dynamodb';

const run = promisify(execFile);

/** The npm package that ships the emulator under `package/emulator/`; pinned so every machine runs the same jar. */
const JAR_PACKAGE = 'amplify-dynamodb-simulator@2.9.30';
const CACHE_ROOT = fileURLToPath(new URL('../.cache/', import.meta.url));
const JAR_DIR = join(CACHE_ROOT, 'dynamodb-local');
const MIN_JAVA = 17;
const READY_TIMEOUT_MS = 30_000;
const STOP_GRACE_MS = 5_000;

export interface CloudFormationTemplate {
  Resources: Record<string, { Type: string; Properties?: Record<string, unknown>; Metadata?: Record<string, unknown> }>;
  Outputs?: Record<string, { Value: unknown; Description?: string; Export?: { Name: unknown } }>;
}

export interface DynamoDbLocal {
  endpoint: string;
  port: number;
  stop(): Promise<void>;
}

/** Returns the folder holding DynamoDBLocal.jar, fetching it into `.cache/dynamodb-local/` on first use. */
export async function ensureDynamoDbLocalJar(): Promise<string> {
  if (existsSync(join(JAR_DIR, 'DynamoDBLocal.jar'))) return JAR_DIR;
  await mkdir(CACHE_ROOT, { recursive: true });
  // Staging inside .cache keeps the final rename on one file system, hence atomic.
  const staging = await mkdtemp(join(CACHE_ROOT, 'dynamodb-local.tmp-'));
  const download = await mkdtemp(join(tmpdir(), 'dynamodb-local-'));
  try {
    // npm pack verifies the tarball's integrity against the registry's metadata.
    await run('npm', ['pack', JAR_PACKAGE, '--pack-destination', download, '--silent'], { maxBuffer: 1 << 20 }).catch((error: { code?: unknown }) => {
      throw new Error(`Could not fetch DynamoDB Local (npm pack exited with ${String(error.code)}). Run 'npm pack ${JAR_PACKAGE}' to see why; check the network and npm's registry settings.`);
    });
    const tarball = (await readdir(download)).find((name) => name.endsWith('.tgz'));
    if (!tarball) throw new Error(`npm pack ${JAR_PACKAGE} produced no tarball`);
    await run('tar', ['-xzf', join(download, tarball), '-C', staging, '--strip-components=2', 'package/emulator']);
    if (!existsSync(join(staging, 'DynamoDBLocal.jar'))) throw new Error(`${JAR_PACKAGE} holds no emulator/DynamoDBLocal.jar`);
    await chmod(staging, 0o755); // mkdtemp creates it private to its creator
    try {
      await rename(staging, JAR_DIR);
    } catch (error) {
      // Another process renamed its copy first: use the winner's.
      if (!existsSync(join(JAR_DIR, 'DynamoDBLocal.jar'))) throw error;
    }
    return JAR_DIR;
  } finally {
    await rm(staging, { recursive: true, force: true });
    await rm(download, { recursive: true, force: true });
  }
}

/** Starts an in-memory DynamoDB Local and resolves once it answers requests. */
export async function startDynamoDbLocal(options: { port?: number } = {}): Promise<DynamoDbLocal> {
  await assertJava();
  const dir = await ensureDynamoDbLocalJar();
  const port = await checkPort(options.port ?? 0);
  const endpoint = `http://127.0.0.1:${port}`;
  // -sharedDb: one database whatever the access key and region, so every client sees the same tables.
  // -disableTelemetry: since 1.24 the emulator otherwise phones home. It writes dynamodb-local-metadata.json into its
  // working directory all the same, hence the (git-ignored) jar folder as cwd rather than the caller's.
  const args = [`-Djava.library.path=${join(dir, 'DynamoDBLocal_lib')}`, '-jar', join(dir, 'DynamoDBLocal.jar')];
  const child = spawn('java', [...args, '-inMemory', '-sharedDb', '-disableTelemetry', '-port', String(port)], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  track(child);
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const escalate = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
      await exited;
      clearTimeout(escalate);
    }
  };
  try {
    await waitUntilReady(child, endpoint);
  } catch (error) {
    await stop();
    throw error;
  }
  return { endpoint, port, stop };
}

/** A client for DynamoDB Local: it accepts any credentials, but the SDK insists on having some. */
export function createLocalClient(endpoint: string, overrides: DynamoDBClientConfig = {}): DynamoDBClient {
  return new DynamoDBClient({ endpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' }, ...overrides });
}

/** Creates every DynamoDB table of the template; returns logical id → table name. */
export async function createTablesFromTemplate(template: CloudFormationTemplate, client: DynamoDBClient): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  for (const [logicalId, resource] of Object.entries(template.Resources)) {
    if (resource.Type !== 'AWS::DynamoDB::Table' && resource.Type !== 'AWS::DynamoDB::GlobalTable') continue;
    const props = resource.Properties ?? {};
    // CDK leaves TableName out (or makes it a token); then the logical id is a stable, readable name.
    const tableName = typeof props.TableName === 'string' ? props.TableName : logicalId;
    try {
      await client.send(new CreateTableCommand(toCreateTableInput(tableName, props)));
    } catch (error) {
      if (!(error instanceof ResourceInUseException)) throw error;
    }
    const ttl = props.TimeToLiveSpecification as { AttributeName?: string; Enabled?: boolean } | undefined;
    if (ttl?.Enabled && ttl.AttributeName) await enableTimeToLive(client, tableName, ttl.AttributeName);
    names.set(logicalId, tableName);
  }
  return names;
}

interface CfnIndex {
  IndexName: string;
  KeySchema: KeySchemaElement[];
  Projection: Projection;
}

/** Keeps only what shapes the data; throughput, contributor insights, replicas and the like mean nothing locally. */
function toCreateTableInput(tableName: string, props: Record<string, unknown>): CreateTableCommandInput {
  const index = ({ IndexName, KeySchema, Projection }: CfnIndex) => ({ IndexName, KeySchema, Projection });
  const gsis = props.GlobalSecondaryIndexes as CfnIndex[] | undefined;
  const lsis = props.LocalSecondaryIndexes as CfnIndex[] | undefined;
  return {
    TableName: tableName,
    KeySchema: props.KeySchema as KeySchemaElement[],
    AttributeDefinitions: props.AttributeDefinitions as AttributeDefinition[],
    BillingMode: 'PAY_PER_REQUEST',
    ...(gsis?.length ? { GlobalSecondaryIndexes: gsis.map(index) } : {}),
    ...(lsis?.length ? { LocalSecondaryIndexes: lsis.map(index) } : {}),
  };
}

/** UpdateTimeToLive fails when TTL is already on, which happens when the table already existed. */
async function enableTimeToLive(client: DynamoDBClient, tableName: string, attributeName: string): Promise<void> {
  const current = await client.send(new DescribeTimeToLiveCommand({ TableName: tableName }));
  if (current.TimeToLiveDescription?.TimeToLiveStatus === 'ENABLED') return;
  await client.send(new UpdateTimeToLiveCommand({ TableName: tableName, TimeToLiveSpecification: { AttributeName: attributeName, Enabled: true } }));
}

/** Fails early with a fix, instead of a cryptic spawn error or a JVM class-version error. */
async function assertJava(): Promise<void> {
  let banner: string;
  try {
    banner = (await run('java', ['-version'])).stderr; // java prints its version on stderr
  } catch {
    throw new Error(`DynamoDB Local needs Java ${MIN_JAVA} or newer, and no working 'java' was found on PATH. Install a JDK or JRE ${MIN_JAVA}+ (e.g. 'apt-get install openjdk-${MIN_JAVA}-jre-headless') and try again.`);
  }
  // `version "17.0.15"`, or `version "1.8.0_301"` for Java 8 and older.
  const match = /version "(\d+)(?:\.(\d+))?/.exec(banner);
  const major = match ? (match[1] === '1' ? Number(match[2]) : Number(match[1])) : NaN;
  if (!(major >= MIN_JAVA)) {
    throw new Error(`DynamoDB Local needs Java ${MIN_JAVA} or newer, but 'java -version' reports: ${banner.split('\n')[0]?.trim()}. Install Java ${MIN_JAVA}+ and put it first on PATH.`);
  }
}

/**
 * Binds 127.0.0.1:port (0: any) and lets go: picks a free port, or proves a given one is free. A busy port must fail
 * here, because the readiness probe would otherwise happily talk to whatever already listens there.
 */
async function checkPort(port: number): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(error.code === 'EADDRINUSE' ? new Error(`Port ${port} is already in use on 127.0.0.1: pick another port, or pass none to get a free one.`) : error),
    );
    server.listen(port, '127.0.0.1', resolve);
  });
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('Could not read the port of a probe socket');
  return address.port;
}

/** Polls ListTables until it succeeds; the JVM takes a second or two to listen. */
async function waitUntilReady(child: ChildProcess, endpoint: string): Promise<void> {
  let output = '';
  const collect = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-4_000));
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  // One attempt, short timeouts: the loop below does the retrying. Recent Smithy only warns on a timeout unless told to throw.
  const probe = createLocalClient(endpoint, { maxAttempts: 1, requestHandler: { connectionTimeout: 500, requestTimeout: 1_000, throwOnRequestTimeout: true } });
  const deadline = Date.now() + READY_TIMEOUT_MS;
  try {
    for (;;) {
      if (child.exitCode !== null || child.signalCode !== null) {
        throw new Error(`DynamoDB Local exited (${child.exitCode ?? child.signalCode}) before answering:\n${output.trim()}`);
      }
      try {
        await probe.send(new ListTablesCommand({ Limit: 1 }));
        return;
      } catch {
        if (Date.now() > deadline) throw new Error(`DynamoDB Local did not answer on ${endpoint} within ${READY_TIMEOUT_MS / 1000} s:\n${output.trim()}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
  } finally {
    probe.destroy();
    // Keep draining the pipes so a chatty JVM never blocks on a full buffer.
    child.stdout?.off('data', collect).resume();
    child.stderr?.off('data', collect).resume();
  }
}

// Every running emulator, so that no exit path of this process leaves a JVM behind.
const running = new Set<ChildProcess>();

function track(child: ChildProcess): void {
  if (running.size === 0) {
    process.on('exit', killAll);
    process.on('SIGINT', forwardSignal);
    process.on('SIGTERM', forwardSignal);
  }
  running.add(child);
  child.once('exit', () => {
    running.delete(child);
    if (running.size === 0) removeHandlers();
  });
}

function killAll(): void {
  for (const child of running) child.kill('SIGKILL');
}

function removeHandlers(): void {
  process.off('exit', killAll);
  process.off('SIGINT', forwardSignal);
  process.off('SIGTERM', forwardSignal);
}

/** Our listener cancels Node's default "terminate on signal", so restore it after killing the children. */
function forwardSignal(signal: NodeJS.Signals): void {
  for (const child of running) child.kill(signal);
  removeHandlers();
  if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
}

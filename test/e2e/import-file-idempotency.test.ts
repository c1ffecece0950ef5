// Powertools idempotency on the import function, through the real handler on a local runtime of this file's own (its
// idempotency records live in DynamoDB Local, in the table the synthesized template declares): an upload's event
// delivered three times at once runs the import once; a delivery that failed leaves nothing behind, so its retry runs.
import { DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { idempotencyTable } from '../../functions/shared/idempotency.ts';
import { createLocalClient } from '../../local/dynamodb-local.ts';
import { invokeHandler } from '../../local/handler-modules.ts';
import { startIsolatedRuntime, type IsolatedRuntime } from '../support/isolated-runtime.ts';
import { usNumber } from '../support/phone-numbers.ts';

let local: IsolatedRuntime;

beforeAll(async () => {
  local = await startIsolatedRuntime();
}, 120_000);

afterAll(async () => {
  await local?.stop();
});

/** What S3 sends through EventBridge when the object lands (a redelivery has another event id, the same object). */
function objectCreated(bucket: string, key: string, size: number) {
  return { version: '0', id: crypto.randomUUID(), 'detail-type': 'Object Created', source: 'aws.s3', account: '000000000000', time: new Date().toISOString(), region: 'us-east-1', resources: [`arn:aws:s3:::${bucket}`], detail: { version: '0', bucket: { name: bucket }, object: { key, size }, reason: 'PutObject' } };
}

async function waitForJob(id: string): Promise<any> {
  for (let attempt = 0; attempt < 600; attempt += 1) {
    const job = await local.call('GET', `/imports/${id}`);
    if (job.body.status === 'COMPLETED' || job.body.status === 'FAILED') return job.body;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`import ${id} did not finish`);
}

async function idempotencyRecords(): Promise<any[]> {
  const documents = DynamoDBDocumentClient.from(createLocalClient(local.runtime.dynamodbEndpoint));
  return (await documents.send(new ScanCommand({ TableName: process.env[idempotencyTable.envVar] }))).Items ?? [];
}

describe('the import function, delivered more than once', () => {
  it('runs an upload’s import once when its event arrives three times at once: counts and rejections as from one run', async () => {
    // Prepare: 300 good rows and 3 bad ones, long enough for the deliveries to overlap
    const rows = Array.from({ length: 300 }, (_, index) => `Person ${index},${usNumber()}`);
    const csv = ['Name,Primary phone', ...rows, 'Bad one,12', 'Bad two,34', ',+12015550123'].join('\n');
    const started = await local.call('POST', '/imports', { fileName: 'duplicated.csv' });
    expect(started.status).toBe(201);
    const objectPath = decodeURIComponent(new URL(started.body.uploadUrl).pathname.replace(/^\/_local\/s3\//, ''));
    const [bucket, ...keyParts] = objectPath.split('/');
    const key = keyParts.join('/');

    // Act: the upload delivers the event once (as S3 → EventBridge), and two more deliveries come on its heels
    const upload = await fetch(started.body.uploadUrl, { method: 'PUT', headers: { 'content-type': 'text/csv' }, body: csv });
    expect(upload.ok).toBe(true);
    const event = objectCreated(bucket!, key, Buffer.byteLength(csv));
    const duplicates = await Promise.allSettled([invokeHandler('import-file', event), invokeHandler('import-file', { ...event, id: crypto.randomUUID() })]);
    const job = await waitForJob(started.body.id);
    // And one more once it finished: answered from the stored record
    const late = await invokeHandler('import-file', { ...event, id: crypto.randomUUID() }).then(() => 'ok', (error: unknown) => error);

    // Assess
    expect(duplicates.map((delivery) => delivery.status)).toEqual(['fulfilled', 'fulfilled']); // acknowledged, not failed
    expect(late).toBe('ok');
    expect(job.status).toBe('COMPLETED');
    expect(job.counts).toEqual({ rowsRead: 303, created: 300, updated: 0, unchanged: 0, rejected: 3 });
    const rejections = await local.call('GET', `/imports/${started.body.id}/rejections?limit=100`);
    expect(rejections.body.items.map((rejection: any) => rejection.line)).toEqual([302, 303, 304]);
    const records = (await idempotencyRecords()).filter((record) => String(record[idempotencyTable.partitionKey]).startsWith('import-file#'));
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ status: 'COMPLETED' });
    expect(records[0][idempotencyTable.ttlAttribute]).toBeGreaterThan(Date.now() / 1000);
  }, 120_000);

  it('keeps no record of a delivery that failed, so that its retry runs again', async () => {
    // Prepare: an object no import job was made for
    const event = objectCreated('local-bucket', `imports/no-such-job-${crypto.randomUUID()}.csv`, 10);

    const recordsBefore = (await idempotencyRecords()).length;

    // Act
    const first = await invokeHandler('import-file', event).catch((error: unknown) => error);
    const retry = await invokeHandler('import-file', event).catch((error: unknown) => error);

    // Assess: both ran the use case and failed in it (a stored or in-progress record would have answered instead)
    expect([(first as Error).name, (retry as Error).name]).toEqual(['NotFoundError', 'NotFoundError']);
    expect(await idempotencyRecords()).toHaveLength(recordsBefore);
  });
});

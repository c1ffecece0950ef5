// The local runtime's fault injection: Lambda failures named as Lambda names them, Lambda's retries of asynchronous
// invocations on the virtual clock, outcome deliveries lost, repeated and delayed, and DynamoDB throttling answered
// through the proxy in the shape the real SDK client parses and retries (against the global setup's DynamoDB Local).
import { DynamoDBClient, ListTablesCommand, ProvisionedThroughputExceededException, ThrottlingException } from '@aws-sdk/client-dynamodb';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { createDocumentClient } from '../../functions/adapters/dynamodb/document-client.ts';
import { transact } from '../../functions/adapters/dynamodb/transactions.ts';
import { startDynamoDbProxy, type DynamoDbProxy } from '../../local/dynamodb-proxy.ts';
import { FaultInjector, type FaultSettings } from '../../local/fault-injection.ts';
import { VirtualClock } from '../../local/virtual-clock.ts';
import { dialerTableName } from '../support/local-dynamodb.ts';

const start = new Date('2026-03-02T10:00:00.000Z');
const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };

function injector(settings: FaultSettings, invokeHandler: (module: string, event: unknown) => Promise<unknown> = async () => 'done', clock = new VirtualClock({ start })) {
  const log: string[] = [];
  return { faults: new FaultInjector(settings, { clock, invokeHandler, log: (line) => log.push(line), throttlingProxy: true }), clock, log };
}

describe('fault injection', () => {
  let proxy: DynamoDbProxy | undefined;
  afterEach(async () => {
    await proxy?.close();
    proxy = undefined;
  });

  it('fails about the share of task invocations it is given, before the function runs or after, named as Lambda names them', async () => {
    // Prepare
    let ran = 0;
    const { faults } = injector({ seed: 7, handlerFailureRate: 0.2 }, async () => (ran += 1));

    // Act
    const outcomes = await Promise.all(Array.from({ length: 1_000 }, () => faults.invokeTask('dialer/place-call', {}).then(() => 'ok', (error: Error) => error.name)));

    // Assess
    const counts = faults.counts();
    const failed = outcomes.filter((outcome) => outcome !== 'ok');
    expect(new Set(failed)).toEqual(new Set(['Lambda.ServiceException', 'Sandbox.Timedout']));
    expect(failed.length).toBe(counts.handlerServiceErrors + counts.handlerFunctionErrors);
    expect(failed.length).toBeGreaterThan(150);
    expect(failed.length).toBeLessThan(250);
    // A service error never ran the function; a function error did (its writes stand).
    expect(ran).toBe(1_000 - counts.handlerServiceErrors);
    expect(counts.handlerInvocations).toBe(1_000);
  });

  it('retries a failed asynchronous invocation one and then two minutes later on the virtual clock, then discards it', async () => {
    // Prepare: a handler that always fails, as a real error would.
    const tries: string[] = [];
    const clock = new VirtualClock({ start });
    const { faults, log } = injector({}, async () => {
      tries.push(clock.now().toISOString());
      throw new Error('boom');
    }, clock);

    // Act
    await faults.invokeEvent('dialer/call-outcome', {});
    await clock.idle();

    // Assess
    expect(tries).toEqual([0, 1, 3].map((minutes) => new Date(start.getTime() + minutes * 60_000).toISOString()));
    expect(faults.counts()).toMatchObject({ asyncRetries: 2, asyncEventsDiscarded: 1 });
    expect(log).toEqual([expect.stringContaining('(try 1), tried again in 1 min'), expect.stringContaining('(try 2), tried again in 2 min'), expect.stringContaining('failed 3 times, event discarded')]);
  });

  it('loses, repeats and delays outcome deliveries at their rates, and tells a delivery overtaken by a later call', async () => {
    // Prepare
    const everyDelay = injector({ seed: 3, outcomeDelayRate: 1, outcomeDelayMinutes: { min: 5, max: 10 } }).faults;
    const everyDrop = injector({ outcomeDropRate: 1, outcomeDuplicateRate: 1 }).faults;
    const everyDuplicate = injector({ outcomeDuplicateRate: 1 }).faults;
    const delivered: string[] = [];
    const deliver = everyDelay.deliverOutcome(async (event: { detail: { endedAt: string } }) => {
      delivered.push(event.detail.endedAt);
    });

    // Act
    const delayed = everyDelay.outcomeDeliveryDelays(1);
    const dropped = everyDrop.outcomeDeliveryDelays(2);
    const duplicated = everyDuplicate.outcomeDeliveryDelays(1);
    await deliver({ detail: { endedAt: '2026-03-02T10:05:00.000Z' } });
    await deliver({ detail: { endedAt: '2026-03-02T10:01:00.000Z' } });

    // Assess
    expect(delayed).toHaveLength(1);
    expect(delayed[0]).toBeGreaterThanOrEqual(5 * 60_000);
    expect(delayed[0]).toBeLessThanOrEqual(10 * 60_000);
    expect(dropped).toEqual([]);
    expect(everyDrop.counts()).toMatchObject({ outcomeEvents: 2, outcomesDropped: 2, outcomesDuplicated: 0 });
    expect(duplicated).toHaveLength(2);
    expect(duplicated[0]).toBe(0);
    expect(duplicated[1]).toBeLessThanOrEqual(120_000);
    expect(everyDelay.counts()).toMatchObject({ outcomesDelayed: 1, outcomesOvertaken: 1 });
  });

  it('refuses rates out of range, and throttling without a proxy', () => {
    // Prepare
    const { faults } = injector({});
    const withoutProxy = new FaultInjector({}, { clock: new VirtualClock({ start }), invokeHandler: async () => undefined, log: () => undefined, throttlingProxy: false });

    // Act / Assess
    expect(() => faults.configure({ handlerFailureRate: 1.5 })).toThrow(/handlerFailureRate/);
    expect(() => faults.configure({ outcomeDelayMinutes: { min: 5, max: 1 } })).toThrow(/outcomeDelayMinutes/);
    expect(() => withoutProxy.configure({ dynamodbThrottleRate: 0.1 })).toThrow(/proxy/);
    expect(() => new FaultInjector({ outcomeDropRate: -1 }, { clock: new VirtualClock({ start }), invokeHandler: async () => undefined, log: () => undefined, throttlingProxy: true })).toThrow(/outcomeDropRate/);
  });

  it('throttles DynamoDB requests through the proxy: the SDK retries them, and names the error when its retries run out', async () => {
    // Prepare
    const { faults } = injector({ seed: 11, dynamodbThrottleRate: 0.3 });
    proxy = await startDynamoDbProxy(inject('dynamodbEndpoint'), (operation, body) => faults.throttle(operation, body));
    const client = new DynamoDBClient({ endpoint: proxy.url, region: 'us-east-1', credentials });
    const documentClient = createDocumentClient(client);

    // Act: reads that mostly get through (the SDK retries a throttled one), then every request throttled.
    for (let read = 0; read < 20; read += 1) await documentClient.send(new GetCommand({ TableName: dialerTableName(), Key: { pk: 'FAULTS#none', sk: 'NONE' } }));
    const throttledBefore = faults.counts().dynamodbProvisionedThroughputExceeded + faults.counts().dynamodbThrottlingExceptions;
    faults.configure({ seed: 11, dynamodbThrottleRate: 1 });
    const exhausted = await client.send(new ListTablesCommand({})).then(() => undefined, (error: unknown) => error);

    // Assess
    expect(throttledBefore).toBeGreaterThan(0);
    expect(exhausted instanceof ProvisionedThroughputExceededException || exhausted instanceof ThrottlingException).toBe(true);
    // Every request reached the proxy: the reads, the throttled tries the SDK made again, and each try of the last one.
    const { attempts } = (exhausted as { $metadata: { attempts: number } }).$metadata;
    expect(attempts).toBeGreaterThan(1);
    expect(faults.counts().dynamodbRequests).toBe(20 + throttledBefore + attempts);
  });

  it('throttles a transaction as DynamoDB cancels it, with a ThrottlingError reason, which the product retries itself', async () => {
    // Prepare: the first TransactWriteItems cancelled as throttled, the rest forwarded.
    let transactions = 0;
    proxy = await startDynamoDbProxy(inject('dynamodbEndpoint'), (operation, body) => {
      if (operation !== 'TransactWriteItems' || ++transactions > 1) return undefined;
      // Draws until the injector picks the cancellation form (half the throttled transactions).
      for (let seed = 1; ; seed += 1) {
        const { faults } = injector({ seed, dynamodbThrottleRate: 1 });
        const answer = faults.throttle(operation, body);
        if (answer?.type === 'TransactionCanceledException') return answer;
      }
    });
    const documentClient = createDocumentClient(new DynamoDBClient({ endpoint: proxy.url, region: 'us-east-1', credentials }));
    const key = { pk: `FAULTS#${Date.now()}`, sk: 'TRANSACTION' };

    // Act
    const outcome = await transact(documentClient, [{ Put: { TableName: dialerTableName(), Item: { ...key, written: true }, ConditionExpression: 'attribute_not_exists(pk)' } }]);

    // Assess
    expect(outcome).toEqual({ committed: true });
    expect(transactions).toBe(2);
    expect((await documentClient.send(new GetCommand({ TableName: dialerTableName(), Key: key }))).Item).toMatchObject({ written: true });
  });
});

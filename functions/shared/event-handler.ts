// The one handler chain: Powertools logger, tracer and metrics around every function (API and event alike), and, for
// event handlers where a duplicate delivery would do harm, Powertools idempotency with its DynamoDB records.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { IdempotencyAlreadyInProgressError, IdempotencyConfig, makeIdempotent } from '@aws-lambda-powertools/idempotency';
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { requireEnv } from './env.ts';
import { idempotencyRecordLifetimeSeconds, idempotencyTable } from './idempotency.ts';
import { logger, metrics, tracer } from './observability.ts';

/**
 * A middy chain with the logger (context keys reset each invocation), the tracer and the metrics (flushed after each
 * invocation, with a ColdStart count). Responses are not put on the trace: they may carry phone numbers.
 */
export function observedHandler<TEvent, TResult, TContext extends Context = Context>() {
  return middy<TEvent, TResult, Error, TContext>()
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(captureLambdaHandler(tracer, { captureResponse: false }))
    .use(logMetrics(metrics, { captureColdStartMetric: true }));
}

/** An event handler (EventBridge, SNS, Scheduler, Step Functions task, asynchronous invoke) in the one chain. */
export function eventHandler<TEvent, TResult, TContext extends Context = Context>(run: (event: TEvent, context: TContext) => Promise<TResult>) {
  return observedHandler<TEvent, TResult, TContext>().handler(run);
}

export interface Idempotency {
  /** Names the records (`<keyPrefix>#<hash>`): stable across deployments, unlike the function's generated name. */
  keyPrefix: string;
  /** JMESPath to what makes two deliveries the same event (hashed), e.g. `detail.[bucket.name, object.key]`. */
  eventKey: string;
}

/**
 * An event handler whose duplicate deliveries do nothing: the first delivery of an event runs; one that comes while it
 * runs is acknowledged without running; one that comes after it completed (within a day) returns at once. A delivery
 * that fails leaves no record, so its retry runs. Only for handlers whose duplicates the domain does not already make
 * harmless (README, "Observability and operations").
 *
 * Powertools' function wrapper (`makeIdempotent`), not its middy middleware: that middleware's error hook deletes the
 * record of the delivery still running when it turns a duplicate away (fixed upstream after 2.35.0), and a handler
 * that returns nothing is run again on a replay.
 */
export function idempotentEventHandler<TEvent, TContext extends Context = Context>(idempotency: Idempotency, run: (event: TEvent, context: TContext) => Promise<void>) {
  const persistenceStore = new DynamoDBPersistenceLayer({ tableName: requireEnv(idempotencyTable.envVar), awsSdkV3Client: tracedDynamoDbClient() });
  // A delivery without the key is a malformed event, never "the same as every other keyless one".
  const config = new IdempotencyConfig({ eventKeyJmesPath: idempotency.eventKey, expiresAfterSeconds: idempotencyRecordLifetimeSeconds, throwOnNoIdempotencyKey: true });
  const runOnce = makeIdempotent(run, { persistenceStore, config, keyPrefix: idempotency.keyPrefix });
  return eventHandler<TEvent, void, TContext>(async (event, context) => {
    try {
      await runOnce(event, context);
    } catch (error) {
      // The first delivery does the work; should it fail, its own retry runs once its in-progress record expires (at
      // its Lambda deadline). Failing this one would only have it retried, and end in the dead-letter queue.
      if (!(error instanceof IdempotencyAlreadyInProgressError)) throw error;
      logger.info('duplicate delivery acknowledged: the first is still running', { keyPrefix: idempotency.keyPrefix });
    }
  });
}

let dynamoDbClient: DynamoDBClient | undefined;

function tracedDynamoDbClient(): DynamoDBClient {
  dynamoDbClient ??= tracer.captureAWSv3Client(new DynamoDBClient({}));
  return dynamoDbClient;
}

// One DynamoDB document client per process; the endpoint comes from the SDK's own settings (AWS_ENDPOINT_URL_DYNAMODB).
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { traced } from '#shared/observability';

export function createDocumentClient(client = new DynamoDBClient({})): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false } });
}

let shared: DynamoDBDocumentClient | undefined;

/**
 * The process's client, made on first use: every composition root shares it (one connection pool, one credential
 * chain), and a function that never reaches DynamoDB never builds one.
 */
export function processDocumentClient(): DynamoDBDocumentClient {
  shared ??= createDocumentClient(traced(new DynamoDBClient({})));
  return shared;
}

// The production sink and repositories over DynamoDB Local: rows per second and requests per row.
import { createReadStream } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { createDocumentClient } from '#adapters/dynamodb/document-client';
import { DynamoDbContactRepository } from '#adapters/dynamodb/dynamodb-contact-repository';
import { DynamoDbItemTypeRepository } from '#adapters/dynamodb/dynamodb-item-type-repository';
import { randomIds } from '#adapters/id-generators';
import { systemClock } from '#adapters/system-clock';
import { runImportPipeline } from '#domain/import/import-pipeline';
import { buildItemType } from '#domain/item-type';
import { contactImportSink } from '#domain/use-cases/import-contacts';
import { contactsTable } from '#shared/tables';
import { createLocalClient, createTablesFromTemplate, startDynamoDbLocal } from '../../../local/dynamodb-local.ts';
import { functionEnvironment, resourcesOfType, synthesizeApp } from '../../../local/synthesized-app.ts';
import { contactsCsvItemTypes } from '../../lib/generate-contacts-csv.ts';
import type { Measure } from '../../lib/measure.ts';
import { countRequests } from '../../lib/request-counter.ts';
import { defaultRegion } from './counting-import.ts';

const writeOperations = ['TransactWriteItems', 'BatchWriteItem', 'PutItem', 'UpdateItem', 'DeleteItem'];
const readOperations = ['GetItem', 'BatchGetItem', 'Query'];

export async function measureEndToEnd(file: string): Promise<Measure[]> {
  const dynamo = await startDynamoDbLocal();
  const client = createLocalClient(dynamo.endpoint);
  try {
    const requests = countRequests(client);
    // The tables as the CDK app synthesizes them, named the way the local runtime names them.
    const synthesized = synthesizeApp();
    const tableNames = await createTablesFromTemplate(synthesized.data, client);
    const bucketNames = resourcesOfType(synthesized.data, 'AWS::S3::Bucket').map((id) => [id, id.toLowerCase()] as const);
    const tableName = functionEnvironment(synthesized, new Map([...tableNames, ...bucketNames]))[contactsTable.envVar]!;
    const documentClient = createDocumentClient(client);
    const itemTypeRepository = new DynamoDbItemTypeRepository(documentClient, tableName);
    for (const input of contactsCsvItemTypes) await itemTypeRepository.create(buildItemType(randomIds.newId(), input));
    const itemTypes = await itemTypeRepository.list();
    const deps = { contacts: new DynamoDbContactRepository(documentClient, tableName), itemTypes: itemTypeRepository, ids: randomIds, clock: systemClock, defaultRegion };
    requests.reset();

    const start = performance.now();
    const counts = await runImportPipeline(createReadStream(file), contactImportSink(deps, itemTypes), { itemTypes, defaultRegion });
    const seconds = (performance.now() - start) / 1000;
    // A sink that rejected everything would look fast: the run only counts when the valid rows went in.
    if (counts.created + counts.rejected !== counts.rowsRead || counts.created < counts.rowsRead * 0.9) {
      throw new Error(`end-to-end import went wrong: ${JSON.stringify(counts)}`);
    }
    const perRow = (operations: string[]) => Number((requests.total(operations) / counts.rowsRead).toFixed(4));
    return [
      { measure: 'importEndToEndRowsPerSecond', value: Math.round(counts.rowsRead / seconds) },
      { measure: 'importWriteRequestsPerRow', value: perRow(writeOperations) },
      { measure: 'importReadRequestsPerRow', value: perRow(readOperations) },
    ];
  } finally {
    client.destroy();
    await dynamo.stop();
  }
}

// The contacts an import named, against DynamoDB Local: one item per batch of rows, read back in line order.
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { createDocumentClient } from '../../functions/adapters/dynamodb/document-client.ts';
import { DynamoDbImportJobRepository } from '../../functions/adapters/dynamodb/dynamodb-import-job-repository.ts';
import { createLocalClient } from '../../local/dynamodb-local.ts';
import { resourcesOfType, synthesizeApp } from '../../local/synthesized-app.ts';

let repository: DynamoDbImportJobRepository;

beforeAll(() => {
  // The global setup's local runtime created the tables from the template: each is named by its logical id.
  const [contacts] = resourcesOfType(synthesizeApp().data, 'AWS::DynamoDB::GlobalTable').filter((logicalId) => logicalId.includes('Contacts'));
  repository = new DynamoDbImportJobRepository(createDocumentClient(createLocalClient(inject('dynamodbEndpoint'))), contacts!);
});

describe('DynamoDbImportJobRepository: contacts of an import', () => {
  it('keeps one list per batch of rows, replaces a batch written again, and pages through them in line order', async () => {
    // Prepare
    const jobId = `job-${crypto.randomUUID()}`;
    const batches = Array.from({ length: 12 }, (_, n) => Array.from({ length: 100 }, (_, i) => `contact-${n}-${i}`));
    for (const [n, ids] of batches.entries()) await repository.addContacts(jobId, 2 + n * 100, ids);
    await repository.addContacts(jobId, 2, batches[0]!);

    // Act
    const pages: string[][] = [];
    let cursor: string | undefined;
    do {
      const page = await repository.listContacts(jobId, cursor);
      pages.push(page.items);
      cursor = page.cursor;
    } while (cursor !== undefined);

    // Assess
    expect(pages.flat()).toEqual(batches.flat());
    expect(pages.length).toBeGreaterThan(1);
    expect(await repository.listContacts(`job-${crypto.randomUUID()}`, undefined)).toEqual({ items: [], cursor: undefined });
  });
});

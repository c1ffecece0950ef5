// The contacts an import named, against DynamoDB Local: one item per batch of rows, read back in line order.
import { beforeAll, describe, expect, it } from 'vitest';
import { DynamoDbImportJobRepository } from '../../functions/adapters/dynamodb/dynamodb-import-job-repository.ts';
import { contactsTableName, localDocumentClient } from '../support/local-dynamodb.ts';

let repository: DynamoDbImportJobRepository;

beforeAll(() => {
  repository = new DynamoDbImportJobRepository(localDocumentClient(), contactsTableName());
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

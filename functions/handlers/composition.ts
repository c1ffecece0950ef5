// The composition root: SDK clients once per process, adapters from the environment CDK sets.
import { S3Client } from '@aws-sdk/client-s3';
import { createDocumentClient } from '#adapters/dynamodb/document-client';
import { DynamoDbContactRepository } from '#adapters/dynamodb/dynamodb-contact-repository';
import { DynamoDbImportJobRepository } from '#adapters/dynamodb/dynamodb-import-job-repository';
import { DynamoDbItemTypeRepository } from '#adapters/dynamodb/dynamodb-item-type-repository';
import { randomIds } from '#adapters/id-generators';
import { S3ImportFileStore } from '#adapters/s3-import-file-store';
import { systemClock } from '#adapters/system-clock';
import type { ContactDependencies, ImportDependencies } from '#domain/use-cases/dependencies';
import { requireEnv } from '#shared/env';
import { contactsTable } from '#shared/tables';

const documentClient = createDocumentClient();
let contactDeps: ContactDependencies | undefined;
let importDeps: ImportDependencies | undefined;

/** Built on first use, so a function that is not bound to the table never asks for its variable. */
export function contactDependencies(): ContactDependencies {
  contactDeps ??= (() => {
    const tableName = requireEnv(contactsTable.envVar);
    return {
      contacts: new DynamoDbContactRepository(documentClient, tableName),
      itemTypes: new DynamoDbItemTypeRepository(documentClient, tableName),
      ids: randomIds,
      clock: systemClock,
      defaultRegion: requireEnv('DEFAULT_REGION'),
    };
  })();
  return contactDeps;
}

export function importDependencies(): ImportDependencies {
  importDeps ??= {
    ...contactDependencies(),
    importJobs: new DynamoDbImportJobRepository(documentClient, requireEnv(contactsTable.envVar)),
    importFiles: new S3ImportFileStore(new S3Client({ forcePathStyle: process.env.S3_FORCE_PATH_STYLE === 'true' }), requireEnv('IMPORT_BUCKET_NAME')),
  };
  return importDeps;
}

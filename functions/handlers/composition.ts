// The composition root: SDK clients once per process, adapters from the environment CDK sets.
import { S3Client } from '@aws-sdk/client-s3';
import { processDocumentClient } from '#adapters/dynamodb/document-client';
import { DynamoDbConsentStore } from '#adapters/dynamodb/dynamodb-consent-store';
import { DynamoDbContactRepository } from '#adapters/dynamodb/dynamodb-contact-repository';
import { DynamoDbImportJobRepository } from '#adapters/dynamodb/dynamodb-import-job-repository';
import { DynamoDbItemTypeRepository } from '#adapters/dynamodb/dynamodb-item-type-repository';
import { randomIds } from '#adapters/id-generators';
import { PowertoolsMetrics } from '#adapters/metrics/powertools-metrics';
import { S3ImportFileStore } from '#adapters/s3-import-file-store';
import { systemClock } from '#adapters/system-clock';
import type { ConsentDependencies } from '#domain/use-cases/consent/consent-dependencies';
import type { ContactDependencies, ImportDependencies } from '#domain/use-cases/dependencies';
import type { ItemTypeRepository } from '#ports/item-type-repository';
import { isKnownRegion } from '#domain/phone-number';
import { optionalEnv, requireEnv } from '#shared/env';
import { importBucket } from '#shared/buckets';
import { consentLedgerTable, contactsTable } from '#shared/tables';
import { operationsLog, traced } from '#shared/observability';

let contactDeps: ContactDependencies | undefined;
let consentDeps: (ConsentDependencies & { itemTypes: ItemTypeRepository }) | undefined;
let importDeps: ImportDependencies | undefined;

/** Built on first use, so a function that is not bound to the table never asks for its variable. */
export function contactDependencies(): ContactDependencies {
  contactDeps ??= (() => {
    const tableName = requireEnv(contactsTable.envVar);
    return {
      contacts: new DynamoDbContactRepository(processDocumentClient(), tableName),
      itemTypes: new DynamoDbItemTypeRepository(processDocumentClient(), tableName),
      ids: randomIds,
      clock: systemClock,
      defaultRegion: defaultRegionFromEnv(),
    };
  })();
  return contactDeps;
}

/** The consent routes: the ledger table is bound only to the functions that append to it. */
export function consentDependencies(): ConsentDependencies & { itemTypes: ItemTypeRepository } {
  consentDeps ??= (() => {
    const { contacts, itemTypes, ids, clock, defaultRegion } = contactDependencies();
    const consent = new DynamoDbConsentStore(processDocumentClient(), requireEnv(contactsTable.envVar), optionalEnv(consentLedgerTable.envVar));
    return { consent, contacts, itemTypes, ids, clock, defaultRegion, log: operationsLog, metrics: new PowertoolsMetrics() };
  })();
  return consentDeps;
}

export function importDependencies(): ImportDependencies {
  importDeps ??= {
    ...contactDependencies(),
    importJobs: new DynamoDbImportJobRepository(processDocumentClient(), requireEnv(contactsTable.envVar)),
    consent: consentDependencies().consent,
    importFiles: new S3ImportFileStore(traced(new S3Client({ forcePathStyle: process.env.S3_FORCE_PATH_STYLE === 'true' })), requireEnv(importBucket.envVar)),
  };
  return importDeps;
}

/** A default region libphonenumber does not know would reject every national number: fail at cold start instead. */
function defaultRegionFromEnv(): string {
  const region = requireEnv('DEFAULT_REGION');
  if (!isKnownRegion(region)) throw new Error(`DEFAULT_REGION=${region} is not a region code libphonenumber knows (ISO 3166 alpha-2, e.g. GB)`);
  return region.toUpperCase();
}

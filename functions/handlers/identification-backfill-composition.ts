// The composition root of the identification switch and its backfill: the setting and possible matches, the backfill
// jobs beside the contacts, the worker invoked asynchronously, and mobile identification (identity-composition.ts).
import { LambdaClient } from '@aws-sdk/client-lambda';
import { processDocumentClient } from '#adapters/dynamodb/document-client';
import { DynamoDbContactRepository } from '#adapters/dynamodb/dynamodb-contact-repository';
import { DynamoDbIdentificationBackfillRepository } from '#adapters/dynamodb/dynamodb-identification-backfill-repository';
import { DynamoDbInteractionStore } from '#adapters/dynamodb/dynamodb-interaction-store';
import { randomIds } from '#adapters/id-generators';
import { LambdaIdentificationBackfillStarter } from '#adapters/lambda/lambda-identification-backfill-starter';
import { systemClock } from '#adapters/system-clock';
import { defaultBackfillLimits, type BackfillDependencies, type BackfillOptions } from '#domain/use-cases/identity/identification-backfill';
import type { IdentificationSwitchDependencies } from '#domain/use-cases/identity/identification-switch';
import { identifyLine } from '#domain/use-cases/identity/identify-line';
import type { IdentificationBackfillStarter } from '#ports/identification-backfill-starter';
import { requireEnv } from '#shared/env';
import { backfillEnvVars } from '#shared/identification-backfill';
import { operationsLog, traced } from '#shared/observability';
import { contactsTable } from '#shared/tables';
import { lookupDependencies } from './identity-composition.ts';

let deps: (BackfillDependencies & IdentificationSwitchDependencies) | undefined;
let starter: IdentificationBackfillStarter | undefined;

export function identificationBackfillDependencies(): BackfillDependencies & IdentificationSwitchDependencies {
  deps ??= (() => {
    const tableName = requireEnv(contactsTable.envVar);
    return {
      contacts: new DynamoDbContactRepository(processDocumentClient(), tableName),
      interactions: new DynamoDbInteractionStore(processDocumentClient(), tableName),
      backfills: new DynamoDbIdentificationBackfillRepository(processDocumentClient(), tableName),
      // Built on first start: the route that only reads a backfill is not given the worker's name.
      starter: {
        start: (request) => {
          starter ??= new LambdaIdentificationBackfillStarter(traced(new LambdaClient({})), requireEnv(backfillEnvVars.functionName));
          return starter.start(request);
        },
      },
      // Built on first use: only the worker identifies numbers.
      identifyLine: (e164) => identifyLine(lookupDependencies(), e164),
      clock: systemClock,
      ids: randomIds,
      log: operationsLog,
    };
  })();
  return deps;
}

/** The worker's limits, with the time its invocation has left. */
export function backfillOptions(timeLeftMs: () => number): BackfillOptions {
  return { ...defaultBackfillLimits, timeLeftMs };
}

// The composition root of inbound interactions: contacts, the interaction store, and mobile identification.
import { processDocumentClient } from '#adapters/dynamodb/document-client';
import { DynamoDbInteractionStore } from '#adapters/dynamodb/dynamodb-interaction-store';
import { identifyLine } from '#domain/use-cases/identity/identify-line';
import type { InboundDependencies } from '#domain/use-cases/identity/inbound';
import { requireEnv } from '#shared/env';
import { operationsLog } from '#shared/observability';
import { contactsTable } from '#shared/tables';
import { contactDependencies } from './composition.ts';
import { lookupDependencies } from './identity-composition.ts';

let inboundDeps: InboundDependencies | undefined;

export function inboundDependencies(): InboundDependencies {
  inboundDeps ??= {
    ...contactDependencies(),
    interactions: new DynamoDbInteractionStore(processDocumentClient(), requireEnv(contactsTable.envVar)),
    // Built on first use: a known number never needs the lookup's settings.
    identifyLine: (e164) => identifyLine(lookupDependencies(), e164),
    log: operationsLog,
  };
  return inboundDeps;
}

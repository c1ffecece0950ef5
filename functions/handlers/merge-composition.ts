// The composition root of contact merges: contacts and interactions (the contacts table), enrolments (the dialer table).
import { processDocumentClient } from '#adapters/dynamodb/document-client';
import { DynamoDbCampaignRepository } from '#adapters/dynamodb/dynamodb-campaign-repository';
import { DynamoDbContactMergeRecords } from '#adapters/dynamodb/dynamodb-contact-merge-records';
import { systemClock } from '#adapters/system-clock';
import type { MergeDependencies } from '#domain/use-cases/identity/merge-contacts';
import { requireEnv } from '#shared/env';
import { dialerTable, contactsTable } from '#shared/tables';
import { inboundDependencies } from './inbound-composition.ts';

let mergeDeps: MergeDependencies | undefined;

export function mergeDependencies(): MergeDependencies {
  if (mergeDeps) return mergeDeps;
  const inbound = inboundDependencies();
  mergeDeps = {
    contacts: inbound.contacts,
    interactions: inbound.interactions,
    campaigns: new DynamoDbCampaignRepository(processDocumentClient(), requireEnv(dialerTable.envVar), () => systemClock.now()),
    merges: new DynamoDbContactMergeRecords(processDocumentClient(), requireEnv(contactsTable.envVar)),
    clock: inbound.clock,
    log: inbound.log,
  };
  return mergeDeps;
}

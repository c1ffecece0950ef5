// The campaign use cases over in-memory ports, with contacts whose phones have item types.
import { buildContact, type Contact } from '#domain/contact';
import type { CampaignDependencies } from '#domain/use-cases/campaigns/campaign-dependencies';
import type { StarterOptions } from '#domain/use-cases/campaigns/start-campaign-run';
import { CounterIdGenerator } from '../../fakes/counter-id-generator.ts';
import { CountingMetrics } from '../../fakes/counting-metrics.ts';
import { FixedClock } from '../../fakes/fixed-clock.ts';
import { InMemoryConsentStore } from '../../fakes/in-memory-consent-store.ts';
import { InMemoryCallLedger } from '../../fakes/in-memory-call-ledger.ts';
import { InMemoryCampaignRepository } from '../../fakes/in-memory-campaign-repository.ts';
import { InMemoryCampaignScheduler } from '../../fakes/in-memory-campaign-scheduler.ts';
import { InMemoryCampaignStarter } from '../../fakes/in-memory-campaign-starter.ts';
import { InMemoryContactRepository } from '../../fakes/in-memory-contact-repository.ts';
import { InMemoryImportJobRepository } from '../../fakes/in-memory-import-job-repository.ts';
import { InMemoryItemTypeRepository } from '../../fakes/in-memory-item-type-repository.ts';
import { RecordingOperationsLog } from '../../fakes/recording-operations-log.ts';
import { RecordingWorkflowEngine } from '../../fakes/recording-workflow-engine.ts';

/** A Monday, 10:00 UTC: inside the default calling window (Monday to Saturday, 09:00–20:00 UTC). */
export const monday10 = '2025-03-03T10:00:00.000Z';

export async function campaignSetup(options: { workflows?: RecordingWorkflowEngine; now?: string } = {}) {
  const campaigns = new InMemoryCampaignRepository();
  const contacts = new InMemoryContactRepository();
  const itemTypes = new InMemoryItemTypeRepository();
  const importJobs = new InMemoryImportJobRepository();
  const calls = new InMemoryCallLedger();
  const workflows = options.workflows ?? new RecordingWorkflowEngine();
  const schedules = new InMemoryCampaignScheduler();
  const starter = new InMemoryCampaignStarter();
  const clock = new FixedClock(options.now ?? monday10);
  const log = new RecordingOperationsLog();
  await itemTypes.create({ id: 'type-holiday', name: 'Holiday', orderBy: 2, colour: undefined, description: undefined, version: 1 });
  await itemTypes.create({ id: 'type-office', name: 'Office', orderBy: 1, colour: undefined, description: undefined, version: 1 });
  const consent = new InMemoryConsentStore();
  const metrics = new CountingMetrics();
  const deps: CampaignDependencies = { campaigns, contacts, itemTypes, importJobs, calls, consent, workflows, schedules, starter, ids: new CounterIdGenerator(), clock, log, metrics };
  return { deps, campaigns, contacts, itemTypes, importJobs, calls, consent, workflows, schedules, starter, clock, log, metrics };
}

export type CampaignSetup = Awaited<ReturnType<typeof campaignSetup>>;

let numbers = 0;

/** A stored contact: a primary, then a Holiday and an Office phone given in that order (dial order puts Office first). */
export async function storedContact({ contacts, consent, clock }: CampaignSetup, id: string): Promise<Contact> {
  numbers += 3;
  const digits = (n: number) => `+3361${String(1_000_000 + numbers * 10 + n).padStart(7, '0')}`;
  const contact = buildContact(
    id,
    {
      displayName: id,
      primaryPhone: { number: digits(0), kind: 'MOBILE' },
      additionalPhones: [
        { number: digits(1), itemTypeId: 'type-holiday', description: 'cottage' },
        { number: digits(2), itemTypeId: 'type-office' },
      ],
    },
    { defaultRegion: 'FR', knownItemTypeIds: new Set(['type-holiday', 'type-office']), now: clock.now().toISOString() },
  );
  await contacts.create(contact);
  // Consent to everything, given long before: the tests that are about consent withdraw it.
  consent.grantEverything([digits(0), digits(1), digits(2)], '2024-01-01T00:00:00.000Z');
  return contact;
}

/** Starter options without a real pause; `pauses` counts the pauses between pages. */
export function starterOptions(overrides: Partial<StarterOptions> = {}) {
  const counter = { pauses: 0 };
  const options: StarterOptions = { pageSize: 2, maxStartsPerInvocation: 500, concurrency: 3, pause: async () => void (counter.pauses += 1), ...overrides };
  return { options, counter };
}

// What the campaign use cases need from the outside world, handed in by the composition root.
import type { CallLedger } from '#ports/call-ledger';
import type { CampaignRepository } from '#ports/campaign-repository';
import type { CampaignScheduler } from '#ports/campaign-scheduler';
import type { CampaignStarter } from '#ports/campaign-starter';
import type { Clock } from '#ports/clock';
import type { ConsentStore } from '#ports/consent-store';
import type { ContactRepository } from '#ports/contact-repository';
import type { IdGenerator } from '#ports/id-generator';
import type { ImportJobRepository } from '#ports/import-job-repository';
import type { ItemTypeRepository } from '#ports/item-type-repository';
import type { Metrics } from '#ports/metrics';
import type { OperationsLog } from '#ports/operations-log';
import type { WorkflowEngine } from '#ports/workflow-engine';

/**
 * The composition root may build each of these on first use (a function granted the campaigns only never needs the
 * scheduler's settings): use cases read the ones they use, and never spread the whole object.
 */
export interface CampaignDependencies {
  campaigns: CampaignRepository;
  contacts: ContactRepository;
  itemTypes: ItemTypeRepository;
  /** Enrolment by import reads which contacts an import wrote. */
  importJobs: ImportJobRepository;
  calls: CallLedger;
  /** The starter plans each contact over its contactable numbers. */
  consent: Pick<ConsentStore, 'contactabilityInputs' | 'allDoNotCall'>;
  workflows: WorkflowEngine;
  schedules: CampaignScheduler;
  starter: CampaignStarter;
  ids: IdGenerator;
  clock: Clock;
  log: OperationsLog;
  /** The starter counts the contacts it closes at once (ContactsClosed, NO_CALLABLE_PHONES). */
  metrics: Metrics;
}

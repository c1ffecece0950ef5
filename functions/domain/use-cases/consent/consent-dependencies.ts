// What the consent use cases need, handed in by each handler's composition root.
import type { Clock } from '#ports/clock';
import type { ConsentStore } from '#ports/consent-store';
import type { ContactRepository } from '#ports/contact-repository';
import type { IdGenerator } from '#ports/id-generator';
import type { Metrics } from '#ports/metrics';
import type { OperationsLog } from '#ports/operations-log';

export interface ConsentDependencies {
  consent: ConsentStore;
  contacts: ContactRepository;
  ids: IdGenerator;
  clock: Clock;
  log: OperationsLog;
  /** OptOuts (by source), counted when a withdrawal is appended to the ledger. */
  metrics: Metrics;
  /** Region assumed for numbers written without a country code. */
  defaultRegion: string;
}

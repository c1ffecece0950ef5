// What the use cases need from the outside world, handed in by each handler's composition root.
import type { Clock } from '#ports/clock';
import type { ConsentStore } from '#ports/consent-store';
import type { ContactRepository } from '#ports/contact-repository';
import type { IdGenerator } from '#ports/id-generator';
import type { ImportFileStore } from '#ports/import-file-store';
import type { ImportJobRepository } from '#ports/import-job-repository';
import type { ItemTypeRepository } from '#ports/item-type-repository';

export interface ContactDependencies {
  contacts: ContactRepository;
  itemTypes: ItemTypeRepository;
  ids: IdGenerator;
  clock: Clock;
  /** Region assumed for numbers written without a country code (ISO 3166 alpha-2). */
  defaultRegion: string;
}

export interface ImportDependencies extends ContactDependencies {
  importJobs: ImportJobRepository;
  importFiles: ImportFileStore;
  /** Consent columns become ledger entries. */
  consent: ConsentStore;
}

import type { ImportJob, RowRejection } from '#domain/import/import-job';
import type { Page } from './contact-repository.ts';

export interface ImportJobRepository {
  create(job: ImportJob): Promise<void>;
  get(id: string): Promise<ImportJob | undefined>;
  /** Moves the job forward; a job that has finished is never changed again. */
  update(job: ImportJob): Promise<void>;
  addRejections(jobId: string, rejections: readonly RowRejection[]): Promise<void>;
  listRejections(jobId: string, limit: number, cursor: string | undefined): Promise<Page<RowRejection>>;
  /** The contacts one batch of rows created, updated or found unchanged; `firstLine` keys the batch, so a re-run replaces it. */
  addContacts(jobId: string, firstLine: number, contactIds: readonly string[]): Promise<void>;
  /** Every contact the import's rows named (what a campaign enrols "by import"), a few batches per page. */
  listContacts(jobId: string, cursor: string | undefined): Promise<Page<string>>;
}


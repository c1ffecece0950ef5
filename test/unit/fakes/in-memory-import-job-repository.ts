// ImportJobRepository in memory: a finished job never changes again, rejections are kept by line, contacts by batch.
import { ConflictError } from '#domain/errors';
import { isFinished, type ImportJob, type RowRejection } from '#domain/import/import-job';
import type { Page } from '#ports/contact-repository';
import type { ImportJobRepository } from '#ports/import-job-repository';

export class InMemoryImportJobRepository implements ImportJobRepository {
  private readonly jobs = new Map<string, ImportJob>();
  private readonly rejections = new Map<string, Map<number, RowRejection>>();
  private readonly contactBatches = new Map<string, Map<number, string[]>>();
  /** Every batch of rejections as it was added, in order. */
  readonly addedRejections: RowRejection[][] = [];

  async create(job: ImportJob): Promise<void> {
    if (this.jobs.has(job.id)) throw new ConflictError(`import ${job.id} already exists`, { id: job.id });
    this.jobs.set(job.id, structuredClone(job));
  }

  async get(id: string): Promise<ImportJob | undefined> {
    const job = this.jobs.get(id);
    return job && structuredClone(job);
  }

  async update(job: ImportJob): Promise<void> {
    const stored = this.jobs.get(job.id);
    // As in DynamoDB: a late write to a finished job is dropped, not an error.
    if (stored !== undefined && isFinished(stored)) return;
    this.jobs.set(job.id, structuredClone(job));
  }

  async addRejections(jobId: string, rejections: readonly RowRejection[]): Promise<void> {
    this.addedRejections.push(structuredClone([...rejections]));
    const byLine = this.rejections.get(jobId) ?? new Map<number, RowRejection>();
    for (const rejection of rejections) byLine.set(rejection.line, structuredClone(rejection));
    this.rejections.set(jobId, byLine);
  }

  /** In line order; the cursor is the last line of the page. */
  async listRejections(jobId: string, limit: number, cursor: string | undefined): Promise<Page<RowRejection>> {
    const after = cursor === undefined ? 0 : Number(cursor);
    const all = [...(this.rejections.get(jobId)?.values() ?? [])].sort((a, b) => a.line - b.line).filter((rejection) => rejection.line > after);
    const items = all.slice(0, limit);
    return { items, cursor: all.length > limit ? String(items.at(-1)!.line) : undefined };
  }

  async addContacts(jobId: string, firstLine: number, contactIds: readonly string[]): Promise<void> {
    const batches = this.contactBatches.get(jobId) ?? new Map<number, string[]>();
    batches.set(firstLine, [...contactIds]);
    this.contactBatches.set(jobId, batches);
  }

  /** One batch per page, in line order; the cursor is the batch's first line. */
  async listContacts(jobId: string, cursor: string | undefined): Promise<Page<string>> {
    const after = cursor === undefined ? 0 : Number(cursor);
    const lines = [...(this.contactBatches.get(jobId)?.keys() ?? [])].sort((a, b) => a - b).filter((line) => line > after);
    const first = lines[0];
    if (first === undefined) return { items: [], cursor: undefined };
    return { items: [...this.contactBatches.get(jobId)!.get(first)!], cursor: lines.length > 1 ? String(first) : undefined };
  }
}

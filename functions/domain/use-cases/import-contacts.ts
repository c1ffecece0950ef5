// Import use cases: open a job with an upload address, run the uploaded file into contacts, report.
import { buildContact, sameContactData, type Contact } from '../contact.ts';
import { ConflictError, DomainError, InvalidInputError, NotFoundError } from '../errors.ts';
import type { ColumnMappingInput } from '../import/column-mapping.ts';
import { emptyCounts, isFinished, type ImportJob, type RowRejection } from '../import/import-job.ts';
import { runImportPipeline, type ImportSink, type RowOutcome } from '../import/import-pipeline.ts';
import type { ImportRow } from '../import/import-row.ts';
import { consentEntriesOf, consentKey } from '../consent/consent-ledger.ts';
import { appendToLedger } from './consent/ledger-append.ts';
import { mergeImportedRow } from '../import/merge-imported-row.ts';
import type { ItemType } from '../item-type.ts';
import type { ContactWrite, Page } from '#ports/contact-repository';
import { rulesOf } from './contacts.ts';
import type { ContactDependencies, ImportDependencies } from './dependencies.ts';

const uploadUrlLifetimeSeconds = 15 * 60;

export interface StartedImport {
  job: ImportJob;
  uploadUrl: string;
}

export async function startImport(deps: ImportDependencies, request: { fileName?: string | undefined; mapping?: ColumnMappingInput | undefined; delimiter?: string | undefined }): Promise<StartedImport> {
  const id = deps.ids.newId();
  const now = deps.clock.now().toISOString();
  const job: ImportJob = {
    id,
    status: 'AWAITING_UPLOAD',
    fileKey: importFileKey(id),
    fileName: request.fileName,
    mapping: request.mapping,
    delimiter: request.delimiter,
    counts: emptyCounts(),
    bytesRead: 0,
    totalBytes: undefined,
    ignoredColumns: [],
    failureReason: undefined,
    createdAt: now,
    updatedAt: now,
    finishedAt: undefined,
  };
  await deps.importJobs.create(job);
  return { job, uploadUrl: await deps.importFiles.uploadUrl(job.fileKey, uploadUrlLifetimeSeconds) };
}

/** Uploaded files live under imports/<job id>.csv (the import bucket's prefix for new files): the key names its job. */
export function importFileKey(jobId: string): string {
  return `imports/${jobId}.csv`;
}

export function jobIdOfFileKey(key: string): string | undefined {
  return /^imports\/([^/]+)\.csv$/.exec(key)?.[1];
}

/** Run the uploaded file of a job. A job that has already finished is left as it is (a redelivered event). */
export async function runImport(deps: ImportDependencies, fileKey: string): Promise<ImportJob> {
  const jobId = jobIdOfFileKey(fileKey);
  const found = jobId === undefined ? undefined : await deps.importJobs.get(jobId);
  if (!found) throw new NotFoundError('import for file', fileKey);
  if (isFinished(found)) return found;
  const { body, size } = await deps.importFiles.open(fileKey);
  let job: ImportJob = { ...found, status: 'RUNNING', totalBytes: size, counts: emptyCounts(), bytesRead: 0, updatedAt: now(deps) };
  await deps.importJobs.update(job);
  const itemTypes = await deps.itemTypes.list();
  try {
    const rememberContacts = (firstLine: number, contactIds: string[]) => deps.importJobs.addContacts(job.id, firstLine, contactIds);
    const recordConsent = importConsentRecorder(deps, `import:${job.id}`, job.fileName);
    const counts = await runImportPipeline(body, contactImportSink(deps, itemTypes, rememberContacts, recordConsent), {
      itemTypes,
      defaultRegion: deps.defaultRegion,
      mapping: job.mapping,
      delimiter: job.delimiter,
      onIgnoredColumns: (ignoredColumns) => void (job = { ...job, ignoredColumns }),
      onRejections: (rejections) => deps.importJobs.addRejections(job.id, rejections),
      onProgress: async (counts, bytesRead) => {
        job = { ...job, counts, bytesRead, updatedAt: now(deps) };
        await deps.importJobs.update(job);
      },
    });
    job = { ...job, status: 'COMPLETED', counts, bytesRead: size, finishedAt: now(deps), updatedAt: now(deps) };
  } catch (error) {
    // The job must never stay RUNNING: an unexpected failure is recorded, then raised for the platform to see.
    const failureReason = error instanceof DomainError ? error.message : 'internal error: start the import again';
    job = { ...job, status: 'FAILED', failureReason, finishedAt: now(deps), updatedAt: now(deps) };
    await deps.importJobs.update(job);
    if (!(error instanceof DomainError)) throw error;
    return job;
  }
  await deps.importJobs.update(job);
  return job;
}

export async function getImport(deps: ImportDependencies, id: string): Promise<ImportJob> {
  const job = await deps.importJobs.get(id);
  if (!job) throw new NotFoundError('import', id);
  return job;
}

export async function listImportRejections(deps: ImportDependencies, id: string, limit: number, cursor: string | undefined): Promise<Page<RowRejection>> {
  await getImport(deps, id);
  return deps.importJobs.listRejections(id, limit, cursor);
}

/** Told, after each batch, which contacts its accepted rows created, updated or found unchanged. */
export type ImportedContactsListener = (firstLine: number, contactIds: string[]) => Promise<void>;

/**
 * Rows into contacts: a row is the same contact as an earlier import when its import key (external id, or
 * else primary number) matches — found by the id derived from that key — or, for contacts made another
 * way, by its external id or as the only contact with that primary number.
 */
export function contactImportSink(deps: ContactDependencies, itemTypes: readonly ItemType[], onContacts?: ImportedContactsListener, recordConsent?: ImportConsentRecorder): ImportSink {
  return {
    async write(rows) {
      const rules = rulesOf(deps, itemTypes);
      const existing = await findExisting(deps, rows);
      const outcomes: RowOutcome[] = [];
      const writes: Array<{ index: number; write: ContactWrite }> = [];
      const contactIds: string[] = [];
      rows.forEach((row, index) => {
        const match = existing[index]!;
        if (match instanceof DomainError) return void (outcomes[index] = { rejected: match.message });
        try {
          const input = mergeImportedRow(match, row, rules.knownItemTypeIds);
          const next = buildContact(match?.id ?? deps.ids.idFor(row.importKey), input, rules, match);
          if (match && sameContactData(match, next)) {
            contactIds.push(match.id);
            return void (outcomes[index] = 'unchanged');
          }
          writes.push({ index, write: match ? { type: 'update', previous: match, next } : { type: 'create', contact: next } });
        } catch (error) {
          if (!(error instanceof InvalidInputError)) throw error;
          outcomes[index] = { rejected: error.message };
        }
      });
      const results = await deps.contacts.writeMany(writes.map(({ write }) => write));
      const stored = rows.flatMap((row, index) => (outcomes[index] === 'unchanged' ? [{ row, contact: existing[index] as Contact }] : []));
      results.forEach((result, i) => {
        const { index, write } = writes[i]!;
        outcomes[index] = result.ok ? (write.type === 'create' ? 'created' : 'updated') : { rejected: result.error.message };
        if (result.ok) contactIds.push(write.type === 'create' ? write.contact.id : write.next.id);
        if (result.ok) stored.push({ row: rows[index]!, contact: write.type === 'create' ? write.contact : write.next });
      });
      // Consent goes in after its contact exists (the ledger says who), only for rows that were stored.
      if (recordConsent) await forEachLimited(stored.filter(({ row }) => row.consents !== undefined), consentConcurrency, ({ row, contact }) => recordConsent(row, contact.id));
      // Unchanged rows count too: a list imported again to be called again names contacts that were already there.
      if (onContacts && contactIds.length > 0) await onContacts(rows[0]!.line, contactIds);
      return outcomes;
    },
  };
}

const holderLookupConcurrency = 8;
const consentConcurrency = 8;

/** Appends a stored row's consent columns to the ledger. */
export type ImportConsentRecorder = (row: ImportRow, contactId: string) => Promise<void>;

/**
 * Ledger entries with source `import`, only where the number has no record yet for that channel and purpose: the same
 * file imported again appends nothing, and an import never overrides what the person said since (a withdrawal stays).
 */
export function importConsentRecorder(deps: ImportDependencies, actor: string, fileName: string | undefined): ImportConsentRecorder {
  return async (row, contactId) => {
    for (const [number, grants] of row.consents ?? []) {
      const now = deps.clock.now();
      await appendToLedger(deps.consent, number, now, (state) =>
        grants
          .filter((grant) => state.consents[consentKey(grant.channel, grant.purpose)] === undefined)
          .flatMap((grant) =>
            consentEntriesOf(
              { number, contactId, action: 'grant', channels: [grant.channel], purposes: [grant.purpose], source: 'import', evidence: { message: `${fileName ?? 'import'}, line ${row.line}` }, actor },
              now,
              () => deps.ids.newId(),
            ),
          ),
      );
    }
  };
}

async function findExisting(deps: ContactDependencies, rows: readonly ImportRow[]): Promise<Array<Contact | undefined | DomainError>> {
  const derivedIds = rows.map((row) => deps.ids.idFor(row.importKey));
  const byId = new Map((await deps.contacts.getMany(derivedIds)).map((contact) => [contact.id, contact]));
  const unmatched = rows.map((_, index) => index).filter((index) => !byId.has(derivedIds[index]!));
  const externalIds = unmatched.map((index) => rows[index]!.input.externalId).filter((id): id is string => id !== undefined);
  const byExternalId = externalIds.length > 0 ? await deps.contacts.findByExternalIds(externalIds) : new Map<string, string>();
  const otherIds = new Map<number, string | DomainError>();
  await forEachLimited(unmatched, holderLookupConcurrency, async (index) => {
    const row = rows[index]!;
    if (row.input.externalId !== undefined) {
      const id = byExternalId.get(row.input.externalId);
      if (id !== undefined) otherIds.set(index, id);
      return;
    }
    const primaryHolders = (await deps.contacts.findHolders(row.input.primaryPhone.number)).filter((holder) => holder.role === 'primary');
    if (primaryHolders.length === 1) otherIds.set(index, primaryHolders[0]!.contactId);
    if (primaryHolders.length > 1) {
      otherIds.set(index, new ConflictError(`${primaryHolders.length} contacts have ${row.input.primaryPhone.number} as primary phone: add an external id column to say which one this row is`));
    }
  });
  const others = new Map((await deps.contacts.getMany([...otherIds.values()].filter((id) => typeof id === 'string'))).map((contact) => [contact.id, contact]));
  return rows.map((_, index) => {
    const other = otherIds.get(index);
    if (other instanceof DomainError) return other;
    return byId.get(derivedIds[index]!) ?? (other === undefined ? undefined : others.get(other));
  });
}

async function forEachLimited<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await work(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

function now(deps: ContactDependencies): string {
  return deps.clock.now().toISOString();
}

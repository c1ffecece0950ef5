// Import use cases against in-memory ports: open a job, run the uploaded file into contacts, report.
import { describe, it, expect } from 'vitest';
import type { Contact } from '#domain/contact';
import { NotFoundError } from '#domain/errors';
import type { ImportRow } from '#domain/import/import-row';
import { createContact } from '#domain/use-cases/contacts';
import type { ImportDependencies } from '#domain/use-cases/dependencies';
import { InMemoryConsentStore } from '../fakes/in-memory-consent-store.ts';
import { consentEntriesOf } from '#domain/consent/consent-ledger';
import { appendToLedger } from '#domain/use-cases/consent/ledger-append';
import { contactImportSink, getImport, importFileKey, jobIdOfFileKey, listImportRejections, runImport, startImport } from '#domain/use-cases/import-contacts';
import { CounterIdGenerator } from '../fakes/counter-id-generator.ts';
import { FixedClock } from '../fakes/fixed-clock.ts';
import { InMemoryContactRepository } from '../fakes/in-memory-contact-repository.ts';
import { InMemoryImportFileStore } from '../fakes/in-memory-import-file-store.ts';
import { InMemoryImportJobRepository } from '../fakes/in-memory-import-job-repository.ts';
import { InMemoryItemTypeRepository } from '../fakes/in-memory-item-type-repository.ts';

async function setUp() {
  const contacts = new InMemoryContactRepository();
  const itemTypes = new InMemoryItemTypeRepository();
  const importJobs = new InMemoryImportJobRepository();
  const importFiles = new InMemoryImportFileStore();
  const clock = new FixedClock('2025-03-01T10:00:00.000Z');
  await itemTypes.create({ id: 'type-office', name: 'Office', orderBy: 1, colour: undefined, description: undefined, version: 1 });
  const consent = new InMemoryConsentStore();
  const deps: ImportDependencies = { contacts, itemTypes, importJobs, importFiles, consent, ids: new CounterIdGenerator(), clock, defaultRegion: 'GB' };
  return { deps, contacts, importJobs, importFiles, consent, clock };
}

type Setup = Awaited<ReturnType<typeof setUp>>;

/** Start a job, "upload" the file and run it, as the S3 event would. */
async function importFile({ deps, importFiles }: Setup, content: string) {
  const { job } = await startImport(deps, { fileName: 'contacts.csv' });
  importFiles.put(job.fileKey, content);
  return runImport(deps, job.fileKey);
}

const file = ['Name,Primary phone,Primary kind,External id,Office', 'Ada,07400 400001,MOBILE,crm-1,020 7946 0958', 'Bob,07400 400002,,,', ''].join('\n');

const row = (line: number, input: ImportRow['input'], importKey: string): ImportRow => ({ line, importKey, input, unspecifiedKinds: new Set() });

describe('import use cases', () => {
  it('opens a job awaiting its upload, with an address to upload to', async () => {
    // Prepare
    const setup = await setUp();

    // Act
    const { job, uploadUrl } = await startImport(setup.deps, { fileName: 'contacts.csv', delimiter: ';' });

    // Assess
    expect(job).toMatchObject({ id: 'id-1', status: 'AWAITING_UPLOAD', fileKey: 'imports/id-1.csv', fileName: 'contacts.csv', delimiter: ';', createdAt: '2025-03-01T10:00:00.000Z' });
    expect(uploadUrl).toBe('memory://imports/imports/id-1.csv?expiresIn=900');
    expect(await getImport(setup.deps, 'id-1')).toEqual(job);
  });

  it('records consent columns as ledger entries with source import, once: the same file again appends nothing, and a withdrawal stays', async () => {
    // Prepare
    const setup = await setUp();
    const withConsent = ['Name,Primary phone,Office,Consent,Office consent', 'Ada,07400 400001,020 7946 0958,voice:service,sms:marketing', 'Bob,07400 400002,,,', ''].join('\n');

    // Act
    const first = await importFile(setup, withConsent);
    const ledgerAfterFirst = structuredClone([...setup.consent.ledger.entries()]);
    await importFile(setup, withConsent);
    const now = setup.clock.now();
    await appendToLedger(setup.consent, '+447400400001', now, () => consentEntriesOf({ number: '+447400400001', action: 'withdraw', channels: ['voice'], purposes: ['service'], source: 'verbal', actor: 'agent-1' }, now, () => 'w-1'));
    await importFile(setup, withConsent);

    // Assess
    expect(first.counts).toMatchObject({ created: 2, rejected: 0 });
    const ada = (await setup.contacts.findHolders('+447400400001'))[0]!.contactId;
    expect(ledgerAfterFirst).toEqual([
      ['+447400400001', [expect.objectContaining({ sequence: 1, contactId: ada, source: 'import', actor: `import:${first.id}`, change: { type: 'consent', action: 'grant', channel: 'voice', purpose: 'service' }, evidence: { message: 'contacts.csv, line 2' } })]],
      ['+442079460958', [
        expect.objectContaining({ sequence: 1, change: { type: 'consent', action: 'grant', channel: 'voice', purpose: 'service' } }),
        expect.objectContaining({ sequence: 2, change: { type: 'consent', action: 'grant', channel: 'sms', purpose: 'marketing' } }),
      ]],
    ]);
    expect(setup.consent.ledger.get('+442079460958')).toHaveLength(2);
    expect(setup.consent.ledger.get('+447400400001')!.map((entry) => entry.sequence)).toEqual([1, 2]);
    expect((await setup.consent.getStates(['+447400400001'])).get('+447400400001')!.consents['voice:service']?.status).toBe('withdrawn');
  });

  it('rejects a row whose consent cell it cannot read, with its line and column, and imports the others', async () => {
    // Prepare
    const setup = await setUp();

    // Act
    const job = await importFile(setup, ['Name,Primary phone,Consent', 'Ada,07400 400001,yes', 'Bob,07400 400002,voice', ''].join('\n'));

    // Assess
    expect(job.counts).toMatchObject({ created: 1, rejected: 1 });
    expect((await listImportRejections(setup.deps, job.id, 10, undefined)).items).toEqual([expect.objectContaining({ line: 2, column: 'Consent', value: 'yes' })]);
  });

  it('finds the job of an uploaded file from its key, and no job for another key', () => {
    // Act
    const key = importFileKey('job-7');

    // Assess
    expect(jobIdOfFileKey(key)).toBe('job-7');
    expect(jobIdOfFileKey('other/job-7.csv')).toBeUndefined();
    expect(jobIdOfFileKey('imports/a/b.csv')).toBeUndefined();
  });

  it('creates the contacts of a first import and completes the job with its counts', async () => {
    // Prepare
    const setup = await setUp();

    // Act
    const job = await importFile(setup, file);

    // Assess
    expect(job).toMatchObject({ status: 'COMPLETED', counts: { rowsRead: 2, created: 2, updated: 0, unchanged: 0, rejected: 0 }, bytesRead: Buffer.byteLength(file), totalBytes: Buffer.byteLength(file), finishedAt: '2025-03-01T10:00:00.000Z' });
    const ada = await setup.contacts.get('derived:external:crm-1');
    expect(ada).toMatchObject({ displayName: 'Ada', externalId: 'crm-1', primaryPhone: { number: '+447400400001', kind: 'MOBILE' }, additionalPhones: [{ number: '+442079460958', itemTypeId: 'type-office' }] });
    expect(await setup.contacts.get('derived:phone:+447400400002')).toMatchObject({ displayName: 'Bob', primaryPhone: { kind: 'OTHER' } });
    expect(await getImport(setup.deps, job.id)).toEqual(job);
  });

  it('changes nothing when the same rows are imported again', async () => {
    // Prepare
    const setup = await setUp();
    await importFile(setup, file);
    const writesBefore = setup.contacts.committed.length;

    // Act
    const job = await importFile(setup, file);

    // Assess
    expect(job.counts).toEqual({ rowsRead: 2, created: 0, updated: 0, unchanged: 2, rejected: 0 });
    expect(setup.contacts.committed).toHaveLength(writesBefore);
  });

  it('updates a contact whose name changed, and only that one', async () => {
    // Prepare
    const setup = await setUp();
    await importFile(setup, file);
    setup.clock.advanceMinutes(60);

    // Act
    const job = await importFile(setup, file.replace('Ada,', 'Ada Lovelace,'));

    // Assess
    expect(job.counts).toEqual({ rowsRead: 2, created: 0, updated: 1, unchanged: 1, rejected: 0 });
    expect(await setup.contacts.get('derived:external:crm-1')).toMatchObject({ displayName: 'Ada Lovelace', version: 2, updatedAt: '2025-03-01T11:00:00.000Z' });
  });

  it('keeps the stored kind when a re-import leaves the kind blank', async () => {
    // Prepare
    const setup = await setUp();
    await importFile(setup, file);

    // Act
    const job = await importFile(setup, file.replace('07400 400001,MOBILE,', '07400 400001,,'));

    // Assess
    expect(job.counts.unchanged).toBe(2);
    expect((await setup.contacts.get('derived:external:crm-1'))?.primaryPhone.kind).toBe('MOBILE');
  });

  it('remembers every contact its accepted rows named, created, updated or unchanged, and no rejected row', async () => {
    // Prepare
    const setup = await setUp();
    await importFile(setup, file);
    const content = file.replace('Ada,', 'Ada Lovelace,').replace('\n\n', '\n').concat('Cy,07400 400003,,,\n', ',07400 400004,,,\n');

    // Act
    const job = await importFile(setup, content);
    const named = await setup.importJobs.listContacts(job.id, undefined);

    // Assess
    expect(job.counts).toEqual({ rowsRead: 4, created: 1, updated: 1, unchanged: 1, rejected: 1 });
    expect(named.items.sort()).toEqual(['derived:external:crm-1', 'derived:phone:+447400400002', 'derived:phone:+447400400003']);
    expect(named.cursor).toBeUndefined();
  });

  it('stores the rejected rows with their line and reason, listable in line order', async () => {
    // Prepare
    const setup = await setUp();
    const content = ['Name,Primary phone,Office', 'Ada,07400 400001,', ',07400 400002,', 'Cy,=HYPERLINK("x"),', 'Di,07400 400004,12', ''].join('\n');

    // Act
    const job = await importFile(setup, content);
    const page = await listImportRejections(setup.deps, job.id, 10, undefined);

    // Assess
    expect(job.counts).toEqual({ rowsRead: 4, created: 1, updated: 0, unchanged: 0, rejected: 3 });
    expect(page.items).toEqual([
      { line: 3, column: 'Name', reason: 'the name is empty', value: undefined },
      { line: 4, column: 'Primary phone', reason: 'not a phone number', value: '\'=HYPERLINK("x")' },
      { line: 5, column: 'Office', reason: '+4412 is not a valid number in GB', value: '12' },
    ]);
  });

  it('records the columns the file has that feed nothing', async () => {
    // Prepare
    const setup = await setUp();

    // Act
    const job = await importFile(setup, 'Name,Phone,Notes\nAda,07400 400001,hello\n');

    // Assess
    expect(job.ignoredColumns).toEqual(['Notes']);
  });

  it('fails the job with the reason when the file cannot be mapped', async () => {
    // Prepare
    const setup = await setUp();

    // Act
    const job = await importFile(setup, 'Phone,Office\n07400 400001,\n');

    // Assess
    expect(job.status).toBe('FAILED');
    expect(job.failureReason).toMatch(/^mapping\.displayName: no column for the name/);
    expect(await getImport(setup.deps, job.id)).toMatchObject({ status: 'FAILED', failureReason: job.failureReason, finishedAt: '2025-03-01T10:00:00.000Z' });
  });

  it('fails the job of an empty file', async () => {
    // Prepare
    const setup = await setUp();

    // Act
    const job = await importFile(setup, '');

    // Assess
    expect(job).toMatchObject({ status: 'FAILED', failureReason: 'file: is empty: expected a header line and rows' });
  });

  it('records an unexpected failure on the job, then raises it', async () => {
    // Prepare
    class BrokenContactRepository extends InMemoryContactRepository {
      override async writeMany(): Promise<never> {
        throw new Error('socket hang up');
      }
    }
    const setup = await setUp();
    const deps = { ...setup.deps, contacts: new BrokenContactRepository() };
    const { job } = await startImport(deps, {});
    setup.importFiles.put(job.fileKey, file);

    // Act
    const running = runImport(deps, job.fileKey);

    // Assess
    await expect(running).rejects.toThrow('socket hang up');
    expect(await getImport(deps, job.id)).toMatchObject({ status: 'FAILED', failureReason: 'internal error: start the import again', finishedAt: '2025-03-01T10:00:00.000Z' });
  });

  it('leaves a finished job as it is when its file event comes again', async () => {
    // Prepare
    const setup = await setUp();
    const finished = await importFile(setup, file);
    const writesBefore = setup.contacts.committed.length;

    // Act
    const again = await runImport(setup.deps, finished.fileKey);

    // Assess
    expect(again).toEqual(finished);
    expect(setup.contacts.committed).toHaveLength(writesBefore);
  });

  it('says which file has no job', async () => {
    // Prepare
    const setup = await setUp();

    // Act
    const running = runImport(setup.deps, 'imports/unknown.csv');
    const foreign = runImport(setup.deps, 'elsewhere/file.csv');

    // Assess
    await expect(running).rejects.toThrow(NotFoundError);
    await expect(foreign).rejects.toMatchObject({ id: 'elsewhere/file.csv' });
  });

  it('updates the only contact that has the row\'s number as primary, even one made through the API', async () => {
    // Prepare
    const setup = await setUp();
    const { contact } = await createContact(setup.deps, { displayName: 'Bob', primaryPhone: { number: '+447400400002', kind: 'HOME' } });

    // Act
    const job = await importFile(setup, 'Name,Phone\nRobert,07400 400002\n');

    // Assess
    expect(job.counts).toMatchObject({ created: 0, updated: 1 });
    expect(await setup.contacts.get(contact.id)).toMatchObject({ displayName: 'Robert', primaryPhone: { kind: 'HOME' }, version: 2 });
  });

  it('updates the contact that holds the row\'s external id', async () => {
    // Prepare
    const setup = await setUp();
    const { contact } = await createContact(setup.deps, { displayName: 'Ada', externalId: 'crm-9', primaryPhone: { number: '+447400400009' } });

    // Act
    const job = await importFile(setup, 'Name,Phone,External id\nAda L.,07400 400001,crm-9\n');

    // Assess
    expect(job.counts).toMatchObject({ created: 0, updated: 1 });
    const updated = (await setup.contacts.get(contact.id)) as Contact;
    expect(updated.primaryPhone.number).toBe('+447400400001');
    expect(updated.additionalPhones.map((phone) => phone.number)).toEqual(['+447400400009']);
  });

  it('rejects as ambiguous a row whose primary number is the primary of two contacts', async () => {
    // Prepare
    const setup = await setUp();
    await createContact(setup.deps, { displayName: 'Ada', primaryPhone: { number: '+442079460958', kind: 'HOME' } });
    await createContact(setup.deps, { displayName: 'Bob', primaryPhone: { number: '+442079460958', kind: 'HOME' } });
    const sink = contactImportSink(setup.deps, await setup.deps.itemTypes.list());

    // Act
    const outcomes = await sink.write([row(2, { displayName: 'Ada', primaryPhone: { number: '+442079460958' } }, 'phone:+442079460958')]);

    // Assess
    expect(outcomes).toEqual([{ rejected: expect.stringMatching(/^2 contacts have \+442079460958 as primary phone: add an external id column/) }]);
    expect(setup.contacts.committed).toHaveLength(2);
  });

  it('rejects a new row whose mobile belongs to another contact, and writes the other rows of the batch', async () => {
    // Prepare
    const setup = await setUp();
    await createContact(setup.deps, { displayName: 'Ada', primaryPhone: { number: '+447400400001', kind: 'MOBILE' } });
    const sink = contactImportSink(setup.deps, await setup.deps.itemTypes.list());

    // Act
    const outcomes = await sink.write([
      row(2, { displayName: 'Eve', externalId: 'crm-5', primaryPhone: { number: '+447400400001', kind: 'MOBILE' } }, 'external:crm-5'),
      row(3, { displayName: 'Bob', primaryPhone: { number: '+447400400002' } }, 'phone:+447400400002'),
    ]);

    // Assess
    expect(outcomes).toEqual([{ rejected: expect.stringContaining('mobile number +447400400001 already belongs to contact id-1') }, 'created']);
    expect(await setup.contacts.get('derived:phone:+447400400002')).toMatchObject({ displayName: 'Bob' });
  });

  it('rejects a row that would give a contact too many phones, naming the rule', async () => {
    // Prepare
    const setup = await setUp();
    const additionalPhones = Array.from({ length: 20 }, (_, index) => ({ number: `+4420794609${String(index).padStart(2, '0')}` }));
    await createContact(setup.deps, { displayName: 'Ada', externalId: 'crm-1', primaryPhone: { number: '+447400400001' }, additionalPhones });
    const sink = contactImportSink(setup.deps, await setup.deps.itemTypes.list());

    // Act
    const outcomes = await sink.write([row(2, { displayName: 'Ada', externalId: 'crm-1', primaryPhone: { number: '+447400400001' }, additionalPhones: [{ number: '+447400400002' }] }, 'external:crm-1')]);

    // Assess
    expect(outcomes).toEqual([{ rejected: 'additionalPhones: at most 20 additional phones' }]);
  });

  it('returns a failed job as it stored it', async () => {
      const clock = new FixedClock('2025-03-01T10:00:00.000Z');
    const importFiles = new InMemoryImportFileStore();
    const deps: ImportDependencies = { contacts: new InMemoryContactRepository(), itemTypes: new InMemoryItemTypeRepository(), importJobs: new InMemoryImportJobRepository(), importFiles, consent: new InMemoryConsentStore(), ids: new CounterIdGenerator(), clock, defaultRegion: 'GB' };
    const { job } = await startImport(deps, {});
    importFiles.put(job.fileKey, 'Phone\n07400 100001\n');
    clock.advanceMinutes(1);

      const returned = await runImport(deps, job.fileKey);

      expect(returned).toEqual(await getImport(deps, job.id));
    expect(returned.finishedAt).toBe('2025-03-01T10:01:00.000Z');
  });
});

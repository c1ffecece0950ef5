// runImportPipeline: CSV → mapped rows → batches for a sink, with counts, sorted rejections and progress.
import { describe, it, expect } from 'vitest';
import { InvalidInputError } from '#domain/errors';
import type { ImportCounts, RowRejection } from '#domain/import/import-job';
import { runImportPipeline, type ImportPipelineOptions, type ImportSink, type RowOutcome } from '#domain/import/import-pipeline';
import type { ImportRow } from '#domain/import/import-row';
import type { ItemType } from '#domain/item-type';

const office: ItemType = { id: 'type-office', name: 'Office', orderBy: 1, colour: undefined, description: undefined, version: 1 };

/** A sink that remembers every batch and answers with a scripted outcome per row ('created' unless told). */
class RecordingSink implements ImportSink {
  readonly batches: ImportRow[][] = [];

  constructor(private readonly outcomeOf: (row: ImportRow) => RowOutcome = () => 'created') {}

  async write(rows: readonly ImportRow[]): Promise<RowOutcome[]> {
    this.batches.push([...rows]);
    return rows.map(this.outcomeOf);
  }

  get lines(): number[][] {
    return this.batches.map((batch) => batch.map((row) => row.line));
  }
}

async function* chunks(...parts: Array<string | Uint8Array>): AsyncGenerator<string | Uint8Array> {
  for (const part of parts) yield part;
}

function csv(...lines: string[]): string {
  return `${lines.join('\n')}\n`;
}

async function run(source: string | AsyncIterable<string | Uint8Array>, sink: ImportSink, options: Partial<ImportPipelineOptions> = {}) {
  const rejections: RowRejection[][] = [];
  const progress: Array<{ counts: ImportCounts; bytesRead: number }> = [];
  const ignored: string[][] = [];
  const counts = await runImportPipeline(typeof source === 'string' ? chunks(source) : source, sink, {
    itemTypes: [office],
    defaultRegion: 'GB',
    onRejections: (reported) => void rejections.push(reported),
    onProgress: (running, bytesRead) => void progress.push({ counts: running, bytesRead }),
    onIgnoredColumns: (headers) => void ignored.push(headers),
    ...options,
  });
  return { counts, rejections, progress, ignored };
}

describe('import pipeline', () => {
  it('counts the rows read, created and rejected', async () => {
    // Prepare
    const file = csv('Name,Primary phone,Office', 'Ada,07400 100001,020 7946 0958', 'Bob,07400 100002,', 'Cy,not a number,', ',,', 'Di,07400 100004,12', 'Ed,07400 100005,');
    const sink = new RecordingSink();

    // Act
    const { counts } = await run(file, sink);

    // Assess
    expect(counts).toEqual({ rowsRead: 6, created: 3, updated: 0, unchanged: 0, rejected: 3 });
    expect(sink.lines).toEqual([[2, 3, 7]]);
  });

  it("counts the sink's outcomes and reports its rejections with their lines", async () => {
    // Prepare
    const file = csv('Name,Phone', 'Ada,07400 100001', 'Bob,07400 100002', 'Cy,07400 100003', 'Di,07400 100004');
    const script: Record<string, RowOutcome> = { Ada: 'created', Bob: 'updated', Cy: 'unchanged', Di: { rejected: 'ambiguous' } };
    const sink = new RecordingSink((row) => script[row.input.displayName]!);

    // Act
    const { counts, rejections } = await run(file, sink);

    // Assess
    expect(counts).toEqual({ rowsRead: 4, created: 1, updated: 1, unchanged: 1, rejected: 1 });
    expect(rejections).toEqual([[{ line: 5, column: undefined, reason: 'ambiguous', value: undefined }]]);
  });

  it('reports the rejections of a batch sorted by line, whether the mapping or the sink rejected them', async () => {
    // Prepare
    const file = csv('Name,Phone', 'Ada,07400 100001', 'Bob,bad', 'Cy,07400 100003', ',');
    const sink = new RecordingSink((row) => (row.input.displayName === 'Ada' ? { rejected: 'taken' } : 'created'));

    // Act
    const { rejections } = await run(file, sink);

    // Assess
    expect(rejections.flat().map((rejection) => [rejection.line, rejection.reason])).toEqual([
      [2, 'taken'],
      [3, 'not a phone number'],
      [5, 'blank row'],
    ]);
    expect(rejections).toHaveLength(1);
  });

  it('counts a malformed CSV record as read and rejected, and imports the rows before it', async () => {
    // Prepare
    const file = csv('Name,Phone', 'Ada,07400 100001', '"Bob,07400 100002', 'Cy,07400 100003');
    const sink = new RecordingSink();

    // Act
    const { counts, rejections } = await run(file, sink);

    // Assess
    expect(counts).toEqual({ rowsRead: 2, created: 1, updated: 0, unchanged: 0, rejected: 1 });
    expect(rejections.flat()[0]?.reason).toMatch(/^malformed CSV/);
  });

  it('never puts two rows with the same import key in one batch', async () => {
    // Prepare
    const file = csv('Name,Phone,External id', 'Ada,07400 100001,crm-1', 'Bob,07400 100002,crm-2', 'Ada L.,07400 100001,crm-1', 'Cy,07400 100003,crm-3');
    const sink = new RecordingSink();

    // Act
    await run(file, sink, { batchSize: 100 });

    // Assess
    expect(sink.lines).toEqual([
      [2, 3],
      [4, 5],
    ]);
    for (const batch of sink.batches) expect(new Set(batch.map((row) => row.importKey)).size).toBe(batch.length);
  });

  it('sees two rows without external id and the same primary number as the same contact', async () => {
    // Prepare
    const file = csv('Name,Phone', 'Ada,07400 100001', 'Ada L.,+44 7400 100001');
    const sink = new RecordingSink();

    // Act
    await run(file, sink);

    // Assess
    expect(sink.lines).toEqual([[2], [3]]);
    expect(sink.batches.flat().map((row) => row.importKey)).toEqual(['phone:+447400100001', 'phone:+447400100001']);
  });

  it('writes batches of at most batchSize rows', async () => {
    // Prepare
    const file = csv('Name,Phone', ...[1, 2, 3, 4, 5].map((n) => `P${n},07400 10000${n}`));
    const sink = new RecordingSink();

    // Act
    const { counts } = await run(file, sink, { batchSize: 2 });

    // Assess
    expect(sink.batches.map((batch) => batch.length)).toEqual([2, 2, 1]);
    expect(counts.created).toBe(5);
  });

  it('reports progress after every batch with the running counts and the bytes read', async () => {
    // Prepare
    const file = csv('Name,Phone', 'Ada,07400 100001', 'Bob,07400 100002', 'Cy,bad');
    const sink = new RecordingSink();

    // Act
    const { progress } = await run(file, sink, { batchSize: 1 });

    // Assess
    expect(progress.map((entry) => entry.counts)).toEqual([
      { rowsRead: 1, created: 1, updated: 0, unchanged: 0, rejected: 0 },
      { rowsRead: 2, created: 2, updated: 0, unchanged: 0, rejected: 0 },
      { rowsRead: 3, created: 2, updated: 0, unchanged: 0, rejected: 1 },
    ]);
    expect(progress.at(-1)?.bytesRead).toBe(Buffer.byteLength(file));
  });

  it('reports the columns it ignores', async () => {
    // Prepare
    const file = csv('Name,Phone,Notes,Boat', 'Ada,07400 100001,x,y');

    // Act
    const { ignored } = await run(file, new RecordingSink());

    // Assess
    expect(ignored).toEqual([['Notes', 'Boat']]);
  });

  it('reads a semicolon file from bytes with a byte order mark and CRLF line ends', async () => {
    // Prepare
    const bytes = Buffer.from('\uFEFFName;Primary phone;Office\r\nAda;07400 100001;"020 7946 0958"\r\n', 'utf8');
    const sink = new RecordingSink();

    // Act
    const { counts } = await run(chunks(bytes), sink);

    // Assess
    expect(counts.created).toBe(1);
    expect(sink.batches[0]?.[0]?.input.additionalPhones).toEqual([{ number: '+442079460958', kind: undefined, itemTypeId: 'type-office', description: undefined }]);
  });

  it('follows an explicit mapping and delimiter', async () => {
    // Prepare
    const file = csv('Client|Tel|Work', 'Ada|07400 100001|020 7946 0958');
    const sink = new RecordingSink();

    // Act
    await run(file, sink, { delimiter: '|', mapping: { displayName: 'Client', primaryPhone: 'Tel', additionalPhones: [{ column: 'Work', itemType: 'Office' }] } });

    // Assess
    expect(sink.batches[0]?.[0]?.input).toMatchObject({ displayName: 'Ada', primaryPhone: { number: '+447400100001' }, additionalPhones: [{ number: '+442079460958', itemTypeId: 'type-office' }] });
  });

  it('imports nothing from a file with a header only', async () => {
    // Prepare
    const sink = new RecordingSink();

    // Act
    const { counts } = await run(csv('Name,Phone'), sink);

    // Assess
    expect(counts).toEqual({ rowsRead: 0, created: 0, updated: 0, unchanged: 0, rejected: 0 });
    expect(sink.batches).toEqual([]);
  });

  it.each([
    ['no chunk at all', () => chunks()],
    ['an empty chunk', () => chunks('')],
    ['blank LF lines only', () => chunks('\n\n\n')],
    ['blank CRLF lines only', () => chunks('\r\n', '\r\n')],
  ])('throws InvalidInputError naming the file when it is empty (%s)', async (_, source) => {
    // Prepare
    const sink = new RecordingSink();

    // Act
    const running = run(source(), sink);

    // Assess
    await expect(running).rejects.toThrow(InvalidInputError);
    await expect(run(source(), sink)).rejects.toMatchObject({ field: 'file', reason: 'is empty: expected a header line and rows' });
    expect(sink.batches).toEqual([]);
  });

  it('throws the mapping error when the header has no name column, before writing anything', async () => {
    // Prepare
    const sink = new RecordingSink();

    // Act
    const running = run(csv('Phone,Office', '07400 100001,'), sink);

    // Assess
    await expect(running).rejects.toMatchObject({ field: 'mapping.displayName' });
    expect(sink.batches).toEqual([]);
  });
});

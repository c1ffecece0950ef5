// readCsvRecords: CSV text or bytes, streamed, to records with the line they start on; malformed records become rejections.
import { describe, it, expect } from 'vitest';
import { readCsvRecords, sniffDelimiter, type CsvItem, type CsvRecord } from '#domain/import/csv-records';

async function* chunks(...parts: Array<string | Uint8Array>): AsyncGenerator<string | Uint8Array> {
  for (const part of parts) yield part;
}

async function readAll(source: AsyncIterable<string | Uint8Array>, delimiter?: string): Promise<CsvItem[]> {
  const items: CsvItem[] = [];
  for await (const item of readCsvRecords(source, { delimiter })) items.push(item);
  return items;
}

const linesOf = (items: CsvItem[]) => items.map((item) => ('record' in item ? item.record.line : item.rejection.line));
const recordsOf = (items: CsvItem[]): CsvRecord[] => items.flatMap((item) => ('record' in item ? [item.record] : []));

describe('csv records', () => {
  it('reads records with their line numbers', async () => {
    // Act
    const items = await readAll(chunks('Name,Phone\nAda,07400 123456\nBob,07400 123457\n'));

    // Assess
    expect(items).toEqual([
      { record: { line: 1, cells: ['Name', 'Phone'] } },
      { record: { line: 2, cells: ['Ada', '07400 123456'] } },
      { record: { line: 3, cells: ['Bob', '07400 123457'] } },
    ]);
  });

  it('reads a last record without a final line break', async () => {
    // Act
    const items = await readAll(chunks('Name,Phone\nAda,1'));

    // Assess
    expect(recordsOf(items).at(-1)).toEqual({ line: 2, cells: ['Ada', '1'] });
  });

  it('drops a byte order mark and reads CRLF line ends', async () => {
    // Act
    const items = await readAll(chunks('\uFEFFName,Phone\r\nAda,1\r\nBob,2\r\n'));

    // Assess
    expect(recordsOf(items)).toEqual([
      { line: 1, cells: ['Name', 'Phone'] },
      { line: 2, cells: ['Ada', '1'] },
      { line: 3, cells: ['Bob', '2'] },
    ]);
  });

  it('reads bytes with a byte order mark, split anywhere, even inside a character', async () => {
    // Prepare
    const bytes = Buffer.from('\uFEFFName,Phone\nZoë,1\n', 'utf8');
    const split = bytes.indexOf(Buffer.from('ë')) + 1;

    // Act
    const items = await readAll(chunks(bytes.subarray(0, 5), bytes.subarray(5, split), bytes.subarray(split)));

    // Assess
    expect(recordsOf(items)).toEqual([
      { line: 1, cells: ['Name', 'Phone'] },
      { line: 2, cells: ['Zoë', '1'] },
    ]);
  });

  it('reads quoted fields holding the delimiter, doubled quotes and line breaks', async () => {
    // Act
    const items = await readAll(chunks('Name,Note\n"Lovelace, Ada","she said ""hi"""\n"Bob","two\nlines"\nCy,3\n'));

    // Assess
    expect(recordsOf(items)).toEqual([
      { line: 1, cells: ['Name', 'Note'] },
      { line: 2, cells: ['Lovelace, Ada', 'she said "hi"'] },
      { line: 3, cells: ['Bob', 'two\nlines'] },
      { line: 5, cells: ['Cy', '3'] },
    ]);
  });

  it('counts the lines of a field spanning several lines before the next record', async () => {
    // Act
    const items = await readAll(chunks('Name,Note\n"Ada","one\ntwo\nthree"\nBob,x\n'));

    // Assess
    expect(recordsOf(items).map((record) => record.line)).toEqual([1, 2, 5]);
  });

  it('skips blank lines and still numbers the records by their line in the file', async () => {
    // Act
    const items = await readAll(chunks('Name,Phone\n\nAda,1\n\n\nBob,2\n'));

    // Assess
    expect(recordsOf(items)).toEqual([
      { line: 1, cells: ['Name', 'Phone'] },
      { line: 3, cells: ['Ada', '1'] },
      { line: 6, cells: ['Bob', '2'] },
    ]);
  });

  it('reads a line of spaces as a record, for the row mapping to reject', async () => {
    // Act
    const items = await readAll(chunks('Name,Phone\n   \nAda,1\n'));

    // Assess
    expect(recordsOf(items)[1]).toEqual({ line: 2, cells: ['   '] });
  });

  it('reads records split across chunks', async () => {
    // Act
    const items = await readAll(chunks('Name,Ph', 'one\nAda', ',1\nB', 'ob,2\n'));

    // Assess
    expect(recordsOf(items)).toEqual([
      { line: 1, cells: ['Name', 'Phone'] },
      { line: 2, cells: ['Ada', '1'] },
      { line: 3, cells: ['Bob', '2'] },
    ]);
  });

  it('keeps records with more or fewer cells than the header', async () => {
    // Act
    const items = await readAll(chunks('Name,Phone\nAda\nBob,2,extra\n'));

    // Assess
    expect(recordsOf(items).map((record) => record.cells)).toEqual([['Name', 'Phone'], ['Ada'], ['Bob', '2', 'extra']]);
  });

  it.each([
    ['semicolons', 'Name;Phone;Email\nAda;07400 123456;a@example.com\n'],
    ['tabs', 'Name\tPhone\tEmail\nAda\t07400 123456\ta@example.com\n'],
    ['pipes', 'Name|Phone|Email\nAda|07400 123456|a@example.com\n'],
  ])('finds that the delimiter is %s from the header line', async (_, text) => {
    // Act
    const items = await readAll(chunks(text));

    // Assess
    expect(recordsOf(items)).toEqual([
      { line: 1, cells: ['Name', 'Phone', 'Email'] },
      { line: 2, cells: ['Ada', '07400 123456', 'a@example.com'] },
    ]);
  });

  it('uses the delimiter it is given instead of guessing', async () => {
    // Act
    const items = await readAll(chunks('Name;Note\nAda;a,b,c\n'), ';');

    // Assess
    expect(recordsOf(items)[1]).toEqual({ line: 2, cells: ['Ada', 'a,b,c'] });
  });

  it('keeps a quote inside an unquoted cell as text, for the row mapper to judge', async () => {
    // Act
    const items = await readAll(chunks('Name,Phone\nAda,=HYPERLINK("http://evil.example")\nBob,07400 123457\n'));

    // Assess
    expect(items).toEqual([
      { record: { line: 1, cells: ['Name', 'Phone'] } },
      { record: { line: 2, cells: ['Ada', '=HYPERLINK("http://evil.example")'] } },
      { record: { line: 3, cells: ['Bob', '07400 123457'] } },
    ]);
  });

  it('keeps text after a closing quote as the raw cell, and goes on with the next rows', async () => {
    // Act
    const items = await readAll(chunks('Name,Phone\n"Ada"x,1\nBob,2\n'));

    // Assess
    expect(items).toEqual([
      { record: { line: 1, cells: ['Name', 'Phone'] } },
      { record: { line: 2, cells: ['"Ada"x', '1'] } },
      { record: { line: 3, cells: ['Bob', '2'] } },
    ]);
  });

  it('rejects a quote never closed as one malformed record holding the rest of the file, after the rows before it', async () => {
    // Act
    const items = await readAll(chunks('Name,Phone\nAda,1\n"Bob,2\nCy,3\n'));

    // Assess
    expect(items).toEqual([
      { record: { line: 1, cells: ['Name', 'Phone'] } },
      { record: { line: 2, cells: ['Ada', '1'] } },
      { rejection: { line: expect.any(Number), column: undefined, reason: expect.stringMatching(/^malformed CSV: a quote opened in this row is never closed/), value: undefined } },
    ]);
  });

  it('reads nothing from an empty source', async () => {
    // Act
    const fromNothing = await readAll(chunks());
    const fromEmptyText = await readAll(chunks(''));

    // Assess
    expect(fromNothing).toEqual([]);
    expect(fromEmptyText).toEqual([]);
  });

  it('reports the bytes read so far', async () => {
    // Prepare
    const seen: number[] = [];

    // Act
    for await (const _ of readCsvRecords(chunks('Name,Phone\n', Buffer.from('Zoë,1\n')), { onBytes: (bytes) => seen.push(bytes) }));

    // Assess
    expect(seen).toEqual([11, 18]);
  });

  it('sniffDelimiter picks the most frequent candidate outside quotes, and a comma when there is none', () => {
    // Act
    const quotedCommas = sniffDelimiter('"Name, full";"Phone, main";Email\n1,2,3,4,5\n');
    const noDelimiter = sniffDelimiter('Name\nAda\n');
    const tie = sniffDelimiter('a,b;c\n');
    const withBom = sniffDelimiter('\uFEFFa\tb\tc');

    // Assess
    expect([quotedCommas, noDelimiter, tie, withBom]).toEqual([';', ',', ',', '\t']);
  });

  it('counts a CRLF inside a quoted field as one line', async () => {
      const items = await readAll(chunks('Name,Note\r\n"Ada","two\r\nlines"\r\nBob,x\r\n'));

      expect(linesOf(items)).toEqual([1, 2, 4]);
  });

  it('a quote never closed is reported at the line where its row starts', async () => {
      const items = await readAll(chunks('Name,Phone\nAda,1\n"Bob,2\nCy,3\nDi,4\n'));

      expect(items.at(-1)).toMatchObject({ rejection: { line: 3 } });
  });

  it('the delimiter is found from the whole header line, however the stream is chunked', async () => {
      const items = await readAll(chunks('Name', ';Phone\nAda;07400 100001\n'));

      expect(items[0]).toEqual({ record: { line: 1, cells: ['Name', 'Phone'] } });
  });

  it('the rows after a record over the size limit are still read', async () => {
      const file = `Name,Phone\nAda,1\n${'x'.repeat(1_000_010)},2\nBob,3\nCy,4\n`;

      const items = await readAll(chunks(file));

      expect(items.filter((item) => 'record' in item).map((item) => ('record' in item ? item.record.cells[0] : ''))).toEqual(['Name', 'Ada', 'Bob', 'Cy']);
  });

  it('a CRLF header followed by LF rows gives one record per row', async () => {
      const items = await readAll(chunks('Name,Phone\r\nAda,1\nBob,2\n'));

      expect(items).toEqual([
      { record: { line: 1, cells: ['Name', 'Phone'] } },
      { record: { line: 2, cells: ['Ada', '1'] } },
      { record: { line: 3, cells: ['Bob', '2'] } },
    ]);
  });

  it('an LF header followed by CRLF rows keeps the right line numbers', async () => {
      const items = await readAll(chunks('Name,Phone\nAda,1\r\nBob,2\r\n'));

      expect(linesOf(items)).toEqual([1, 2, 3]);
  });

  it('reads lone CR line ends, and line ends and doubled quotes cut between chunks', async () => {
    // Act
    const items = await readAll(chunks('Name,Note\rAda,"say "', '"hi"', '"\r', '\nthere"\r', '\nBob,x\r'));

    // Assess
    expect(items).toEqual([
      { record: { line: 1, cells: ['Name', 'Note'] } },
      { record: { line: 2, cells: ['Ada', 'say "hi"\r\nthere'] } },
      { record: { line: 4, cells: ['Bob', 'x'] } },
    ]);
  });
});

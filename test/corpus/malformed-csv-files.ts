// The malformed-CSV corpus: files as spreadsheets, exports and accidents make them (other encodings, BOMs, broken
// quotes, huge cells, formula cells, wrong columns, binary data, every line end), each with exactly what its import
// must give. Generated rather than checked in: the numbers must be fresh in a database shared by the whole run.

export interface ExpectedRejection {
  line: number;
  column?: string;
  reason: RegExp;
  /** The cell echoed in the report, formula-neutralised. */
  value?: string;
}

export interface CorpusFile {
  name: string;
  content: Uint8Array | string;
  /** What the job ends as: COMPLETED with exact counts, or FAILED with a reason. */
  expected:
    | { status: 'COMPLETED'; counts: { rowsRead: number; created: number; rejected: number }; rejections: ExpectedRejection[]; ignoredColumns?: string[] }
    | { status: 'FAILED'; failureReason: RegExp };
  /** Contacts the import must have stored, by primary number, with their name exactly as in the file. */
  stored: Array<{ number: string; displayName: string }>;
  /** Numbers of the file that must not be stored (rows rejected, columns ignored). */
  notStored: string[];
}

/** A fresh French mobile in +33 75…, a range no other test uses. */
export function numberSource(base: number): () => string {
  let serial = base;
  return () => `+3375${String((serial += 1)).padStart(7, '0')}`;
}

const utf16be = (text: string) => {
  const bytes = Buffer.from(text, 'utf16le');
  bytes.swap16();
  return bytes;
};
const withBom = (bom: number[], bytes: Uint8Array) => new Uint8Array(Buffer.concat([Buffer.from(bom), bytes]));
/** The first bytes of a real zip archive and a real PNG image (signature, IHDR chunk), then binary noise. */
const zipBytes = Buffer.from('504b03041400000008002d8b6b5a0000000000000000000000000b0000006461746131322e637376cbcc4bcc4d55c849cd4b2d56e00200', 'hex');
const pngBytes = Buffer.from('89504e470d0a1a0a0000000d49484452000000100000001008060000001ff3ff610000000049454e44ae426082', 'hex');

export function malformedCsvCorpus(nextNumber: () => string): CorpusFile[] {
  const files: CorpusFile[] = [];

  {
    const [rene, zoe] = [nextNumber(), nextNumber()];
    const text = `Name,Primary phone,Email\r\nRené Dupont,${rene},rene@example.com\r\nZoë 鈴木 😀,${zoe},\r\nBad,12,\r\n`;
    const expected: CorpusFile['expected'] = { status: 'COMPLETED', counts: { rowsRead: 3, created: 2, rejected: 1 }, rejections: [{ line: 4, column: 'Primary phone', reason: /too short|not a valid|not a phone/, value: '12' }] };
    const stored = [{ number: rene, displayName: 'René Dupont' }, { number: zoe, displayName: 'Zoë 鈴木 😀' }];
    files.push({ name: 'utf8-bom.csv', content: withBom([0xef, 0xbb, 0xbf], Buffer.from(text, 'utf8')), expected, stored, notStored: [] });
    const [rene16, zoe16] = [nextNumber(), nextNumber()];
    const text16 = text.replace(rene, rene16).replace(zoe, zoe16);
    const stored16 = [{ number: rene16, displayName: 'René Dupont' }, { number: zoe16, displayName: 'Zoë 鈴木 😀' }];
    files.push({ name: 'utf16le-bom.csv', content: withBom([0xff, 0xfe], Buffer.from(text16, 'utf16le')), expected, stored: stored16, notStored: [] });
    const [renebe, zoebe] = [nextNumber(), nextNumber()];
    const textbe = text.replace(rene, renebe).replace(zoe, zoebe);
    files.push({ name: 'utf16be-bom.csv', content: withBom([0xfe, 0xff], utf16be(textbe)), expected, stored: [{ number: renebe, displayName: 'René Dupont' }, { number: zoebe, displayName: 'Zoë 鈴木 😀' }], notStored: [] });
  }
  {
    // Latin-1: é is the byte 0xE9, not UTF-8. Its row is rejected (stored it would read "Ren�"); plain ASCII rows go in.
    const [rene, ada] = [nextNumber(), nextNumber()];
    const content = new Uint8Array(Buffer.from(`Name,Primary phone\nRené Dupont,${rene}\nAda,${ada}\n`, 'latin1'));
    files.push({ name: 'latin1.csv', content, expected: { status: 'COMPLETED', counts: { rowsRead: 2, created: 1, rejected: 1 }, rejections: [{ line: 2, reason: /not UTF-8/ }] }, stored: [{ number: ada, displayName: 'Ada' }], notStored: [rene] });
    files.push({ name: 'latin1-header.csv', content: new Uint8Array(Buffer.from(`Prénom,Name,Primary phone\nRené,Dupont,${nextNumber()}\n`, 'latin1')), expected: { status: 'FAILED', failureReason: /not CSV text/ }, stored: [], notStored: [] });
  }
  {
    // A quote opened and never closed swallows the rest of the file: one rejection at its line, the rows before it stay.
    const [ada, bob, cy, di, ed] = [nextNumber(), nextNumber(), nextNumber(), nextNumber(), nextNumber()];
    const content = `Name,Primary phone\nAda "the first",${ada}\n"Quoted ""twice""",${ed}\n"Bob,${bob}\nCy,${cy}\nDi,${di}\n`;
    files.push({
      name: 'unbalanced-quotes.csv',
      content,
      expected: { status: 'COMPLETED', counts: { rowsRead: 3, created: 2, rejected: 1 }, rejections: [{ line: 4, reason: /quote opened in this row is never closed/ }] },
      stored: [{ number: ada, displayName: 'Ada "the first"' }, { number: ed, displayName: 'Quoted "twice"' }],
      notStored: [bob, cy, di],
    });
  }
  {
    // A 1 MB cell is over the record limit; a 600 KB one is under it but over the name's (stored, it made a DynamoDB item over
    // 400 KB and failed the whole job as an internal error): both rows rejected, the rows after them imported.
    const [huge, large, fine, quotedHuge, after] = [nextNumber(), nextNumber(), nextNumber(), nextNumber(), nextNumber()];
    const content = `Name,Primary phone,Primary description\n${'x'.repeat(1_048_576)},${huge},\n${'y'.repeat(600_000)},${large},\nFine,${fine},${'d'.repeat(600)}\n"${'z\n'.repeat(200_000)}",${quotedHuge},\nAfter,${after},desk\n`;
    files.push({
      name: 'huge-cells.csv',
      content,
      expected: {
        status: 'COMPLETED',
        counts: { rowsRead: 5, created: 1, rejected: 4 },
        rejections: [
          { line: 2, reason: /longer than 1,000,000 characters/ },
          { line: 3, column: 'Name', reason: /longer than 200 characters/ },
          { line: 4, column: 'Primary description', reason: /longer than 500 characters/ },
          { line: 5, column: 'Name', reason: /longer than 200 characters/ },
        ],
      },
      stored: [{ number: after, displayName: 'After' }],
      notStored: [huge, large, fine, quotedHuge],
    });
  }
  {
    // Formula cells are text: stored as written; a rejected one is echoed with a leading ' so no spreadsheet runs it.
    const numbers = [nextNumber(), nextNumber(), nextNumber(), nextNumber()];
    const names = ['=HYPERLINK("http://example.com","click")', '+SUM(1,2)', '-2+3', '@SUM(A1:A2)'];
    const rows = names.map((name, index) => `"${name.replaceAll('"', '""')}",${numbers[index]}`);
    const content = `Name,Primary phone\n${rows.join('\n')}\nFormula phone,=1+2\nAt phone,@cmd\n`;
    files.push({
      name: 'formula-cells.csv',
      content,
      expected: {
        status: 'COMPLETED',
        counts: { rowsRead: 6, created: 4, rejected: 2 },
        rejections: [
          { line: 6, column: 'Primary phone', reason: /.+/, value: "'=1+2" },
          { line: 7, column: 'Primary phone', reason: /.+/, value: "'@cmd" },
        ],
      },
      stored: names.map((displayName, index) => ({ number: numbers[index]!, displayName })),
      notStored: [],
    });
  }
  files.push({ name: 'wrong-columns.csv', content: `Nom,Téléphone\nAda,${nextNumber()}\n`, expected: { status: 'FAILED', failureReason: /no column for the name/ }, stored: [], notStored: [] });
  files.push({ name: 'missing-phone-column.csv', content: `Name,Email\nAda,ada@example.com\n`, expected: { status: 'FAILED', failureReason: /no column for the primary phone/ }, stored: [], notStored: [] });
  {
    // A column given twice: the first is read, the second is listed as ignored and stores nothing.
    const [first, second] = [nextNumber(), nextNumber()];
    files.push({
      name: 'duplicated-columns.csv',
      content: `Name,Primary phone,Name,Primary phone\nAda,${first},Other,${second}\n`,
      expected: { status: 'COMPLETED', counts: { rowsRead: 1, created: 1, rejected: 0 }, rejections: [], ignoredColumns: ['Name', 'Primary phone'] },
      stored: [{ number: first, displayName: 'Ada' }],
      notStored: [second],
    });
  }
  {
    // Rows longer than the header (trailing delimiters), shorter (no phone cell), and all-blank cells.
    const [ada, bo] = [nextNumber(), nextNumber()];
    files.push({
      name: 'trailing-and-short-rows.csv',
      content: `Name,Primary phone,\nAda,${ada},\nBo,${bo},,,,\nCy\n,,\n`,
      expected: {
        status: 'COMPLETED',
        counts: { rowsRead: 4, created: 2, rejected: 2 },
        rejections: [
          { line: 4, column: 'Primary phone', reason: /primary phone is empty/ },
          { line: 5, reason: /blank row/ },
        ],
      },
      stored: [{ number: ada, displayName: 'Ada' }, { number: bo, displayName: 'Bo' }],
      notStored: [],
    });
  }
  for (const [name, lineEnd] of [['crlf.csv', '\r\n'], ['cr-only.csv', '\r'], ['mixed-line-ends.csv', '\n']] as const) {
    // Mixed: the first line ends in CRLF, the others in LF, a quoted cell holds a CR: lines are still counted right.
    const [ada, bo] = [nextNumber(), nextNumber()];
    const header = name === 'mixed-line-ends.csv' ? 'Name,Primary phone\r\n' : `Name,Primary phone${lineEnd}`;
    const content = `${header}"Ada${lineEnd}Lovelace",${ada}${lineEnd}${lineEnd}Bad,0${lineEnd}Bo,${bo}${lineEnd}`;
    files.push({
      name,
      content,
      expected: { status: 'COMPLETED', counts: { rowsRead: 3, created: 2, rejected: 1 }, rejections: [{ line: 5, column: 'Primary phone', reason: /.+/ }] },
      stored: [{ number: ada, displayName: `Ada${lineEnd}Lovelace` }, { number: bo, displayName: 'Bo' }],
      notStored: [],
    });
  }
  {
    // Semicolons, a BOM, every header quoted; no line end after the last row.
    const [ada, bo] = [nextNumber(), nextNumber()];
    files.push({
      name: 'semicolon-quoted-header.csv',
      content: withBom([0xef, 0xbb, 0xbf], Buffer.from(`"Name";"Primary phone";"Email"\n"Lovelace; Ada";${ada};a@example.com\nBo;${bo};`)),
      expected: { status: 'COMPLETED', counts: { rowsRead: 2, created: 2, rejected: 0 }, rejections: [] },
      stored: [{ number: ada, displayName: 'Lovelace; Ada' }, { number: bo, displayName: 'Bo' }],
      notStored: [],
    });
  }
  files.push({ name: 'zip-archive.csv', content: new Uint8Array(zipBytes), expected: { status: 'FAILED', failureReason: /not CSV text/ }, stored: [], notStored: [] });
  files.push({ name: 'png-image.csv', content: new Uint8Array(pngBytes), expected: { status: 'FAILED', failureReason: /not CSV text/ }, stored: [], notStored: [] });
  {
    // Binary bytes (a PNG signature, NUL, 0xFF) inside a row of a good file: that row is rejected, the rows around it imported.
    const [ada, binary, bo] = [nextNumber(), nextNumber(), nextNumber()];
    const content = Buffer.concat([Buffer.from(`Name,Primary phone\nAda,${ada}\n`), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0xff, 0xd8]), Buffer.from(`,${binary}\nBo,${bo}\n`)]);
    files.push({
      name: 'binary-rows.csv',
      content: new Uint8Array(content),
      expected: { status: 'COMPLETED', counts: { rowsRead: 3, created: 2, rejected: 1 }, rejections: [{ line: 3, reason: /not UTF-8/ }] },
      stored: [{ number: ada, displayName: 'Ada' }, { number: bo, displayName: 'Bo' }],
      notStored: [binary],
    });
  }
  files.push({ name: 'empty.csv', content: '', expected: { status: 'FAILED', failureReason: /is empty/ }, stored: [], notStored: [] });
  files.push({ name: 'header-only.csv', content: '\uFEFFName,Primary phone\r\n', expected: { status: 'COMPLETED', counts: { rowsRead: 0, created: 0, rejected: 0 }, rejections: [] }, stored: [], notStored: [] });
  return files;
}

// Import jobs: counts, the finished states, and the cell escaping that keeps reports free of live formulas.
import { describe, it, expect } from 'vitest';
import { emptyCounts, isFinished, neutraliseCell, type ImportJob, type ImportStatus } from '#domain/import/import-job';

const job = (status: ImportStatus): ImportJob => ({
  id: 'j1',
  status,
  fileKey: 'imports/j1.csv',
  fileName: undefined,
  mapping: undefined,
  delimiter: undefined,
  counts: emptyCounts(),
  bytesRead: 0,
  totalBytes: undefined,
  ignoredColumns: [],
  failureReason: undefined,
  createdAt: '2025-03-01T10:00:00.000Z',
  updatedAt: '2025-03-01T10:00:00.000Z',
  finishedAt: undefined,
});

describe('import job', () => {
  it.each(['=SUM(A1:A2)', '+44 7400', '-1', '@SUM(1)', '\tcmd', '\rcmd', '=HYPERLINK("http://evil.example")'])('escapes the formula-looking cell %j with a leading quote', (cell) => {
    // Act
    const echoed = neutraliseCell(cell);

    // Assess
    expect(echoed).toBe(`'${cell}`);
  });

  it.each(['Ada', '07400 123456', "'=already", ' =spaced', 'a=b', ''])('echoes the harmless cell %j as it is', (cell) => {
    // Act
    const echoed = neutraliseCell(cell);

    // Assess
    expect(echoed).toBe(cell);
  });

  it('cuts a long cell to 200 characters and marks the cut', () => {
    // Act
    const echoed = neutraliseCell('x'.repeat(500));

    // Assess
    expect(echoed).toBe(`${'x'.repeat(200)}…`);
  });

  it('escapes a long formula-looking cell too', () => {
    // Act
    const echoed = neutraliseCell(`=${'1+'.repeat(300)}1`);

    // Assess
    expect(echoed.startsWith("'=1+1+")).toBe(true);
    expect(echoed.endsWith('…')).toBe(true);
    expect(echoed).toHaveLength(202);
  });

  it('starts counts at zero, a new object each time', () => {
    // Act
    const first = emptyCounts();
    first.created += 1;
    const second = emptyCounts();

    // Assess
    expect(second).toEqual({ rowsRead: 0, created: 0, updated: 0, unchanged: 0, rejected: 0 });
  });

  it.each([
    ['AWAITING_UPLOAD', false],
    ['RUNNING', false],
    ['COMPLETED', true],
    ['FAILED', true],
  ] as const)('says a %s job is finished: %s', (status, finished) => {
    // Act
    const result = isFinished(job(status));

    // Assess
    expect(result).toBe(finished);
  });
});

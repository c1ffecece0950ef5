// An import job: one uploaded CSV file, its progress, its counts and its report of rejected rows.
import type { ColumnMappingInput } from './column-mapping.ts';

export type ImportStatus = 'AWAITING_UPLOAD' | 'RUNNING' | 'COMPLETED' | 'FAILED';

export interface ImportCounts {
  rowsRead: number;
  created: number;
  updated: number;
  unchanged: number;
  rejected: number;
}

export interface RowRejection {
  /** 1-based line of the file where the row starts. */
  line: number;
  column: string | undefined;
  reason: string;
  /** The offending cell, neutralised so that a spreadsheet never runs it as a formula. */
  value: string | undefined;
}

export interface ImportJob {
  id: string;
  status: ImportStatus;
  fileKey: string;
  fileName: string | undefined;
  mapping: ColumnMappingInput | undefined;
  delimiter: string | undefined;
  counts: ImportCounts;
  bytesRead: number;
  totalBytes: number | undefined;
  ignoredColumns: string[];
  failureReason: string | undefined;
  createdAt: string;
  updatedAt: string;
  finishedAt: string | undefined;
}

export const emptyCounts = (): ImportCounts => ({ rowsRead: 0, created: 0, updated: 0, unchanged: 0, rejected: 0 });

export function isFinished(job: ImportJob): boolean {
  return job.status === 'COMPLETED' || job.status === 'FAILED';
}

const formulaStart = /^[=+\-@\t\r]/;
const maxEchoedCell = 200;

/**
 * A cell echoed back in a report: a leading = + - @ (or tab, CR) is escaped with a quote so that no
 * spreadsheet evaluates it (CSV formula injection), and long cells are cut.
 */
export function neutraliseCell(value: string): string {
  const cut = value.length > maxEchoedCell ? `${value.slice(0, maxEchoedCell)}…` : value;
  return formulaStart.test(cut) ? `'${cut}` : cut;
}

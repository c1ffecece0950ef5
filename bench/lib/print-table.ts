// The measures as an aligned text table: measure, value, target, met.
import type { Measure } from './measure.ts';

export function formatTable(measures: readonly Measure[]): string {
  const rows = [
    ['measure', 'value', 'target', 'met'],
    ...measures.map(({ measure, value, target, met }) => [measure, value.toLocaleString('en-US', { maximumFractionDigits: 4 }), target ?? '', met === undefined ? '-' : met ? 'yes' : 'no']),
  ];
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  // Numbers align right, text left.
  const line = (row: string[]) => row.map((cell, column) => (column === 1 ? cell.padStart(widths[column]!) : cell.padEnd(widths[column]!))).join('  ').trimEnd();
  return [line(rows[0]!), widths.map((width) => '-'.repeat(width)).join('  '), ...rows.slice(1).map(line)].join('\n');
}

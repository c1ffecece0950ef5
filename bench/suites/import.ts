// The CSV import budget (DESIGN.md §9): throughput against a bare parse-and-normalise loop, flat memory, and the real sink's cost.
import { contactsCsvFile } from '../lib/generate-contacts-csv.ts';
import type { Suite } from '../lib/measure.ts';
import { measureEndToEnd } from './import/end-to-end.ts';
import { measurePeakRss } from './import/memory.ts';
import { measureThroughput } from './import/throughput.ts';

export const importSuite: Suite = {
  name: 'import',
  async run() {
    const file100k = await contactsCsvFile(100_000);
    const file200k = await contactsCsvFile(200_000);
    const file1m = await contactsCsvFile(1_000_000);
    console.error('import: throughput against the bare loop (200k rows)…');
    const throughput = await measureThroughput(file200k, file100k);
    console.error('import: peak RSS at 100k and 1m rows…');
    const memory = await measurePeakRss(file100k, file1m);
    // DynamoDB Local dominates this step's time (about 300 rows/s on 2 cores).
    console.error('import: end to end into DynamoDB Local (100k rows)…');
    const endToEnd = await measureEndToEnd(file100k);
    return [...throughput, ...memory, ...endToEnd];
  },
};

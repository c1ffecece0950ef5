// The CSV import budget (DESIGN.md §9): throughput against a bare parse-and-normalise loop, flat memory, and the real sink's cost.
import { contactsCsvFile } from '../lib/generate-contacts-csv.ts';
import type { Suite } from '../lib/measure.ts';
import { measureEndToEnd } from './import/end-to-end.ts';
import { measurePeakRssBySize } from './import/memory.ts';
import { measureThroughput } from './import/throughput.ts';

export const importSuite: Suite = {
  name: 'import',
  async run() {
    const file100k = await contactsCsvFile(100_000);
    const file200k = await contactsCsvFile(200_000);
    const file1m = await contactsCsvFile(1_000_000);
    return [...(await measureThroughput(file200k, file100k)), ...(await measurePeakRssBySize(file100k, file1m)), ...(await measureEndToEnd(file100k))];
  },
};

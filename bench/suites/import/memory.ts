// Peak RSS of the pipeline over a small and a large file, each in a fresh process: flat means it holds no file.
import { fileURLToPath } from 'node:url';
import type { Measure } from '../../lib/measure.ts';
import { measurePeakRssMb } from '../../lib/peak-rss.ts';

const child = fileURLToPath(new URL('./pipeline.child.ts', import.meta.url));
const flatFactor = 1.25;
/**
 * Left alone, V8 sizes its young generation and its heap by the allocation rate, not by what is live, and
 * collects lazily: uncapped runs report garbage not yet collected (about 160 MB at 100k rows and 260 MB at 1m,
 * the 1m run reaching its plateau after ~200k rows, for a live heap of 15–30 MB). Both runs get the same
 * small heap: what remains is what the pipeline holds, and a pipeline that kept rows (1m rows are several
 * hundred MB) would die at 1m instead of reporting a figure.
 */
const heapFlags = ['--max-old-space-size=64', '--max-semi-space-size=4'];

export async function measurePeakRss(file100k: string, file1m: string): Promise<Measure[]> {
  const small = await measurePeakRssMb(child, [file100k], heapFlags);
  const large = await measurePeakRssMb(child, [file1m], heapFlags);
  const mb = (value: number) => Math.round(value * 10) / 10;
  return [
    { measure: 'importPeakRssMb100k', value: mb(small) },
    { measure: 'importPeakRssMb1m', value: mb(large), target: `≤ ${flatFactor} × 100k`, met: large <= flatFactor * small },
  ];
}

// Peak RSS of the pipeline over a small and a large file, each in a fresh process: flat means it holds no file.
import { fileURLToPath } from 'node:url';
import type { Measure } from '../../lib/measure.ts';
import { measurePeakRss } from '../../lib/peak-rss.ts';

const child = fileURLToPath(new URL('./pipeline.child.ts', import.meta.url));
const flatFactor = 1.25;

export async function measurePeakRssBySize(file100k: string, file1m: string): Promise<Measure[]> {
  const small = await measurePeakRss(child, [file100k]);
  const large = await measurePeakRss(child, [file1m]);
  const mb = (value: number) => Math.round(value * 10) / 10;
  return [
    { measure: 'importPeakRssMb100k', value: mb(small.peakRssMb) },
    { measure: 'importPeakRssMb1m', value: mb(large.peakRssMb), target: `≤ ${flatFactor} × 100k`, met: large.peakRssMb <= flatFactor * small.peakRssMb },
  ];
}

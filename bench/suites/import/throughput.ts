// Pipeline against bare loop over one file, alternated and best-of, so that both see the same machine.
import { performance } from 'node:perf_hooks';
import type { Measure } from '../../lib/measure.ts';
import { parseAndValidatePhones } from './bare-loop.ts';
import { defaultRegion, importIntoCountingSink } from './counting-import.ts';

const rounds = 3;
export const throughputTarget = 0.8;

async function rowsPerSecond(run: () => Promise<number>): Promise<number> {
  const start = performance.now();
  const rows = await run();
  return rows / ((performance.now() - start) / 1000);
}

/** One warm-up of each side over `warmUpFile` (JIT, metadata), then `rounds` alternating runs of each over `file`. */
export async function measureThroughput(file: string, warmUpFile: string): Promise<Measure[]> {
  const pipeline = (path: string) => async () => (await importIntoCountingSink(path)).rowsRead;
  const bare = (path: string) => () => parseAndValidatePhones(path, defaultRegion);
  await rowsPerSecond(pipeline(warmUpFile));
  await rowsPerSecond(bare(warmUpFile));
  let bestPipeline = 0;
  let bestBare = 0;
  for (let round = 0; round < rounds; round += 1) {
    bestPipeline = Math.max(bestPipeline, await rowsPerSecond(pipeline(file)));
    bestBare = Math.max(bestBare, await rowsPerSecond(bare(file)));
  }
  const ratio = bestPipeline / bestBare;
  return [
    { measure: 'importRowsPerSecond', value: Math.round(bestPipeline) },
    { measure: 'bareLoopRowsPerSecond', value: Math.round(bestBare) },
    { measure: 'importThroughputRatio', value: roundTo(ratio, 3), target: `≥ ${throughputTarget}`, met: ratio >= throughputTarget },
  ];
}

function roundTo(value: number, digits: number): number {
  return Number(value.toFixed(digits));
}

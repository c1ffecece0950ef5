// bench/results.json: one flat object of numbers that every suite adds its keys to.
import { existsSync } from 'node:fs';
import { readFile, rename, writeFile } from 'node:fs/promises';
import type { Measure } from './measure.ts';

/** Merge `measures` into the file's keys (a re-measured key takes the new value) and write it back. */
export async function mergeResults(path: string, measures: readonly Measure[]): Promise<Record<string, number>> {
  const previous = existsSync(path) ? (JSON.parse(await readFile(path, 'utf8')) as Record<string, number>) : {};
  const merged = { ...previous, ...Object.fromEntries(measures.map(({ measure, value }) => [measure, value])) };
  // Write then rename: an interrupted run never leaves half a file.
  await writeFile(`${path}.tmp`, `${JSON.stringify(merged, null, 2)}\n`);
  await rename(`${path}.tmp`, path);
  return merged;
}

// Runs the benchmark suites (all, or those named in argv), merges their figures into bench/results.json and prints them.
import { fileURLToPath } from 'node:url';
import type { Measure, Suite } from './lib/measure.ts';
import { formatTable } from './lib/print-table.ts';
import { mergeResults } from './lib/results-file.ts';
import { dialerSuite } from './suites/dialer.ts';
import { identitySuite } from './suites/identity.ts';
import { importSuite } from './suites/import.ts';
import { resilienceSuite } from './suites/resilience.ts';

/** Adding a suite is adding it here. */
const suites: Suite[] = [importSuite, dialerSuite, identitySuite, resilienceSuite];

// tsx under the machine's older Node would run, but measure the wrong runtime.
if (Number(process.versions.node.split('.')[0]) < 24) throw new Error(`Node ${process.version}: run 'npm run bench' (or npx tsx bench/run.ts) to use the pinned Node 24`);

const resultsFile = fileURLToPath(new URL('./results.json', import.meta.url));
const wanted = process.argv.slice(2);
const selected = wanted.length === 0 ? suites : suites.filter((suite) => wanted.includes(suite.name));
if (selected.length === 0) throw new Error(`no suite named ${wanted.join(', ')}: the suites are ${suites.map((suite) => suite.name).join(', ')}`);

const measures: Measure[] = [];
for (const suite of selected) {
  const start = Date.now();
  console.error(`suite ${suite.name}…`);
  measures.push(...(await suite.run()));
  console.error(`suite ${suite.name}: ${((Date.now() - start) / 1000).toFixed(1)} s`);
}
await mergeResults(resultsFile, measures);
console.log(formatTable(measures));

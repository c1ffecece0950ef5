// Child process: one pipeline run over the CSV file in argv, then its peak RSS.
import { reportPeakRss } from '../../lib/peak-rss.ts';
import { importIntoCountingSink } from './counting-import.ts';

const file = process.argv[2];
if (file === undefined) throw new Error('usage: pipeline.child.ts <csv file>');
const counts = await importIntoCountingSink(file);
if (counts.rowsRead === 0) throw new Error(`${file} has no rows`);
reportPeakRss();

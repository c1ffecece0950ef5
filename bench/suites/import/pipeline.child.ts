// Child process: one pipeline run over the file in argv, then its peak RSS (the parent compares file sizes).
import { reportPeakRss } from '../../lib/peak-rss.ts';
import { importIntoCountingSink } from './counting-import.ts';

const file = process.argv[2];
if (file === undefined) throw new Error('usage: pipeline.child.ts <csv file>');
const counts = await importIntoCountingSink(file);
reportPeakRss({ rowsRead: counts.rowsRead, created: counts.created });

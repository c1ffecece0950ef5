// The import pipeline over a generated file into a sink that only counts: the pipeline's own cost, no database.
import { createReadStream } from 'node:fs';
import { runImportPipeline, type ImportSink } from '#domain/import/import-pipeline';
import type { ImportCounts } from '#domain/import/import-job';
import { buildItemType } from '#domain/item-type';
import { contactsCsvItemTypes } from '../../lib/generate-contacts-csv.ts';

export const defaultRegion = 'US';
const itemTypes = contactsCsvItemTypes.map((input, index) => buildItemType(`item-type-${index + 1}`, input));

const countingSink: ImportSink = {
  write: (rows) => Promise.resolve(rows.map(() => 'created' as const)),
};

export function importIntoCountingSink(file: string): Promise<ImportCounts> {
  return runImportPipeline(createReadStream(file), countingSink, { itemTypes, defaultRegion });
}

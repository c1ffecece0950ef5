import { readNumberLedger } from '#domain/use-cases/consent/consents';
import { apiHandler } from '#shared/http/api-handler';
import { consentDependencies } from '../../composition.ts';
import { ledgerQuery, numberParams } from '../consent-schemas.ts';

export const handler = apiHandler({ params: numberParams, query: ledgerQuery }, async ({ params, query }) => {
  const { number, state, entries } = await readNumberLedger(consentDependencies(), params.number, query.limit, query.cursor);
  return { status: 200, body: { number, state: state ?? null, entries: entries.items, cursor: entries.cursor } };
});

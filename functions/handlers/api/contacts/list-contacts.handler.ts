import { findContactsByPhone, listContacts } from '#domain/use-cases/contacts';
import { apiHandler } from '#shared/http/api-handler';
import { contactDependencies } from '../../composition.ts';
import { presentContact } from '../presenters.ts';
import { contactListQuery } from '../schemas.ts';

export const handler = apiHandler({ query: contactListQuery }, async ({ query }) => {
  const deps = contactDependencies();
  // Holders of one number are few (a shared landline): one page, no cursor.
  const page = query.phone === undefined ? await listContacts(deps, query.limit, query.cursor) : { items: await findContactsByPhone(deps, query.phone), cursor: undefined };
  return { status: 200, body: { items: page.items.map(presentContact), cursor: page.cursor } };
});

import { exportContact } from '#domain/use-cases/consent/export';
import { apiHandler } from '#shared/http/api-handler';
import { campaignDependencies } from '../../campaign-composition.ts';
import { consentDependencies } from '../../composition.ts';
import { contactParams } from '../consent-schemas.ts';
import { presentContact, presentHistoryRow } from '../presenters.ts';

export const handler = apiHandler({ params: contactParams }, async ({ params }) => {
  const { contacts, itemTypes, consent, clock } = consentDependencies();
  // Each getter builds its adapter on first use: these two need only the dialer table this route may read.
  const { campaigns, calls } = campaignDependencies();
  const exported = await exportContact({ contacts, itemTypes, consent, clock, campaigns, calls }, params.contactId);
  return {
    status: 200,
    body: {
      contact: presentContact(exported.contact),
      numbers: exported.numbers.map(({ number, state, preferences, ledger }) => ({ number, state: state ?? null, preferences: preferences ?? null, ledger })),
      campaigns: exported.campaigns.map(({ campaignId, campaignName, history }) => ({ campaignId, campaignName, history: history.map(presentHistoryRow) })),
      exportedAt: exported.exportedAt,
    },
  };
});

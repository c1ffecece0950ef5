// Exporting what is kept about a contact: the contact, each number's consent state, preferences and whole ledger, and
// the History of the calls campaigns made to it.
import { allPhones } from '../../contact.ts';
import type { LedgerEntry, NumberConsentState, NumberPreferences } from '../../consent/consent-ledger.ts';
import type { HistoryRow } from '../../dialer/workflow-data.ts';
import type { CallLedger } from '#ports/call-ledger';
import type { CampaignRepository } from '#ports/campaign-repository';
import type { Clock } from '#ports/clock';
import type { ConsentStore } from '#ports/consent-store';
import type { ContactRepository } from '#ports/contact-repository';
import type { ItemTypeRepository } from '#ports/item-type-repository';
import type { ContactView } from '../contacts.ts';
import { wholeLedger } from './consents.ts';
import { requireContact } from '../contact-lookup.ts';

export interface ExportDependencies {
  contacts: ContactRepository;
  itemTypes: ItemTypeRepository;
  consent: ConsentStore;
  campaigns: Pick<CampaignRepository, 'list'>;
  calls: Pick<CallLedger, 'listHistory'>;
  clock: Clock;
}

export interface ExportedNumber {
  number: string;
  state: NumberConsentState | undefined;
  preferences: NumberPreferences | undefined;
  /** Every entry, oldest first: a shared number's entries include those recorded while others held it. */
  ledger: LedgerEntry[];
}

export interface ExportedCampaignHistory {
  campaignId: string;
  campaignName: string;
  history: HistoryRow[];
}

export interface ContactExport {
  contact: ContactView;
  numbers: ExportedNumber[];
  /** The campaigns that called the contact, in creation order. */
  campaigns: ExportedCampaignHistory[];
  exportedAt: string;
}

/** Campaigns asked at once: each is one Query on the contact's own History partition. */
const campaignsPerPage = 20;
const historyPageSize = 100;

/**
 * History is kept per campaign and contact, and nothing indexes a contact's campaigns: each existing campaign is asked
 * for the contact's History (a Query each, never a Scan). A deleted campaign's History (kept until it expires) cannot
 * be found this way and is not exported.
 */
export async function exportContact(deps: ExportDependencies, contactId: string): Promise<ContactExport> {
  const exportedAt = deps.clock.now().toISOString();
  const [contact, itemTypes] = await Promise.all([requireContact(deps.contacts, contactId), deps.itemTypes.list()]);
  const numbers = allPhones(contact).map((phone) => phone.number);
  const [states, ledgers, campaigns] = await Promise.all([
    deps.consent.getStates(numbers),
    Promise.all(numbers.map((number) => wholeLedger(deps, number))),
    historyByCampaign(deps, contactId),
  ]);
  return {
    contact: { contact, itemTypes },
    numbers: numbers.map((number, index) => ({ number, state: states.get(number), preferences: states.get(number)?.preferences, ledger: ledgers[index]! })),
    campaigns,
    exportedAt,
  };
}

async function historyByCampaign(deps: ExportDependencies, contactId: string): Promise<ExportedCampaignHistory[]> {
  const found: ExportedCampaignHistory[] = [];
  let cursor: string | undefined;
  do {
    const page = await deps.campaigns.list(campaignsPerPage, cursor);
    const histories = await Promise.all(page.items.map((campaign) => contactHistory(deps, campaign.id, contactId)));
    page.items.forEach((campaign, index) => {
      const history = histories[index]!;
      if (history.length > 0) found.push({ campaignId: campaign.id, campaignName: campaign.name, history });
    });
    cursor = page.cursor;
  } while (cursor !== undefined);
  return found;
}

async function contactHistory(deps: ExportDependencies, campaignId: string, contactId: string): Promise<HistoryRow[]> {
  const rows: HistoryRow[] = [];
  let cursor: string | undefined;
  do {
    const page = await deps.calls.listHistory(campaignId, { contactId, limit: historyPageSize, cursor });
    rows.push(...page.items);
    cursor = page.cursor;
  } while (cursor !== undefined);
  return rows;
}

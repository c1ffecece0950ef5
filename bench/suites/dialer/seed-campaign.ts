// DESIGN §8's T1 set up through the HTTP API, as test/workflow/dialer-vectors.test.ts does: item types, the seed
// contact, every number scripted NO_ANSWER, the campaign and its enrolment. Nothing here runs on the call path.
import type { ApiClient } from '../../../local/api-client.ts';
import { tenOClockToday } from '../../../local/seed-campaign-time.ts';

const retryableStatuses = ['NO_ANSWER', 'BUSY', 'CONGESTION', 'NO_SUCH_NUMBER', 'DROP', 'ABANDONED', 'MACHINE', 'AGENT_REJECT'];

/** T1's settings: every retry delay 2, the next phone 1 minute later, NO_ANSWER at most 3, 4 calls a phone, always open. */
export const t1Settings = {
  additionalPhoneDelayMinutes: 1,
  globalMaxRetries: 4,
  retries: Object.fromEntries(retryableStatuses.map((status) => [status, { maxRetries: 3, retryDelayMinutes: 2 }])),
  callingWindow: { start: '00:00', end: '24:00', days: ['MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT', 'SUN'], timeZone: 'UTC' },
};

/** Campaign time starts at 10:00 in New York today, as `npm start`'s T1 does: every number's window is open. */
export { tenOClockToday };

export interface T1Results {
  historyRows: number;
  final: { label?: string; reason: string; closedAt: string };
}

/** Item types once per runtime: T1 needs Office (orderBy 1) and Holiday (orderBy 2). */
export async function createItemTypes(api: ApiClient): Promise<{ office: string; holiday: string }> {
  const office = await api.request<{ id: string }>('POST', '/item-types', { name: 'Office', orderBy: 1 });
  const holiday = await api.request<{ id: string }>('POST', '/item-types', { name: 'Holiday', orderBy: 2 });
  return { office: office.id, holiday: holiday.id };
}

/** The seed contact (numbers distinct for each `run`) enrolled in a new T1 campaign; returns the campaign's id. */
export async function prepareT1Campaign(api: ApiClient, itemTypes: { office: string; holiday: string }, run: number): Promise<string> {
  const two = String(run).padStart(2, '0');
  const numbers = { primary: `+336100000${two}`, office: `+12012${two}1000`, holiday: `+12013${two}2000` };
  const contact = await api.request<{ id: string }>('POST', '/contacts', {
    displayName: `Seed ${run}`,
    primaryPhone: { number: numbers.primary, kind: 'MOBILE' },
    additionalPhones: [
      { number: numbers.holiday, kind: 'HOME', itemTypeId: itemTypes.holiday },
      { number: numbers.office, kind: 'OFFICE', itemTypeId: itemTypes.office },
    ],
  });
  for (const number of Object.values(numbers)) {
    await api.request('PUT', `/_local/telephony/scripts/${encodeURIComponent(number)}`, [{ status: 'NO_ANSWER' }]);
    await api.request('POST', `/numbers/${encodeURIComponent(number)}/consents`, { action: 'grant', channels: ['voice'], purposes: ['service'], source: 'web-form' });
  }
  const campaign = await api.request<{ id: string }>('POST', '/campaigns', { name: `T1 bench ${run}`, settings: t1Settings });
  await api.request('POST', `/campaigns/${campaign.id}/contacts`, { contactIds: [contact.id] });
  return campaign.id;
}

/** History and Final as the API shows them, read after the run (the reads are not counted). */
export async function readT1Results(api: ApiClient, campaignId: string): Promise<T1Results> {
  const history = await api.request<{ items: unknown[] }>('GET', `/campaigns/${campaignId}/history?limit=100`);
  const final = await api.request<{ items: Array<T1Results['final']> }>('GET', `/campaigns/${campaignId}/final?limit=10`);
  if (final.items.length !== 1) throw new Error(`T1 campaign ${campaignId} has ${final.items.length} Final rows`);
  return { historyRows: history.items.length, final: final.items[0]! };
}

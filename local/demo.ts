// What `npm start` shows: the seed example of DESIGN §8 (T1) on the local runtime — item types Office and Holiday,
// a sample import (consent columns become ledger entries), then a campaign from 10:00 New York time with every call
// unanswered: Ada Lovelace's calls are T1's; Dorothy Vaughan withdraws consent for her Office number mid-campaign,
// and the next call to it is skipped (DESIGN §8 T7). History printed as it happens, then skips and Final.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ApiClient, developmentToken } from './api-client.ts';
import { printImportSummary, runImport } from './import-command.ts';
import { startLocalRuntime } from './runtime.ts';
import { seedCampaignZone, tenOClockToday } from './seed-campaign-time.ts';

const sampleFile = path.join(path.dirname(fileURLToPath(import.meta.url)), 'sample/contacts.csv');
const seedContactExternalId = 'C-1001';
const withdrawingContactExternalId = 'C-1007';
/** The campaign's zone: its window and every time printed are New York's (the seed contact's primary is there). */
const campaignZone = seedCampaignZone;
const allStatuses = ['NO_ANSWER', 'BUSY', 'CONGESTION', 'NO_SUCH_NUMBER', 'DROP', 'ABANDONED', 'MACHINE', 'AGENT_REJECT'];

interface ContactOut {
  id: string;
  externalId?: string;
  displayName: string;
  dialOrder: Array<{ position: number; number: string; label: string }>;
}

interface HistoryOut {
  attemptId: string;
  contactId: string;
  label: string;
  phone: string;
  status: string;
  round: number;
  startedAt: string;
  counters: { byStatus: Record<string, number>; global: number };
}

interface SkipOut {
  attemptId: string;
  contactId: string;
  label: string;
  reasons: string[];
  skippedAt: string;
}

interface FinalOut {
  contactId: string;
  label?: string;
  phone?: string;
  status?: string;
  reason: string;
  closedAt: string;
  counters?: { byStatus: Record<string, number>; global: number };
}

/** Attempt ids end in the execution's attempt number: one contact's calls and skips in the order they happened. */
const attemptNumber = (attemptId: string) => Number(attemptId.slice(attemptId.lastIndexOf('/') + 1));

const localTime = new Intl.DateTimeFormat('en-GB', { timeZone: campaignZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
const hhmm = (iso: string) => localTime.format(new Date(iso));

export async function runDemo(): Promise<void> {
  const started = Date.now();
  const runtime = await startLocalRuntime({ log: (line) => console.log(line), clockStart: tenOClockToday() });
  try {
    const api = new ApiClient(runtime.url);
    const agent = new ApiClient(runtime.url, { token: await developmentToken(runtime.url, { role: 'agent', subject: 'agent-17' }) });
    for (const itemType of [{ name: 'Office', orderBy: 1, colour: '#1f77b4' }, { name: 'Holiday', orderBy: 2, colour: '#ff7f0e' }]) {
      await api.request('POST', '/item-types', itemType);
    }
    console.log('\ncontact item types: Office (orderBy 1), Holiday (orderBy 2)');
    console.log(`importing ${path.relative(process.cwd(), sampleFile)} …`);
    const { status, rejections } = await runImport(api, sampleFile, undefined, () => undefined);
    printImportSummary(status, rejections);
    const contacts = await api.request<{ items: ContactOut[] }>('GET', '/contacts?limit=100');
    const contactWith = (externalId: string) => {
      const found = contacts.items.find((contact) => contact.externalId === externalId);
      if (found === undefined) throw new Error(`the sample has no contact ${externalId}`);
      return found;
    };
    const seed = contactWith(seedContactExternalId);
    const withdrawing = contactWith(withdrawingContactExternalId);
    for (const contact of [seed, withdrawing]) {
      console.log(`\n${contact.displayName}, in dial order (voice consent for service calls from the import's Consent column):`);
      for (const entry of contact.dialOrder) console.log(`  ${entry.position}. ${entry.label.padEnd(8)} ${entry.number}`);
    }

    // T1: retry delays 2 minutes, the next phone 1 minute after a failed call, NO_ANSWER at most 3, 4 calls a phone.
    for (const entry of [...seed.dialOrder, ...withdrawing.dialOrder]) await api.request('PUT', `/_local/telephony/scripts/${encodeURIComponent(entry.number)}`, [{ status: 'NO_ANSWER' }]);
    const campaign = await api.request<{ id: string }>('POST', '/campaigns', {
      name: 'Seed campaign (T1, T7)',
      settings: {
        purpose: 'service',
        additionalPhoneDelayMinutes: 1,
        globalMaxRetries: 4,
        retries: Object.fromEntries(allStatuses.map((status) => [status, { maxRetries: 3, retryDelayMinutes: 2 }])),
        callingWindow: { start: '08:00', end: '21:00', days: ['MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT', 'SUN'], timeZone: campaignZone },
      },
    });
    await api.request('POST', `/campaigns/${campaign.id}/contacts`, { contactIds: [seed.id, withdrawing.id] });
    const names = new Map([seed, withdrawing].map((contact) => [contact.id, contact.displayName.split(' ')[0]!]));
    const office = withdrawing.dialOrder.find((entry) => entry.label === 'Office')!;

    // Campaign time moves a minute at a time from here, so that each call shows up as it happens.
    runtime.clock.setAutoAdvance(false);
    await api.request('POST', `/campaigns/${campaign.id}/start`);
    console.log(`\ncampaign started at ${hhmm(runtime.clock.now().toISOString())} New York time; every call is scripted NO_ANSWER\n`);
    console.log('time   contact   phone     status      round  NO_ANSWER  calls on phone');
    const printed = new Set<string>();
    const finals = new Map<string, FinalOut>();
    for (let minute = 0; minute <= 24 * 60 && finals.size < 2; minute += 1) {
      await runtime.clock.advanceBy(minute === 0 ? 0 : 60_000);
      if (minute === 3) {
        // Between her Office number's first and second calls: an agent records what she said on the phone.
        await agent.request('POST', `/numbers/${encodeURIComponent(office.number)}/consents`, { action: 'withdraw', channels: ['voice'], purposes: ['marketing', 'service', 'support', 'emergency'], source: 'agent', evidence: { agentId: 'agent-17' }, contactId: withdrawing.id });
        console.log(`${hhmm(runtime.clock.now().toISOString())}  ${names.get(withdrawing.id)!.padEnd(8)}  Office    withdraws voice consent (recorded by agent-17)`);
      }
      const history = await api.request<{ items: HistoryOut[] }>('GET', `/campaigns/${campaign.id}/history?limit=100`);
      const skips = await api.request<{ items: SkipOut[] }>('GET', `/campaigns/${campaign.id}/skips?limit=100`);
      const rows = [
        ...history.items.map((row) => ({ id: row.attemptId, at: row.startedAt, line: `${names.get(row.contactId)!.padEnd(8)}  ${row.label.padEnd(8)}  ${row.status.padEnd(10)}  ${String(row.round).padStart(5)}  ${String(row.counters.byStatus.NO_ANSWER ?? 0).padStart(9)}  ${String(row.counters.global).padStart(14)}` })),
        ...skips.items.map((skip) => ({ id: skip.attemptId, at: skip.skippedAt, line: `${names.get(skip.contactId)!.padEnd(8)}  ${skip.label.padEnd(8)}  SKIPPED: ${skip.reasons.join(', ')} (no call, no History row, nothing counted)` })),
      ].sort((a, b) => a.at.localeCompare(b.at) || a.line.slice(0, 8).localeCompare(b.line.slice(0, 8)) || attemptNumber(a.id) - attemptNumber(b.id));
      for (const row of rows.filter((item) => !printed.has(item.id))) {
        printed.add(row.id);
        console.log(`${hhmm(row.at)}  ${row.line}`);
      }
      for (const final of (await api.request<{ items: FinalOut[] }>('GET', `/campaigns/${campaign.id}/final?limit=10`)).items) finals.set(final.contactId, final);
    }
    if (finals.size < 2) throw new Error('the seed campaign did not close within a day of campaign time');
    console.log('');
    for (const contact of [seed, withdrawing]) {
      const final = finals.get(contact.id)!;
      console.log(`Final ${contact.displayName}: ${final.label} (${final.phone}), last status ${final.status}, closed ${final.reason}, NO_ANSWER count ${final.counters?.byStatus.NO_ANSWER ?? 0}, at ${hhmm(final.closedAt)}`);
    }
    const ledger = await api.request<{ entries: Array<{ sequence: number; change: { action?: string; channel?: string; purpose?: string }; source: string; actor: string; at: string }> }>('GET', `/numbers/${encodeURIComponent(office.number)}/consents?limit=20`);
    console.log(`\nconsent ledger of ${withdrawing.displayName}'s Office number (append-only):`);
    for (const entry of ledger.entries) console.log(`  ${entry.sequence}. ${hhmm(entry.at)}  ${entry.change.action} ${entry.change.channel}:${entry.change.purpose}  source ${entry.source}, by ${entry.actor}`);
    runtime.clock.setAutoAdvance(true);
    console.log(`\ndone in ${((Date.now() - started) / 1000).toFixed(1)} s of wall time; the local runtime is stopping.`);
  } finally {
    await runtime.stop();
  }
}

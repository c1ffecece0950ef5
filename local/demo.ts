// What `npm start` shows: the seed example of DESIGN §8 (T1) on the local runtime — item types Office and Holiday,
// a sample import, then one contact's campaign from 10:00 campaign time with every call unanswered, History
// printed as it happens and then Final.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ApiClient } from './api-client.ts';
import { printImportSummary, runImport } from './import-command.ts';
import { startLocalRuntime } from './runtime.ts';

const sampleFile = path.join(path.dirname(fileURLToPath(import.meta.url)), 'sample/contacts.csv');
const seedContactExternalId = 'C-1001';
const allStatuses = ['NO_ANSWER', 'BUSY', 'CONGESTION', 'NO_SUCH_NUMBER', 'DROP', 'ABANDONED', 'MACHINE', 'AGENT_REJECT'];

interface ContactOut {
  id: string;
  externalId?: string;
  displayName: string;
  dialOrder: Array<{ position: number; number: string; label: string }>;
}

interface HistoryOut {
  attemptId: string;
  label: string;
  phone: string;
  status: string;
  round: number;
  startedAt: string;
  counters: { byStatus: Record<string, number>; global: number };
}

interface FinalOut {
  label?: string;
  phone?: string;
  status?: string;
  reason: string;
  closedAt: string;
  counters?: { byStatus: Record<string, number>; global: number };
}

/** Campaign time starts at 10:00 (UTC) today: the seed's campaign starts then. */
function tenOClockToday(): Date {
  const today = new Date();
  return new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate(), 10, 0, 0));
}

const hhmm = (iso: string) => iso.slice(11, 16);

export async function runDemo(): Promise<void> {
  const started = Date.now();
  const runtime = await startLocalRuntime({ log: (line) => console.log(line), clockStart: tenOClockToday() });
  try {
    const api = new ApiClient(runtime.url);
    for (const itemType of [{ name: 'Office', orderBy: 1, colour: '#1f77b4' }, { name: 'Holiday', orderBy: 2, colour: '#ff7f0e' }]) {
      await api.request('POST', '/item-types', itemType);
    }
    console.log('\ncontact item types: Office (orderBy 1), Holiday (orderBy 2)');
    console.log(`importing ${path.relative(process.cwd(), sampleFile)} …`);
    const { status, rejections } = await runImport(api, sampleFile, undefined, () => undefined);
    printImportSummary(status, rejections);
    const contacts = await api.request<{ items: ContactOut[] }>('GET', '/contacts?limit=100');
    const seed = contacts.items.find((contact) => contact.externalId === seedContactExternalId);
    if (seed === undefined) throw new Error(`the sample has no contact ${seedContactExternalId}`);
    console.log(`\n${seed.displayName}, in dial order:`);
    for (const entry of seed.dialOrder) console.log(`  ${entry.position}. ${entry.label.padEnd(8)} ${entry.number}`);

    // T1: retry delays 2 minutes, the next phone 1 minute after a failed call, NO_ANSWER at most 3, 4 calls a phone.
    for (const entry of seed.dialOrder) await api.request('PUT', `/_local/telephony/scripts/${encodeURIComponent(entry.number)}`, [{ status: 'NO_ANSWER' }]);
    const campaign = await api.request<{ id: string }>('POST', '/campaigns', {
      name: 'Seed campaign (T1)',
      settings: {
        additionalPhoneDelayMinutes: 1,
        globalMaxRetries: 4,
        retries: Object.fromEntries(allStatuses.map((status) => [status, { maxRetries: 3, retryDelayMinutes: 2 }])),
        callingWindow: { start: '08:00', end: '21:00', days: ['MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT', 'SUN'], timeZone: 'UTC' },
      },
    });
    await api.request('POST', `/campaigns/${campaign.id}/contacts`, { contactIds: [seed.id] });

    // Campaign time moves a minute at a time from here, so that each call shows up as it happens.
    runtime.clock.setAutoAdvance(false);
    await api.request('POST', `/campaigns/${campaign.id}/start`);
    console.log(`\ncampaign started at ${hhmm(runtime.clock.now().toISOString())} campaign time; every call is scripted NO_ANSWER\n`);
    console.log('time   phone     status      round  NO_ANSWER  calls on phone');
    const printed = new Set<string>();
    let final: FinalOut | undefined;
    for (let minute = 0; minute <= 24 * 60 && final === undefined; minute += 1) {
      await runtime.clock.advanceBy(minute === 0 ? 0 : 60_000);
      const history = await api.request<{ items: HistoryOut[] }>('GET', `/campaigns/${campaign.id}/history?limit=100`);
      for (const row of history.items.filter((item) => !printed.has(item.attemptId))) {
        printed.add(row.attemptId);
        console.log(`${hhmm(row.startedAt)}  ${row.label.padEnd(8)}  ${row.status.padEnd(10)}  ${String(row.round).padStart(5)}  ${String(row.counters.byStatus.NO_ANSWER ?? 0).padStart(9)}  ${String(row.counters.global).padStart(14)}`);
      }
      final = (await api.request<{ items: FinalOut[] }>('GET', `/campaigns/${campaign.id}/final?limit=1`)).items[0];
    }
    if (final === undefined) throw new Error('the seed campaign did not close within a day of campaign time');
    console.log(`\nFinal: ${final.label} (${final.phone}), last status ${final.status}, closed ${final.reason}, NO_ANSWER count ${final.counters?.byStatus.NO_ANSWER ?? 0}, at ${hhmm(final.closedAt)}`);
    runtime.clock.setAutoAdvance(true);
    console.log(`\ndone in ${((Date.now() - started) / 1000).toFixed(1)} s of wall time; the local runtime is stopping.`);
  } finally {
    await runtime.stop();
  }
}

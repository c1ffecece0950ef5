// The 10k campaign's setup through the HTTP API: contacts imported from a generated CSV, a campaign with T1's
// rules and the most lines the API allows, every contact enrolled by the import's id, the simulator scripted.
import { rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { ApiClient } from '../../../local/api-client.ts';
import { runImport } from '../../../local/import-command.ts';
import { t1Settings } from './seed-campaign.ts';

/** The most the API allows: 10,000 contacts due at 10:00 queue for lines all the same. */
export const campaignLines = 1_000;

/** Returns the campaign's id, ready to start. */
export async function prepareLargeCampaign(api: ApiClient, contacts: number): Promise<string> {
  // One phone each, distinct and valid: +1 201 2xx xxxx.
  const numbers = Array.from({ length: contacts }, (_, index) => `+12012${String(10 + Math.floor(index / 10_000))}${String(index % 10_000).padStart(4, '0')}`);
  const importId = await importConsentingContacts(api, numbers);
  const campaign = await api.request<{ id: string }>('POST', '/campaigns', { name: `Bench ${contacts}`, settings: { ...t1Settings, maxConcurrentCalls: campaignLines } });
  const enrolment = await api.request<{ enrolled: number }>('POST', `/campaigns/${campaign.id}/contacts`, { importId });
  if (enrolment.enrolled !== contacts) throw new Error(`enrolled ${enrolment.enrolled} of ${contacts}`);
  // Each number's first call goes unanswered and its second (the next round, 2 minutes on) is answered.
  await api.request('PUT', '/_local/telephony/scripts/default', [{ status: 'NO_ANSWER' }, { status: 'REACHED' }]);
  return campaign.id;
}

/**
 * One contact per number (its primary phone), consenting to service calls, imported from a CSV; returns the import's
 * id. External ids and names count from `firstIndex`, so that several files make distinct contacts.
 */
export async function importConsentingContacts(api: ApiClient, numbers: readonly string[], firstIndex = 0): Promise<string> {
  const csvFile = path.join(tmpdir(), `contactable-bench-${process.pid}-${firstIndex}.csv`);
  const rows = numbers.map((number, offset) => `B${firstIndex + offset},Contact ${firstIndex + offset},${number},voice:service`);
  await writeFile(csvFile, `External id,Name,Primary phone,Consent\n${rows.join('\n')}\n`);
  try {
    const imported = await runImport(api, csvFile, undefined, () => undefined);
    if (imported.status.counts.created !== numbers.length) throw new Error(`import created ${imported.status.counts.created} of ${numbers.length} contacts: ${JSON.stringify(imported.rejections.slice(0, 3))}`);
    return imported.status.id;
  } finally {
    await rm(csvFile, { force: true });
  }
}

/** Final rows of the campaign, page by page. */
export async function countFinalRows(api: ApiClient, campaignId: string): Promise<number> {
  let count = 0;
  let cursor: string | undefined;
  do {
    const page = await api.request<{ items: unknown[]; cursor?: string }>('GET', `/campaigns/${campaignId}/final?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    count += page.items.length;
    cursor = page.cursor;
  } while (cursor !== undefined);
  return count;
}

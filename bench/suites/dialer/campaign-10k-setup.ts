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
  const csvFile = path.join(tmpdir(), `contactable-bench-${process.pid}.csv`);
  // One phone each, distinct and valid: +1 201 2xx xxxx, consenting to service calls.
  const rows = Array.from({ length: contacts }, (_, index) => `B${index},Contact ${index},+12012${String(10 + Math.floor(index / 10_000))}${String(index % 10_000).padStart(4, '0')},voice:service`);
  await writeFile(csvFile, `External id,Name,Primary phone,Consent\n${rows.join('\n')}\n`);
  try {
    const imported = await runImport(api, csvFile, undefined, () => undefined);
    if (imported.status.counts.created !== contacts) throw new Error(`import created ${imported.status.counts.created} of ${contacts} contacts: ${JSON.stringify(imported.rejections.slice(0, 3))}`);
    const campaign = await api.request<{ id: string }>('POST', '/campaigns', { name: `Bench ${contacts}`, settings: { ...t1Settings, maxConcurrentCalls: campaignLines } });
    const enrolment = await api.request<{ enrolled: number }>('POST', `/campaigns/${campaign.id}/contacts`, { importId: imported.status.id });
    if (enrolment.enrolled !== contacts) throw new Error(`enrolled ${enrolment.enrolled} of ${contacts}`);
    // Each number's first call goes unanswered and its second (the next round, 2 minutes on) is answered.
    await api.request('PUT', '/_local/telephony/scripts/default', [{ status: 'NO_ANSWER' }, { status: 'REACHED' }]);
    return campaign.id;
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

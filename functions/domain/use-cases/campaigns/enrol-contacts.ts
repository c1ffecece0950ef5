// Enrolling contacts in a campaign: by id (unknown ids are reported, not fatal) or every contact an import named.
import { ConflictError, NotFoundError } from '../../errors.ts';
import type { CampaignDependencies } from './campaign-dependencies.ts';
import { requireCampaign } from './campaigns.ts';

export interface EnrolmentReport {
  /** Contacts enrolled by this request. */
  enrolled: number;
  /** Contacts that were enrolled before: enrolling is idempotent. */
  alreadyEnrolled: number;
  /** Ids of no contact (never existed, or deleted since): not enrolled. */
  unknownContactIds: string[];
}

/** Contacts read and enrolled this many at a time: one BatchGet of contacts, one of enrolments. */
const chunkSize = 100;
/** A long list of unknown ids helps nobody: the first ones say what went wrong. */
const maxReportedUnknown = 100;

export async function enrolContacts(deps: CampaignDependencies, campaignId: string, contactIds: readonly string[]): Promise<EnrolmentReport> {
  await requireCampaign(deps, campaignId);
  const report: EnrolmentReport = { enrolled: 0, alreadyEnrolled: 0, unknownContactIds: [] };
  await enrolChunks(deps, campaignId, [...new Set(contactIds)], report);
  return report;
}

/**
 * Every contact the import's accepted rows named — created, updated or already as the row said — so that a list
 * imported to be called is called whole. Only a completed import: a running one has not named them all yet.
 */
export async function enrolImportedContacts(deps: CampaignDependencies, campaignId: string, importId: string): Promise<EnrolmentReport> {
  await requireCampaign(deps, campaignId);
  const job = await deps.importJobs.get(importId);
  if (!job) throw new NotFoundError('import', importId);
  if (job.status !== 'COMPLETED') throw new ConflictError(`import ${importId} is ${job.status}: only a completed import can be enrolled`, { importId });
  const report: EnrolmentReport = { enrolled: 0, alreadyEnrolled: 0, unknownContactIds: [] };
  let cursor: string | undefined;
  do {
    const page = await deps.importJobs.listContacts(importId, cursor);
    await enrolChunks(deps, campaignId, page.items, report);
    cursor = page.cursor;
  } while (cursor !== undefined);
  return report;
}

async function enrolChunks(deps: CampaignDependencies, campaignId: string, contactIds: readonly string[], report: EnrolmentReport): Promise<void> {
  for (let start = 0; start < contactIds.length; start += chunkSize) {
    const chunk = [...new Set(contactIds.slice(start, start + chunkSize))];
    const known = new Set((await deps.contacts.getMany(chunk)).map((contact) => contact.id));
    const unknown = chunk.filter((id) => !known.has(id));
    const added = await deps.campaigns.enrol(campaignId, [...known]);
    report.enrolled += added.length;
    report.alreadyEnrolled += known.size - added.length;
    report.unknownContactIds.push(...unknown.slice(0, maxReportedUnknown - report.unknownContactIds.length));
  }
}

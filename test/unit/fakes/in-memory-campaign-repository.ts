// CampaignRepository in memory, with the adapter's conditions: an id is created once, updates and deletes need the
// stored version, a run is created once and advanced only from the stored progress while it is STARTING.
import type { Campaign } from '#domain/dialer/campaign';
import { ConflictError, VersionConflictError } from '#domain/errors';
import type { CampaignRepository, CampaignRun } from '#ports/campaign-repository';
import type { Page } from '#ports/contact-repository';

export class InMemoryCampaignRepository implements CampaignRepository {
  private readonly campaigns = new Map<string, Campaign>();
  private readonly enrolments = new Map<string, Set<string>>();
  private readonly runs = new Map<string, CampaignRun>();
  /** Every enrolment page read, as [campaignId, cursor]: shows where each read started. */
  readonly enrolmentReads: Array<[string, string | undefined]> = [];

  async get(id: string): Promise<Campaign | undefined> {
    const campaign = this.campaigns.get(id);
    return campaign && structuredClone(campaign);
  }

  /** In creation order; the cursor is the last id of the page. */
  async list(limit: number, cursor: string | undefined): Promise<Page<Campaign>> {
    const all = [...this.campaigns.values()].sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
    const from = cursor === undefined ? 0 : all.findIndex((campaign) => campaign.id === cursor) + 1;
    const items = all.slice(from, from + limit);
    return { items: structuredClone(items), cursor: from + limit < all.length ? items.at(-1)!.id : undefined };
  }

  async create(campaign: Campaign): Promise<void> {
    if (this.campaigns.has(campaign.id)) throw new ConflictError(`campaign ${campaign.id} already exists`, { id: campaign.id });
    this.campaigns.set(campaign.id, structuredClone(campaign));
  }

  async update(previous: Campaign, next: Campaign): Promise<void> {
    if (this.campaigns.get(previous.id)?.version !== previous.version) throw new VersionConflictError('campaign', previous.id, previous.version);
    this.campaigns.set(next.id, structuredClone(next));
  }

  async delete(campaign: Campaign): Promise<void> {
    if (this.campaigns.get(campaign.id)?.version !== campaign.version) throw new VersionConflictError('campaign', campaign.id, campaign.version);
    this.campaigns.delete(campaign.id);
    this.enrolments.delete(campaign.id);
    for (const key of this.runs.keys()) if (key.startsWith(`${campaign.id}/`)) this.runs.delete(key);
  }

  async enrol(campaignId: string, contactIds: readonly string[]): Promise<string[]> {
    const enrolled = this.enrolments.get(campaignId) ?? new Set<string>();
    this.enrolments.set(campaignId, enrolled);
    const added = [...new Set(contactIds)].filter((id) => !enrolled.has(id));
    for (const id of added) enrolled.add(id);
    return added;
  }

  async moveEnrolment(campaignId: string, fromContactId: string, toContactId: string): Promise<boolean> {
    const enrolled = this.enrolments.get(campaignId);
    if (!enrolled?.delete(fromContactId)) return false;
    enrolled.add(toContactId);
    return true;
  }

  /** In contact id order, as the adapter's sort key has them; the cursor is the last id of the page. */
  async listEnrolments(campaignId: string, limit: number, cursor: string | undefined): Promise<Page<string>> {
    this.enrolmentReads.push([campaignId, cursor]);
    const all = [...(this.enrolments.get(campaignId) ?? [])].sort().filter((id) => cursor === undefined || id > cursor);
    const items = all.slice(0, limit);
    return { items, cursor: all.length > limit ? items.at(-1) : undefined };
  }

  async createRun(run: CampaignRun): Promise<boolean> {
    const key = runKey(run.campaignId, run.runId);
    if (this.runs.has(key)) return false;
    this.runs.set(key, structuredClone(run));
    return true;
  }

  async getRun(campaignId: string, runId: string): Promise<CampaignRun | undefined> {
    const run = this.runs.get(runKey(campaignId, runId));
    return run && structuredClone(run);
  }

  async advanceRun(previous: CampaignRun, next: CampaignRun): Promise<boolean> {
    const stored = this.runs.get(runKey(previous.campaignId, previous.runId));
    if (stored === undefined || stored.pages !== previous.pages || stored.status !== 'STARTING') return false;
    this.runs.set(runKey(next.campaignId, next.runId), structuredClone(next));
    return true;
  }

  async stopRun(campaignId: string, runId: string, at: string): Promise<void> {
    const stored = this.runs.get(runKey(campaignId, runId));
    if (stored) this.runs.set(runKey(campaignId, runId), { ...stored, status: 'STOPPED', updatedAt: at });
  }

  /** What a test sees of the enrolments without going through the port. */
  enrolled(campaignId: string): string[] {
    return [...(this.enrolments.get(campaignId) ?? [])].sort();
  }
}

const runKey = (campaignId: string, runId: string) => `${campaignId}/${runId}`;

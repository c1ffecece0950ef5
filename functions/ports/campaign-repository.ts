// Where campaigns, their enrolled contacts and their runs are kept (the dialer table in AWS).
import type { Campaign } from '#domain/dialer/campaign';
import type { Page } from './contact-repository.ts';

/** STARTING while the starter pages through the enrolments; STARTED when every execution is started; STOPPED by a stop. */
export type CampaignRunStatus = 'STARTING' | 'STARTED' | 'STOPPED';

export interface CampaignRunCounts {
  /** Executions this run started. */
  started: number;
  /** Executions found started already (a start delivered twice, or a page retried after a failure). */
  alreadyStarted: number;
  /** Contacts closed with NO_CALLABLE_PHONES at once: no execution, a Final row. */
  closedWithoutCall: number;
}

/** One start of a campaign: by its schedule (the run id comes from the scheduled time) or by hand. */
export interface CampaignRun {
  campaignId: string;
  runId: string;
  trigger: 'schedule' | 'manual';
  status: CampaignRunStatus;
  /** Where the starter got to in the enrolments; absent before the first page and after the last. */
  cursor: string | undefined;
  /** Pages of enrolments done: every advance is conditioned on it, so two invocations never count a page twice. */
  pages: number;
  counts: CampaignRunCounts;
  startedAt: string;
  updatedAt: string;
}

export interface CampaignRepository {
  get(id: string): Promise<Campaign | undefined>;
  /** In creation order. */
  list(limit: number, cursor: string | undefined): Promise<Page<Campaign>>;
  /** Throws ConflictError when the id is taken. */
  create(campaign: Campaign): Promise<void>;
  /** Throws VersionConflictError unless the stored campaign is still at `previous.version`. */
  update(previous: Campaign, next: Campaign): Promise<void>;
  /** The campaign (throws VersionConflictError when stale), then its enrolments and runs. History and Final stay. */
  delete(campaign: Campaign): Promise<void>;
  /** Enrols contacts; enrolling one twice changes nothing. Returns the ids that were not enrolled before. */
  enrol(campaignId: string, contactIds: readonly string[]): Promise<string[]>;
  /**
   * A merge: the enrolment of `fromContactId` becomes one of `toContactId` (kept if it was enrolled already). False
   * when `fromContactId` is not enrolled. Safe to repeat.
   */
  moveEnrolment(campaignId: string, fromContactId: string, toContactId: string): Promise<boolean>;
  /** Enrolled contact ids, in a stable order: what the starter pages through. */
  listEnrolments(campaignId: string, limit: number, cursor: string | undefined): Promise<Page<string>>;
  /** False when the run exists already (a start delivered twice). */
  createRun(run: CampaignRun): Promise<boolean>;
  getRun(campaignId: string, runId: string): Promise<CampaignRun | undefined>;
  /** Stores `next` when the stored run is still `previous` (same pages done, still STARTING); false otherwise. */
  advanceRun(previous: CampaignRun, next: CampaignRun): Promise<boolean>;
  /** Marks the run STOPPED whatever it was doing; a run that does not exist is left absent. */
  stopRun(campaignId: string, runId: string, at: string): Promise<void>;
}

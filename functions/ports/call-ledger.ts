// Where the dialer keeps its calls: attempts claimed before dialling, line counters, History and Final.
import type { FinalRow, HistoryRow, SkipRow, WorkflowData } from '#domain/dialer/workflow-data';
import type { Page } from './contact-repository.ts';

export interface CallAttempt {
  attemptId: string;
  executionName: string;
  /** The task token that resumes the execution waiting for this call's outcome. */
  taskToken: string;
  /** The execution's data when the call was placed: the outcome is computed from it. */
  workflow: WorkflowData;
  phoneIndex: number;
  startedAt: string;
  status: 'DIALLING' | 'ENDED' | 'NOT_PLACED';
  providerCallId?: string | undefined;
  /** The execution's data after the call: kept so that a repeated outcome resumes with the same answer. */
  result?: WorkflowData | undefined;
}

export type ClaimResult = 'claimed' | 'already-claimed' | 'no-free-line';

export interface OutcomeRecord {
  attempt: CallAttempt;
  history: HistoryRow;
  final: FinalRow | undefined;
  result: WorkflowData;
}

export interface CallLedger {
  /** Claims the attempt and one of the campaign's `lineLimit` lines in one conditional write. */
  claim(attempt: CallAttempt, lineLimit: number): Promise<ClaimResult>;
  /** Outcome events that do not carry our attempt id find the attempt by the provider's call id. */
  recordProviderCall(attempt: CallAttempt, providerCallId: string): Promise<void>;
  /**
   * The task decided not to dial without claiming a line (no free line, outside the window, the task failed): the
   * attempt is stored as NOT_PLACED so that the same task delivered again cannot dial; false when already claimed.
   * A number skipped as not contactable leaves its skip row, written with the attempt.
   */
  recordNotDialled(attempt: CallAttempt, result: WorkflowData, skip?: SkipRow): Promise<boolean>;
  /** The numbers passed over right before their dial, in time order. */
  listSkips(campaignId: string, options: { limit: number; cursor: string | undefined }): Promise<Page<SkipRow>>;
  /** The call was not placed after all: the line goes back, nothing is counted, `result` is what comes next. */
  releaseUnplaced(attempt: CallAttempt, result: WorkflowData): Promise<void>;
  getAttempt(attemptId: string): Promise<CallAttempt | undefined>;
  findByProviderCallId(providerCallId: string): Promise<CallAttempt | undefined>;
  /** History row, Final row, the attempt ended and its line released, all at once; false when already ended. */
  recordOutcome(record: OutcomeRecord): Promise<boolean>;
  /** Attempts still dialling of one execution (an execution that failed holds their lines). */
  dialingAttemptsOf(executionName: string): Promise<CallAttempt[]>;
  /** Attempts dialling since before `startedBefore`: what the sweep reclaims. */
  staleDialingAttempts(startedBefore: string, limit: number): Promise<CallAttempt[]>;
  /** The attempt ended without an outcome (its execution is gone): its line goes back. */
  abandon(attempt: CallAttempt): Promise<boolean>;
  writeFinal(final: FinalRow): Promise<boolean>;
  linesInUse(campaignId: string): Promise<number>;
  listHistory(campaignId: string, options: { contactId?: string | undefined; limit: number; cursor: string | undefined }): Promise<Page<HistoryRow>>;
  listFinal(campaignId: string, options: { limit: number; cursor: string | undefined }): Promise<Page<FinalRow>>;
}

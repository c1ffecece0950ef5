// CallLedger in memory, with the DynamoDB adapter's all-or-nothing writes: an attempt is claimed once with a line,
// ends once, and History and Final rows are written once each.
import type { FinalRow, HistoryRow, SkipRow, WorkflowData } from '#domain/dialer/workflow-data';
import type { CallAttempt, CallLedger, ClaimResult, OutcomeRecord } from '#ports/call-ledger';
import type { Page } from '#ports/contact-repository';

export class InMemoryCallLedger implements CallLedger {
  private readonly attempts = new Map<string, CallAttempt>();
  private readonly providerCalls = new Map<string, CallAttempt>();
  private readonly lines = new Map<string, number>();
  private readonly history = new Map<string, HistoryRow>();
  private readonly finals = new Map<string, FinalRow>();
  private readonly skips: SkipRow[] = [];

  async claim(attempt: CallAttempt, lineLimit: number): Promise<ClaimResult> {
    if (this.attempts.has(attempt.attemptId)) return 'already-claimed';
    const campaignId = attempt.workflow.campaignId;
    if ((this.lines.get(campaignId) ?? 0) >= lineLimit) return 'no-free-line';
    this.attempts.set(attempt.attemptId, structuredClone(attempt));
    this.lines.set(campaignId, (this.lines.get(campaignId) ?? 0) + 1);
    return 'claimed';
  }

  async recordProviderCall(attempt: CallAttempt, providerCallId: string): Promise<void> {
    this.providerCalls.set(providerCallId, structuredClone({ ...attempt, providerCallId }));
  }

  async recordNotDialled(attempt: CallAttempt, result: WorkflowData, skip?: SkipRow): Promise<boolean> {
    if (this.attempts.has(attempt.attemptId)) return false;
    this.attempts.set(attempt.attemptId, structuredClone({ ...attempt, status: 'NOT_PLACED' as const, result }));
    if (skip !== undefined) this.skips.push(structuredClone(skip));
    return true;
  }

  async listSkips(campaignId: string, options: { limit: number; cursor: string | undefined }): Promise<Page<SkipRow>> {
    const rows = this.skips.filter((row) => row.campaignId === campaignId).sort((a, b) => a.skippedAt.localeCompare(b.skippedAt));
    const start = options.cursor === undefined ? 0 : Number(options.cursor);
    const page = rows.slice(start, start + options.limit);
    return { items: structuredClone(page), cursor: start + options.limit < rows.length ? String(start + options.limit) : undefined };
  }

  async releaseUnplaced(attempt: CallAttempt, result: WorkflowData): Promise<void> {
    if (this.isDialling(attempt) && this.lineHeld(attempt)) this.end(attempt, 'NOT_PLACED', result);
  }

  async getAttempt(attemptId: string): Promise<CallAttempt | undefined> {
    const attempt = this.attempts.get(attemptId);
    return attempt && structuredClone(attempt);
  }

  async findByProviderCallId(providerCallId: string): Promise<CallAttempt | undefined> {
    const attempt = this.providerCalls.get(providerCallId);
    return attempt && structuredClone(attempt);
  }

  async recordOutcome(record: OutcomeRecord): Promise<boolean> {
    const historyKey = historyKeyOf(record.history);
    const finalKey = record.final && finalKeyOf(record.final);
    if (!this.isDialling(record.attempt) || !this.lineHeld(record.attempt) || this.history.has(historyKey) || (finalKey !== undefined && this.finals.has(finalKey))) return false;
    this.end(record.attempt, 'ENDED', record.result);
    this.history.set(historyKey, structuredClone(record.history));
    if (record.final) this.finals.set(finalKey!, structuredClone(record.final));
    return true;
  }

  async dialingAttemptsOf(executionName: string): Promise<CallAttempt[]> {
    return [...this.attempts.values()].filter((attempt) => attempt.executionName === executionName && attempt.status === 'DIALLING').map((attempt) => structuredClone(attempt));
  }

  async staleDialingAttempts(startedBefore: string, limit: number): Promise<CallAttempt[]> {
    return [...this.attempts.values()]
      .filter((attempt) => attempt.status === 'DIALLING' && attempt.startedAt < startedBefore)
      .sort((a, b) => `${a.startedAt}#${a.attemptId}`.localeCompare(`${b.startedAt}#${b.attemptId}`))
      .slice(0, limit)
      .map((attempt) => structuredClone(attempt));
  }

  async abandon(attempt: CallAttempt): Promise<boolean> {
    if (!this.isDialling(attempt) || !this.lineHeld(attempt)) return false;
    this.end(attempt, 'ENDED', undefined);
    return true;
  }

  async writeFinal(final: FinalRow): Promise<boolean> {
    const key = finalKeyOf(final);
    if (this.finals.has(key)) return false;
    this.finals.set(key, structuredClone(final));
    return true;
  }

  async linesInUse(campaignId: string): Promise<number> {
    return this.lines.get(campaignId) ?? 0;
  }

  /** In start order (one contact's, or the campaign's); the cursor is the last row's key. */
  async listHistory(campaignId: string, options: { contactId?: string | undefined; limit: number; cursor: string | undefined }): Promise<Page<HistoryRow>> {
    const prefix = options.contactId === undefined ? `${campaignId}#` : `${campaignId}#${options.contactId}#`;
    const rows = [...this.history.entries()]
      .filter(([key]) => key.startsWith(prefix))
      .map(([, row]) => ({ sort: `${row.startedAt}#${row.attemptId}`, row }))
      .sort((a, b) => a.sort.localeCompare(b.sort))
      .filter(({ sort }) => options.cursor === undefined || sort > options.cursor);
    const page = rows.slice(0, options.limit);
    return { items: page.map(({ row }) => structuredClone(row)), cursor: rows.length > options.limit ? page.at(-1)!.sort : undefined };
  }

  /** By run, then contact id, as DynamoDB sorts them; the cursor is the last row's position. */
  async listFinal(campaignId: string, options: { limit: number; cursor: string | undefined }): Promise<Page<FinalRow>> {
    const position = (row: FinalRow) => `${row.runId}#${row.contactId}`;
    const rows = [...this.finals.values()]
      .filter((row) => row.campaignId === campaignId && (options.cursor === undefined || position(row) > options.cursor))
      .sort((a, b) => position(a).localeCompare(position(b)));
    const page = rows.slice(0, options.limit);
    return { items: structuredClone(page), cursor: rows.length > options.limit ? position(page.at(-1)!) : undefined };
  }

  /** Every History row, in the order written. */
  historyRows(): HistoryRow[] {
    return structuredClone([...this.history.values()]);
  }

  /** Every Final row, in the order written. */
  finalRows(): FinalRow[] {
    return structuredClone([...this.finals.values()]);
  }

  private isDialling(attempt: CallAttempt): boolean {
    return this.attempts.get(attempt.attemptId)?.status === 'DIALLING';
  }

  private lineHeld(attempt: CallAttempt): boolean {
    return (this.lines.get(attempt.workflow.campaignId) ?? 0) > 0;
  }

  private end(attempt: CallAttempt, status: CallAttempt['status'], result: WorkflowData | undefined): void {
    const stored = this.attempts.get(attempt.attemptId)!;
    this.attempts.set(attempt.attemptId, { ...stored, status, ...(result === undefined ? {} : { result: structuredClone(result) }) });
    const campaignId = attempt.workflow.campaignId;
    this.lines.set(campaignId, (this.lines.get(campaignId) ?? 0) - 1);
  }
}

const historyKeyOf = (row: HistoryRow) => `${row.campaignId}#${row.contactId}#${row.startedAt}#${row.attemptId}`;
const finalKeyOf = (row: FinalRow) => `${row.campaignId}#${row.runId}#${row.contactId}`;

// What one contact's execution carries from step to step, and the rows a call leaves behind.
import type { CallStatus } from './call-status.ts';
import type { CampaignSettings } from './campaign.ts';
import { nextNumberOpenTime } from '../contactability/number-calling-window.ts';
import { nextOpenTime } from './calling-window.ts';
import type { CloseReason, DialState, DialStep, NextStep, PhoneCounters } from './dial-plan.ts';

/** The execution's input and the output of every step: the state machine reads `next` and nothing else. */
export interface WorkflowData {
  campaignId: string;
  contactId: string;
  runId: string;
  /** Numbers the tasks of this execution: a task re-entered for the same call (no free line) is a new attempt. */
  attempt: number;
  /** How many tries in a row found no free line (absent: none): the next wait grows with it (line-wait.ts). */
  lineWaits?: number | undefined;
  settings: CampaignSettings;
  dial: DialState;
  next: NextStep;
}

/** One dialled call (DESIGN §5 rule 4), written once per attempt. */
export interface HistoryRow {
  campaignId: string;
  contactId: string;
  attemptId: string;
  phone: string;
  label: string;
  itemTypeId: string | undefined;
  round: number;
  status: CallStatus;
  /** Why a call counts as it does when no provider said so (an outcome that never came). */
  cause: string | undefined;
  startedAt: string;
  endedAt: string;
  counters: PhoneCounters;
}

/** A number passed over right before its dial (no History row, nothing counted): why, and when. */
export interface SkipRow {
  campaignId: string;
  contactId: string;
  runId: string;
  attemptId: string;
  phone: string;
  label: string;
  itemTypeId: string | undefined;
  round: number;
  /** Every reason that applied (contactability.ts), the weightiest first. */
  reasons: string[];
  skippedAt: string;
}

/** One closed contact in one run of its campaign, written exactly once. */
export interface FinalRow {
  campaignId: string;
  contactId: string;
  /** A campaign that runs again (on its schedule) closes its contacts again: each run has its own Final. */
  runId: string;
  phone: string | undefined;
  label: string | undefined;
  itemTypeId: string | undefined;
  status: CallStatus | undefined;
  reason: CloseReason;
  counters: PhoneCounters | undefined;
  closedAt: string;
}

/**
 * The execution's data for its next step, as a new attempt. A call never falls due outside the campaign's calling
 * window or its number's (in the number's own zone): one planned after closing time waits for the next opening.
 */
export function advanceWorkflow(workflow: WorkflowData, step: DialStep): WorkflowData {
  const next: NextStep = step.next.kind === 'call' ? { ...step.next, at: callTimeFor(workflow, step.state.phones[step.next.phoneIndex]!.number, new Date(step.next.at)).toISOString() } : step.next;
  return { ...workflow, attempt: workflow.attempt + 1, lineWaits: undefined, dial: step.state, next };
}

function callTimeFor(workflow: WorkflowData, number: string, planned: Date): Date {
  const window = workflow.settings.callingWindow;
  // Preferences (business hours) are read right before the dial; the plan keeps to the legal and campaign windows.
  return nextNumberOpenTime(number, window, planned, { businessHoursOnly: false }) ?? nextOpenTime(window, planned);
}

/** The attempt id: the execution's name and the attempt's number, so a retried task finds the same one. */
export function attemptIdOf(executionName: string, attempt: number): string {
  return `${executionName}/${attempt}`;
}

/** The Final row of an execution whose next step is to close. */
export function finalRowOf(data: WorkflowData): FinalRow | undefined {
  if (data.next.kind !== 'close') return undefined;
  const last = data.dial.lastDialled === undefined ? undefined : data.dial.phones[data.dial.lastDialled];
  return {
    campaignId: data.campaignId,
    contactId: data.contactId,
    runId: data.runId,
    phone: last?.number,
    label: last?.label,
    itemTypeId: last?.itemTypeId,
    status: data.dial.lastStatus,
    reason: data.next.reason,
    counters: last?.counters,
    closedAt: data.next.at,
  };
}

// The dialer's use cases over in-memory ports, with DESIGN §8's seed contact (P, Office, Holiday) and settings.
import { retryableStatuses } from '#domain/dialer/call-status';
import { buildCampaignSettings, type CampaignSettingsInput } from '#domain/dialer/campaign';
import { startDialling, type PhoneToPlan } from '#domain/dialer/dial-plan';
import { executionName } from '#domain/dialer/execution-name';
import { attemptIdOf, type WorkflowData } from '#domain/dialer/workflow-data';
import type { CallAttempt } from '#ports/call-ledger';
import type { DialerDependencies } from '#domain/use-cases/dialer/dialer-dependencies';
import type { PlaceCallTask } from '#domain/use-cases/dialer/place-call';
import { CountingMetrics } from '../../fakes/counting-metrics.ts';
import { FixedClock } from '../../fakes/fixed-clock.ts';
import { InMemoryCallLedger } from '../../fakes/in-memory-call-ledger.ts';
import { InMemoryConsentStore } from '../../fakes/in-memory-consent-store.ts';
import { InMemoryPreviewOffers } from '../../fakes/in-memory-preview-offers.ts';
import { RecordingOperationsLog } from '../../fakes/recording-operations-log.ts';
import { RecordingWorkflowEngine } from '../../fakes/recording-workflow-engine.ts';
import { ScriptedTelephony } from '../../fakes/scripted-telephony.ts';

export const seedStart = '2025-03-03T10:00:00.000Z';

/** The seed contact's numbers: a French mobile as Primary, an Office and a Holiday line. */
export const numbers = { primary: '+33612345678', office: '+33140000000', holiday: '+33240000000' } as const;
export const seedPhones: PhoneToPlan[] = [
  { number: numbers.primary, label: 'Primary' },
  { number: numbers.office, label: 'Office', itemTypeId: 'type-office' },
  { number: numbers.holiday, label: 'Holiday', itemTypeId: 'type-holiday' },
];

/** DESIGN §8 setup: every retry delay 2, additional phone delay 1, NO_ANSWER at most 3, global 4; two lines. */
export function seedSettings(overrides: CampaignSettingsInput = {}) {
  const retries = Object.fromEntries(
    retryableStatuses.map((status) => [status, { retryDelayMinutes: 2, ...(status === 'NO_ANSWER' ? { maxRetries: 3 } : {}), ...overrides.retries?.[status] }]),
  );
  return buildCampaignSettings({ additionalPhoneDelayMinutes: 1, globalMaxRetries: 4, maxConcurrentCalls: 2, ...overrides, retries });
}

export interface SeedOptions {
  campaignId?: string;
  contactId?: string;
  runId?: string;
  phones?: PhoneToPlan[];
  settings?: CampaignSettingsInput;
}

/** The execution's first data: its first call on the first phone at 10:00. */
export function seedWorkflow(options: SeedOptions = {}): WorkflowData {
  const step = startDialling(options.phones ?? seedPhones, new Date(seedStart));
  return { campaignId: options.campaignId ?? 'campaign-1', contactId: options.contactId ?? 'contact-1', runId: options.runId ?? 'run-1', attempt: 1, settings: seedSettings(options.settings), dial: step.state, next: step.next };
}

export function executionOf(workflow: WorkflowData): string {
  return executionName(workflow.campaignId, workflow.contactId, workflow.runId);
}

/** The call task the state machine would send for this data: its token names execution and attempt. */
export function callTask(workflow: WorkflowData): PlaceCallTask {
  const name = executionOf(workflow);
  return { taskToken: `token:${attemptIdOf(name, workflow.attempt)}`, executionName: name, workflow };
}

/** An attempt as placeCall claims it, for tests that need a ledger already holding calls. */
export function dialingAttempt(workflow: WorkflowData, startedAt: string): CallAttempt {
  if (workflow.next.kind !== 'call') throw new Error('nothing to call');
  const task = callTask(workflow);
  return { attemptId: attemptIdOf(task.executionName, workflow.attempt), executionName: task.executionName, taskToken: task.taskToken, workflow, phoneIndex: workflow.next.phoneIndex, startedAt, status: 'DIALLING' };
}

export function dialerSetup(now = seedStart) {
  const calls = new InMemoryCallLedger();
  const telephony = new ScriptedTelephony();
  const workflows = new RecordingWorkflowEngine();
  const clock = new FixedClock(now);
  const log = new RecordingOperationsLog();
  const offers = new InMemoryPreviewOffers(calls, clock);
  // The seed contact consented to everything on every number long before the campaign.
  const consent = new InMemoryConsentStore();
  consent.grantEverything(Object.values(numbers), '2025-01-01T00:00:00.000Z');
  const metrics = new CountingMetrics();
  const deps: DialerDependencies = { calls, offers, telephony, workflows, consent, clock, log, metrics };
  return { deps, calls, offers, telephony, workflows, consent, clock, log, metrics };
}

export type DialerSetup = ReturnType<typeof dialerSetup>;

// A calling campaign: XCALLY Motion's settings with their defaults (DESIGN §5), its schedule and its state.
import type { TelephonyBackend } from '#ports/telephony';
import { buildCampaignSchedule, type CampaignSchedule } from '../campaign-schedule.ts';
import { InvalidInputError } from '../errors.ts';
import { buildCallingWindow, type CallingWindow } from './calling-window.ts';
import { retryableStatuses, type RetryableStatus } from './call-status.ts';
import type { DialRules, RetryRule } from './dial-plan.ts';

export const campaignStrategies = ['preview', 'progressive', 'power', 'agentless'] as const;
export type CampaignStrategy = (typeof campaignStrategies)[number];
export const campaignPurposes = ['marketing', 'service', 'support', 'emergency'] as const;
export type CampaignPurpose = (typeof campaignPurposes)[number];

export interface CampaignSettings extends DialRules {
  purpose: CampaignPurpose;
  channel: 'voice';
  strategy: CampaignStrategy;
  callingWindow: CallingWindow;
  maxConcurrentCalls: number;
  telephony: TelephonyBackend;
}

export type CampaignStatus = 'DRAFT' | 'SCHEDULED' | 'RUNNING' | 'STOPPED';

export interface Campaign {
  id: string;
  name: string;
  settings: CampaignSettings;
  schedule: CampaignSchedule | undefined;
  status: CampaignStatus;
  /** Each start is a run: executions are named by campaign, contact and run, so a start delivered twice dials once. */
  runId: string | undefined;
  version: number;
  createdAt: string;
  updatedAt: string;
}

export type CampaignSettingsInput = Partial<Omit<CampaignSettings, 'retries' | 'callingWindow'>> & {
  retries?: Partial<Record<RetryableStatus, Partial<RetryRule>>> | undefined;
  callingWindow?: Partial<CallingWindow> | undefined;
};

export interface CampaignInput {
  name: string;
  settings?: CampaignSettingsInput | undefined;
  schedule?: CampaignSchedule | undefined;
}

export const defaultRetryRule: RetryRule = { maxRetries: 3, retryDelayMinutes: 150 };

export const defaultCampaignSettings: CampaignSettings = {
  additionalPhoneDelayMinutes: 1,
  retries: Object.fromEntries(retryableStatuses.map((status) => [status, defaultRetryRule])) as Record<RetryableStatus, RetryRule>,
  globalMaxRetries: 4,
  purpose: 'service',
  channel: 'voice',
  strategy: 'progressive',
  callingWindow: { start: '09:00', end: '20:00', days: ['MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'], timeZone: 'UTC' },
  maxConcurrentCalls: 10,
  telephony: { type: 'simulator' },
};

/** Settings from input over `base` (the defaults, or the campaign's current settings on an update). */
export function buildCampaignSettings(input: CampaignSettingsInput = {}, base: CampaignSettings = defaultCampaignSettings): CampaignSettings {
  const retries = { ...base.retries };
  for (const status of retryableStatuses) retries[status] = { ...base.retries[status], ...definedOnly(input.retries?.[status] ?? {}) };
  const settings: CampaignSettings = {
    ...base,
    ...definedOnly({ ...input, retries: undefined, callingWindow: undefined }),
    retries,
    callingWindow: buildCallingWindow({ ...base.callingWindow, ...definedOnly(input.callingWindow ?? {}) }, 'settings.callingWindow'),
  };
  if (settings.strategy === 'agentless' && settings.telephony.type === 'connect') {
    throw new InvalidInputError('settings.telephony', 'an agentless campaign plays a message: use End User Messaging voice or the simulator');
  }
  if (settings.strategy !== 'agentless' && settings.telephony.type === 'eum-voice') {
    throw new InvalidInputError('settings.telephony', 'End User Messaging voice has no agents: it serves agentless campaigns only');
  }
  return settings;
}

export function buildCampaign(id: string, input: CampaignInput, now: string): Campaign {
  return {
    id,
    name: input.name.trim(),
    settings: buildCampaignSettings(input.settings),
    schedule: input.schedule === undefined ? undefined : buildCampaignSchedule(input.schedule),
    status: input.schedule === undefined ? 'DRAFT' : 'SCHEDULED',
    runId: undefined,
    version: 1,
    createdAt: now,
    updatedAt: now,
  };
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, entry]) => entry !== undefined)) as Partial<T>;
}

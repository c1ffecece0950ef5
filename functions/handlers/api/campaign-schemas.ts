// Request and response schemas of the campaign routes: validation in the handlers and the OpenAPI document.
import { z } from 'zod';
import { callStatuses, retryableStatuses, type RetryableStatus } from '#domain/dialer/call-status';
import { weekdays } from '#domain/dialer/calling-window';
import { campaignPurposes, campaignStrategies } from '#domain/dialer/campaign';
import type { TelephonyBackend } from '#ports/telephony';

const id = z.string().min(1).max(100);
const version = z.number().int().min(1).describe('The version you read; a stale version gets 409 and nothing is written.');
const minutes = (max: number) => z.number().int().min(0).max(max);
const e164 = z.string().regex(/^\+[1-9]\d{6,14}$/, 'must be a number in E.164 form, e.g. +442079460958');

const retryRule = z.strictObject({
  maxRetries: z.number().int().min(1).max(100).optional().describe('Calls ending with this status a phone may have before it is exhausted (default 3).'),
  retryDelayMinutes: minutes(10_080).optional().describe('From the last call of a round ending with this status to the next round (default 150).'),
});
const retries = z.strictObject(Object.fromEntries(retryableStatuses.map((status) => [status, retryRule.optional()])) as Record<RetryableStatus, z.ZodOptional<typeof retryRule>>);

const callingWindow = z.strictObject({
  start: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a local time HH:MM').optional(),
  end: z.string().regex(/^(([01]\d|2[0-3]):[0-5]\d|24:00)$/, 'must be a local time HH:MM').optional(),
  days: z.array(z.enum(weekdays)).min(1).max(7).optional(),
  timeZone: z.string().min(1).max(64).optional().describe('IANA time zone, e.g. Europe/Paris.'),
});

const connectBackend = z
  .strictObject({
    type: z.literal('connect'),
    instanceId: id,
    contactFlowId: id,
    answeringMachineDetection: z.boolean(),
    awaitAnswerMachinePrompt: z.boolean().optional(),
    ringTimeoutSeconds: z.number().int().min(15).max(60).optional(),
    queueId: id.optional(),
    sourcePhoneNumber: e164.optional(),
  })
  .refine((backend) => backend.queueId !== undefined || backend.sourcePhoneNumber !== undefined, { message: 'Connect needs a queueId or a sourcePhoneNumber (or both)', path: ['queueId'] });
const eumVoiceBackend = z
  .strictObject({
    type: z.literal('eum-voice'),
    originationIdentity: z.string().min(1).max(256),
    messageBody: z.string().min(1).max(6000),
    messageBodyType: z.enum(['TEXT', 'SSML']),
    voiceId: z.string().min(1).max(40).optional(),
    configurationSetName: z.string().min(1).max(256).optional(),
    timeToLiveSeconds: z.number().int().min(5).max(259_200).optional(),
    maxPricePerMinute: z.string().regex(/^\d+(\.\d+)?$/, 'must be a decimal price').optional(),
    protectConfigurationId: z.string().min(1).max(256).optional(),
  })
  .refine((backend) => backend.messageBodyType === 'SSML' || backend.messageBody.length <= 3000, { message: 'a TEXT message holds 3000 characters at most', path: ['messageBody'] });
const simulatorBackend = z.strictObject({ type: z.literal('simulator') });
const telephonyUnion = z.discriminatedUnion('type', [connectBackend, eumVoiceBackend, simulatorBackend]);
/** Per back end; the refinement makes Connect's caller-id rule hold, so what passes is the port's own type. */
export const telephonyBackend = telephonyUnion as unknown as z.ZodType<TelephonyBackend, z.input<typeof telephonyUnion>>;

export const campaignSettingsBody = z.strictObject({
  additionalPhoneDelayMinutes: minutes(1_440).optional().describe('From a failed call to the next phone of the round (default 1).'),
  retries: retries.optional().describe('Per call status; what is absent keeps its value.'),
  globalMaxRetries: z.number().int().min(1).max(100).optional().describe('Calls a phone may have whatever their status (default 4).'),
  purpose: z.enum(campaignPurposes).optional(),
  channel: z.literal('voice').optional(),
  strategy: z.enum(campaignStrategies).optional(),
  callingWindow: callingWindow.optional().describe("The campaign's local hours and days; what is absent keeps its value."),
  maxConcurrentCalls: z.number().int().min(1).max(1_000).optional(),
  telephony: telephonyBackend.optional().describe('Replaces the back end as a whole.'),
});

export const campaignScheduleBody = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('at'), at: z.string().max(19).describe('Local time YYYY-MM-DDTHH:mm:ss, once.'), timeZone: z.string().min(1).max(64) }),
  z.strictObject({ kind: z.literal('cron'), expression: z.string().min(1).max(200).describe('EventBridge cron: minutes hours day-of-month month day-of-week year.'), timeZone: z.string().min(1).max(64) }),
]);

export const campaignBody = z.strictObject({
  name: z.string().min(1).max(200),
  settings: campaignSettingsBody.optional().describe("Absent settings take XCALLY's defaults."),
  schedule: campaignScheduleBody.optional(),
});
export const campaignUpdateBody = z.strictObject({
  version,
  name: z.string().min(1).max(200).optional(),
  settings: campaignSettingsBody.optional().describe('Merged over the current settings.'),
  schedule: campaignScheduleBody.nullable().optional().describe('A schedule replaces the current one; null removes it; absent keeps it.'),
});
export const enrolmentBody = z
  .strictObject({
    contactIds: z.array(id).min(1).max(1_000).optional(),
    importId: id.optional().describe('Every contact the rows of this completed import created, updated or found unchanged.'),
  })
  .refine((body) => (body.contactIds === undefined) !== (body.importId === undefined), { message: 'give contactIds or importId, not both', path: ['contactIds'] });

export const campaignParams = z.object({ campaignId: id });
const limit = z.coerce.number().int().min(1).max(100).default(25);
const cursor = z.string().max(2000).optional();
export const campaignPageQuery = z.strictObject({ limit, cursor });
export const historyQuery = z.strictObject({ limit, cursor, contactId: id.optional().describe("Only this contact's calls.") });
export const historyCsvQuery = z.strictObject({
  cursor,
  contactId: id.optional(),
  maxRows: z.coerce.number().int().min(1).max(10_000).default(10_000).describe('Rows in this part; the x-next-cursor header continues a longer History.'),
});

// Responses: documented in OpenAPI; the presenters build them.
const counters = z.object({ byStatus: z.partialRecord(z.enum(retryableStatuses), z.number()), global: z.number() });
const campaignRun = z.object({
  id: z.string(),
  trigger: z.enum(['schedule', 'manual']),
  status: z.enum(['STARTING', 'STARTED', 'STOPPED']),
  counts: z.object({ started: z.number(), alreadyStarted: z.number(), closedWithoutCall: z.number() }),
  startedAt: z.string(),
  updatedAt: z.string(),
});
const settingsResponse = z.object({
  additionalPhoneDelayMinutes: z.number(),
  retries: z.record(z.enum(retryableStatuses), z.object({ maxRetries: z.number(), retryDelayMinutes: z.number() })),
  globalMaxRetries: z.number(),
  purpose: z.enum(campaignPurposes),
  channel: z.literal('voice'),
  strategy: z.enum(campaignStrategies),
  callingWindow: z.object({ start: z.string(), end: z.string(), days: z.array(z.enum(weekdays)), timeZone: z.string() }),
  maxConcurrentCalls: z.number(),
  telephony: telephonyBackend,
});
export const campaignResponse = z.object({
  id,
  name: z.string(),
  status: z.enum(['DRAFT', 'SCHEDULED', 'RUNNING', 'STOPPED']),
  settings: settingsResponse,
  schedule: campaignScheduleBody.nullable(),
  nextStartAt: z.string().optional().describe('When the schedule starts the campaign next; absent when stopped or never again.'),
  run: campaignRun.nullable().describe('The latest run.'),
  version: z.number(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export const campaignPageResponse = z.object({ items: z.array(campaignResponse), cursor: z.string().optional() });
export const stoppedCampaignResponse = campaignResponse.extend({ stoppedExecutions: z.number() });
export const campaignDeletionResponse = z.object({ deleted: id, stoppedExecutions: z.number() });
export const enrolmentResponse = z.object({ enrolled: z.number(), alreadyEnrolled: z.number(), unknownContactIds: z.array(z.string()).describe('The first 100 at most.') });
export const historyPageResponse = z.object({
  items: z.array(
    z.object({
      contactId: z.string(),
      attemptId: z.string(),
      phone: z.string(),
      label: z.string(),
      itemTypeId: z.string().optional(),
      round: z.number(),
      status: z.enum(callStatuses),
      cause: z.string().optional(),
      startedAt: z.string(),
      endedAt: z.string(),
      counters,
    }),
  ),
  cursor: z.string().optional(),
});
export const skipPageResponse = z.object({
  items: z.array(
    z.object({
      campaignId: id,
      contactId: id,
      runId: z.string(),
      attemptId: z.string(),
      phone: z.string(),
      label: z.string(),
      itemTypeId: z.string().optional(),
      round: z.number(),
      reasons: z.array(z.string()).describe('Why the number could not be called: withdrawn, no-consent, do-not-call, stale, unverified, preference, outside-window.'),
      skippedAt: z.string(),
    }),
  ),
  cursor: z.string().optional(),
});
export const finalPageResponse = z.object({
  items: z.array(
    z.object({
      contactId: z.string(),
      runId: z.string(),
      phone: z.string().optional(),
      label: z.string().optional(),
      itemTypeId: z.string().optional(),
      status: z.enum(callStatuses).optional(),
      reason: z.string(),
      counters: counters.optional(),
      closedAt: z.string(),
    }),
  ),
  cursor: z.string().optional(),
});

// Preview campaigns (DESIGN §5 rule 5): the offers agents accept or reject.
export const previewOfferParams = z.object({ campaignId: id, contactId: id });
export const previewRejectBody = z
  .strictObject({ reason: z.string().trim().min(1).max(500).optional().describe("The agent's words, kept in the History row's cause.") })
  .optional()
  .describe('Optional.');
const offeredCall = {
  contactId: z.string(),
  attemptId: z.string(),
  phone: z.string().describe('The number the strategy chose, E.164.'),
  label: z.string().describe('Primary, the item type name, or the kind of an untyped additional phone.'),
  itemTypeId: z.string().optional(),
};
export const previewPageResponse = z.object({
  items: z.array(
    z.object({
      ...offeredCall,
      displayName: z.string().optional(),
      description: z.string().optional(),
      round: z.number(),
      counters,
      offeredAt: z.string(),
      acceptBy: z.string().describe('Accepted later, the offer is made afresh instead of dialled.'),
      notice: z.string().describe('The strategy, not the agent, chose this number.'),
    }),
  ),
  cursor: z.string().optional(),
});
export const acceptedOfferResponse = z.object({
  ...offeredCall,
  call: z.enum(['placed', 'uncertain', 'not-placed', 'telephony-unavailable']).describe('placed: the outcome arrives as any call\'s; not-placed / telephony-unavailable: the contact went on without this call.'),
});
export const rejectedOfferResponse = z.object({
  ...offeredCall,
  status: z.literal('AGENT_REJECT'),
  counters,
  next: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('call'), at: z.string(), label: z.string() }),
    z.object({ kind: z.literal('close'), at: z.string(), reason: z.string() }),
  ]),
});

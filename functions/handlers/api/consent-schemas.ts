// Request and response schemas of the consent routes: ledger, preferences, do-not-call, contactability, policy.
import { z } from 'zod';
import { consentChannels, consentPurposes, consentSources } from '#domain/consent/consent-ledger';
import { exclusionReasons } from '#domain/contactability/contactability';

const id = z.string().min(1).max(100);
const text = (max: number) => z.string().max(max);
const instant = z.iso.datetime({ offset: true }).describe('ISO 8601 time');
const limit = z.coerce.number().int().min(1).max(100).default(25);

export const numberParams = z.object({ number: text(40).min(1).describe('The number, URL-encoded (+ as %2B); any common notation.') });
export const contactParams = z.object({ contactId: id });
export const doNotCallParams = z.object({ prefix: text(20).min(1) });

/** Keyword entries come from inbound SMS only: an API caller says how the person gave or withdrew consent. */
const apiSources = consentSources.filter((source) => source !== 'keyword') as [Exclude<(typeof consentSources)[number], 'keyword'>, ...Array<Exclude<(typeof consentSources)[number], 'keyword'>>];

const evidence = z.strictObject({
  disclosureText: text(5_000).optional().describe('The words the person saw or heard.'),
  disclosureVersion: text(100).optional(),
  formUrl: z.url().max(2_000).optional().describe('The address of the form the consent was given on.'),
  agentId: text(200).optional(),
});

export const consentChangeBody = z.strictObject({
  action: z.enum(['grant', 'withdraw']),
  channels: z.array(z.enum(consentChannels)).min(1).max(2),
  purposes: z.array(z.enum(consentPurposes)).min(1).max(4),
  source: z.enum(apiSources).describe('How the person gave or withdrew it.'),
  evidence: evidence.optional(),
  occurredAt: instant.optional().describe('When the person gave or withdrew it; default now; never in the future.'),
  contactId: id.optional().describe('Who: the contact holding the number.'),
});

export const ledgerQuery = z.strictObject({ limit, cursor: z.string().max(2000).optional() });

export const preferencesBody = z
  .strictObject({
    welcomePurposes: z.array(z.enum(consentPurposes)).min(1).max(4).nullable().optional().describe('Purposes welcome on the number; null: every purpose consented to.'),
    businessHoursOnly: z.boolean().optional(),
  })
  .refine((body) => body.welcomePurposes !== undefined || body.businessHoursOnly !== undefined, { message: 'set welcomePurposes or businessHoursOnly' });

export const contactabilityQuery = z.strictObject({
  channel: z.enum(consentChannels),
  purpose: z.enum(consentPurposes),
  at: instant.optional().describe('Default now.'),
});

export const doNotCallBody = z.strictObject({
  prefix: text(30).min(2).describe('+ and 1 to 15 digits: a whole number in E.164, or the first digits of every number it bars.'),
  reason: text(500).optional(),
  expiresAt: instant.optional().describe('Absent: for ever.'),
});

export const policyBody = z.strictObject({
  verificationRequiredFor: z.array(z.enum(consentPurposes)).max(4).describe('Purposes for which a number must be verified and not stale.'),
  staleAfterDays: z.number().int().min(1).max(3_650).describe('A number neither verified nor reached for this long is stale.'),
});

export const reviewBody = z.strictObject({
  decision: z.enum(['withdraw', 'keep']).describe('withdraw: the message asked to stop (SMS consent withdrawn); keep: it did not.'),
});

// Responses.
const consentRecord = z.object({ status: z.enum(['granted', 'withdrawn']), at: z.string(), source: z.enum(consentSources), sequence: z.number() });
export const consentStateResponse = z.object({
  number: z.string(),
  consents: z.record(z.string(), consentRecord).describe('By channel:purpose.'),
  verifiedAt: z.string().optional(),
  reviewFlagRaisedAt: z.string().optional().describe('A stop request in words waits for an agent: no SMS is sent meanwhile.'),
  lastReachedAt: z.string().optional(),
  staleSince: z.string().optional(),
  preferences: z.object({ welcomePurposes: z.array(z.enum(consentPurposes)).optional(), businessHoursOnly: z.boolean() }),
  updatedAt: z.string(),
});
export const ledgerEntryResponse = z.object({
  sequence: z.number(),
  eventId: z.string(),
  number: z.string(),
  contactId: z.string().optional(),
  change: z.object({ type: z.enum(['consent', 'verified', 'review-flag', 'help-requested']), action: z.string().optional(), channel: z.enum(consentChannels).optional(), purpose: z.enum(consentPurposes).optional() }),
  at: z.string(),
  recordedAt: z.string(),
  source: z.enum(consentSources),
  evidence: z.record(z.string(), z.string()),
  actor: z.string(),
});
export const consentChangeResponse = z.object({ entries: z.array(ledgerEntryResponse), state: consentStateResponse });
export const numberLedgerResponse = z.object({ number: z.string(), state: consentStateResponse.nullable(), entries: z.array(ledgerEntryResponse), cursor: z.string().optional() });
export const contactConsentsResponse = z.object({
  contactId: id,
  numbers: z.array(z.object({ number: z.string(), state: consentStateResponse.nullable(), entries: z.array(ledgerEntryResponse) })),
});
const verdict = z.object({ number: z.string(), usable: z.boolean(), reasons: z.array(z.enum(exclusionReasons)), nextOpenAt: z.string().optional() });
export const contactabilityResponse = z.object({ contactId: id, channel: z.enum(consentChannels), purpose: z.enum(consentPurposes), at: z.string(), usable: z.array(verdict), excluded: z.array(verdict) });
export const doNotCallResponse = z.object({ prefix: z.string(), reason: z.string().optional(), addedBy: z.string(), addedAt: z.string(), expiresAt: z.string().optional() });
export const doNotCallPageResponse = z.object({ items: z.array(doNotCallResponse), cursor: z.string().optional() });
export const policyResponse = policyBody;
export const reverificationPageResponse = z.object({ items: z.array(z.object({ number: z.string(), staleSince: z.string() })), cursor: z.string().optional() });

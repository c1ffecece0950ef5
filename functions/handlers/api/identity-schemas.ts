// Request and response schemas of the identity routes: interactions, possible matches, the identification setting.
import { z } from 'zod';
import { backfillStatuses } from '#domain/identity/identification-backfill';

const id = z.string().min(1).max(100);
const limit = z.coerce.number().int().min(1).max(100).default(25);

export const contactParams = z.object({ contactId: id });
export const matchParams = z.object({ matchId: z.string().min(3).max(201) });
export const pageQuery = z.strictObject({ limit, cursor: z.string().max(2000).optional() });

const interaction = z.object({
  id: z.string(),
  channel: z.enum(['voice', 'sms']),
  direction: z.literal('inbound'),
  number: z.string(),
  at: z.string(),
  contactId: z.string().optional().describe('Absent: several contacts hold the number; see possibleContactIds.'),
  possibleContactIds: z.array(z.string()),
  provider: z.enum(['connect', 'eum-sms', 'local']),
});
export const interactionPageResponse = z.object({ items: z.array(interaction), cursor: z.string().optional() });
export const possibleMatchPageResponse = z.object({
  items: z.array(z.object({ id: z.string(), contactIds: z.array(z.string()).length(2), reason: z.enum(['shared-number', 'second-mobile-holder']), number: z.string(), suggestedAt: z.string() })),
  cursor: z.string().optional(),
});
export const identificationSettingResponse = z.object({
  enabled: z.boolean(),
  version: z.number(),
  updatedAt: z.string().optional(),
  backfillId: z.string().optional().describe('The backfill the last switch from off to on started: GET /settings/identification/backfills/{backfillId}.'),
});

export const identificationSwitchBody = z.strictObject({
  enabled: z.boolean(),
  version: z.number().int().min(0).describe('The version read (GET /settings/identification): a stale one answers 409 and changes nothing.'),
});
export const backfillParams = z.object({ backfillId: id });
export const identificationBackfillResponse = z.object({
  id: z.string(),
  status: z.enum(backfillStatuses).describe('RUNNING (going on; resume one whose updatedAt stopped moving), COMPLETED, FAILED (its retries ran out: resume it), STOPPED (identification switched off).'),
  pages: z.number().describe('Pages of contacts saved; each saved once, with its counts.'),
  counts: z.object({
    contactsScanned: z.number(),
    phonesExamined: z.number().describe('OTHER phones: each lands in one of the six counts below.'),
    upgraded: z.number(),
    notMobile: z.number(),
    skippedShared: z.number().describe('Held by several contacts: never upgraded automatically.'),
    possibleMatches: z.number().describe('Another contact holds the number as MOBILE: the pair is suggested (second-mobile-holder).'),
    lookupFailed: z.number().describe('Left OTHER; the next backfill, or the next call from the number, tries again.'),
    changedMeanwhile: z.number().describe('Edited by someone else while the backfill looked: left as edited.'),
    paidLookups: z.number(),
  }),
  startedBy: z.string(),
  startedAt: z.string(),
  updatedAt: z.string(),
  finishedAt: z.string().optional(),
  failure: z.string().optional(),
});
export const identificationSwitchResponse = identificationSettingResponse.extend({
  backfill: identificationBackfillResponse.optional().describe('The backfill this switch started (off → on) or stopped (on → off); absent when it did neither.'),
});

export const acceptMatchBody = z.strictObject({ survivorContactId: id.describe('The contact of the pair that stays; the other is merged into it.') });
export const mergeBody = z.strictObject({ mergedContactId: id.describe('The contact merged into this one: it answers with a redirect afterwards.') });
export const mergeParams = z.object({ mergedContactId: id });
export const mergeResponse = z.object({
  mergedId: z.string(),
  survivorId: z.string(),
  matchId: z.string().optional(),
  step: z.enum(['numbers', 'interactions', 'enrolments', 'possible-matches', 'completed']).describe('What the merge does next; `completed` when done. Asking for the merge again resumes it.'),
  mergedNumbers: z.array(z.string()).describe('The merged contact\'s numbers: every one is on the survivor once `step` is past `numbers`.'),
  moved: z.object({ interactions: z.number(), enrolments: z.number(), possibleMatches: z.number() }),
  actor: z.string(),
  startedAt: z.string(),
  updatedAt: z.string(),
});

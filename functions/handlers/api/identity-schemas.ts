// Request and response schemas of the identity routes: interactions, possible matches, the identification setting.
import { z } from 'zod';

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
export const identificationSettingResponse = z.object({ enabled: z.boolean(), version: z.number(), updatedAt: z.string().optional() });

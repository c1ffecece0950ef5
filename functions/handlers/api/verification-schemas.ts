// Request and response schemas of the verification routes (one-time codes by SMS).
import { z } from 'zod';

export { numberParams } from './consent-schemas.ts';

export const checkCodeBody = z.strictObject({
  code: z.string().min(1).max(32).describe('The 6 digits received; spaces and dashes are ignored.'),
});

// Responses.
export const sentCodeResponse = z.object({
  number: z.string(),
  expiresAt: z.string().describe('When the code stops working: 10 minutes after it was sent.'),
  remainingSends: z.number().describe('Codes this number can still be sent in the rolling 10 minutes.'),
});
export const verifiedResponse = z.object({ number: z.string(), result: z.literal('verified'), verifiedAt: z.string() });
export const verificationErrorResponse = z.object({
  error: z.string().describe('wrong_code, malformed_code, code_expired, no_code, too_many_requests, service_unavailable…'),
  message: z.string(),
  remainingChecks: z.number().optional().describe('Checks left on the live code.'),
  limit: z.string().optional().describe('429: send_limit or check_limit.'),
  retryAt: z.string().optional().describe('429 send_limit: when the next code can be sent (also as Retry-After).'),
});

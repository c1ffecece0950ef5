// Response schemas of erasure and export: what goes, what stays, and everything kept about one contact.
import { z } from 'zod';
import { historyPageResponse } from './campaign-schemas.ts';
import { consentStateResponse, ledgerEntryResponse } from './consent-schemas.ts';
import { contactResponse } from './schemas.ts';

export const erasureResponse = z.object({
  contactId: z.string(),
  numbersErased: z.number().describe('Numbers no other contact holds: their consent state is gone.'),
  numbersSuppressed: z.number().describe('Of those, numbers that had opted out: a hashed suppression keeps them from being used again without new consent.'),
  numbersKeptForOtherHolders: z.number().describe('Numbers another contact still holds: consent is per number, so their state stays.'),
  interactionsErased: z.number().describe("The contact's inbound calls and SMS, deleted with it."),
});

export const contactExportResponse = z.object({
  contact: contactResponse,
  numbers: z.array(
    z.object({
      number: z.string(),
      state: consentStateResponse.nullable(),
      preferences: consentStateResponse.shape.preferences.nullable(),
      ledger: z.array(ledgerEntryResponse).describe('Every entry of the number, oldest first.'),
    }),
  ),
  campaigns: z
    .array(z.object({ campaignId: z.string(), campaignName: z.string(), history: historyPageResponse.shape.items }))
    .describe("The existing campaigns that called the contact, with the History of its calls; a deleted campaign's History is not found."),
  exportedAt: z.string(),
});

// Request and response schemas of the HTTP API: validation in the handlers and the OpenAPI document both come from here.
import { z } from 'zod';
import { phoneKinds } from '#domain/contact';

const id = z.string().min(1).max(100);
const text = (max: number) => z.string().max(max);
const version = z.number().int().min(1).describe('The version you read; a stale version gets 409 and nothing is written.');

export const itemTypeBody = z.strictObject({
  name: text(100).min(1),
  orderBy: z.number().int().min(1).max(1_000_000).describe('1 dials first; ties are broken by name.'),
  colour: z.string().regex(/^#[0-9a-fA-F]{6}$/, 'must be a colour like #1f77b4').optional(),
  description: text(500).optional(),
});
export const itemTypeUpdateBody = itemTypeBody.extend({ version });

export const phoneBody = z.strictObject({
  number: text(40).min(1).describe('Any common notation; stored in E.164.'),
  kind: z.enum(phoneKinds).optional().describe('Default OTHER. MOBILE numbers belong to one contact only.'),
  itemTypeId: id.optional().describe('Additional phones only: the contact item type.'),
  description: text(500).optional(),
});
const primaryPhoneBody = phoneBody.omit({ itemTypeId: true });

export const contactBody = z.strictObject({
  displayName: text(200).min(1),
  externalId: text(200).min(1).optional(),
  emails: z.array(z.email()).max(20).optional(),
  customFields: z.record(z.string().min(1).max(100), z.union([text(2000), z.number(), z.boolean()])).optional(),
  primaryPhone: primaryPhoneBody,
  additionalPhones: z.array(phoneBody).max(20).optional(),
});
export const contactReplaceBody = contactBody.extend({ version });
export const phoneAddBody = phoneBody.extend({ version: version.optional() });
export const phoneEditBody = phoneBody.omit({ number: true }).extend({ version: version.optional() });
export const versionQuery = z.strictObject({ version: z.coerce.number().int().min(1).optional() });

export const contactParams = z.object({ contactId: id });
export const phoneParams = z.object({ contactId: id, number: text(40).min(1) });
export const itemTypeParams = z.object({ itemTypeId: id });
export const importParams = z.object({ importId: id });

const limit = z.coerce.number().int().min(1).max(100).default(25);
export const pageQuery = z.strictObject({ limit, cursor: z.string().max(2000).optional() });
export const contactListQuery = pageQuery.extend({ phone: text(40).min(1).optional().describe('Only the contacts holding this number.') });

const columnHeader = text(200).min(1);
export const importBody = z.strictObject({
  fileName: text(300).optional(),
  delimiter: z.enum([',', ';', '\t', '|']).optional().describe('Found from the header line when absent.'),
  mapping: z
    .strictObject({
      displayName: columnHeader.optional(),
      externalId: columnHeader.optional(),
      primaryPhone: columnHeader.optional(),
      primaryKind: columnHeader.optional(),
      primaryDescription: columnHeader.optional(),
      emails: columnHeader.optional(),
      additionalPhones: z
        .array(z.strictObject({ column: columnHeader, itemType: text(100).optional(), kindColumn: columnHeader.optional(), descriptionColumn: columnHeader.optional() }))
        .max(20)
        .optional(),
      customFields: z.record(z.string().min(1).max(100), columnHeader).optional(),
    })
    .optional()
    .describe('Which column feeds which field. Without it, headers are read: Name, Primary phone, Primary kind, External id, Email, and one column per item type.'),
});

// Responses: documented in OpenAPI; the presenters build them.
const itemTypeRef = z.object({ id, name: z.string(), orderBy: z.number(), colour: z.string().optional() });
export const itemTypeResponse = z.object({ id, name: z.string(), orderBy: z.number(), colour: z.string().optional(), description: z.string().optional(), version: z.number() });
export const itemTypeDeletionResponse = z.object({ deleted: itemTypeResponse, phonesLeftUntyped: z.number(), notice: z.string() });
const phoneResponse = z.object({
  number: z.string(),
  kind: z.enum(phoneKinds),
  itemType: itemTypeRef.nullable(),
  description: z.string().optional(),
  lineType: z.string(),
  lineTypeSource: z.enum(['metadata', 'lookup']),
  lineTypeCheckedAt: z.string(),
});
export const contactResponse = z.object({
  id,
  externalId: z.string().optional(),
  displayName: z.string(),
  emails: z.array(z.string()),
  customFields: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])),
  primaryPhone: phoneResponse,
  additionalPhones: z.array(phoneResponse),
  dialOrder: z.array(z.object({ position: z.number(), number: z.string(), label: z.string() })).describe('The order a campaign dials these phones.'),
  version: z.number(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export const contactPageResponse = z.object({ items: z.array(contactResponse), cursor: z.string().optional() });
const counts = z.object({ rowsRead: z.number(), created: z.number(), updated: z.number(), unchanged: z.number(), rejected: z.number() });
export const importResponse = z.object({
  id,
  status: z.enum(['AWAITING_UPLOAD', 'RUNNING', 'COMPLETED', 'FAILED']),
  fileName: z.string().optional(),
  counts,
  bytesRead: z.number(),
  totalBytes: z.number().optional(),
  ignoredColumns: z.array(z.string()),
  failureReason: z.string().optional(),
  createdAt: z.string(),
  finishedAt: z.string().optional(),
});
export const startedImportResponse = importResponse.extend({ uploadUrl: z.string().describe('PUT the CSV file here (text/csv) within 15 minutes.') });
export const rejectionPageResponse = z.object({
  items: z.array(z.object({ line: z.number(), column: z.string().optional(), reason: z.string(), value: z.string().optional() })),
  cursor: z.string().optional(),
});
export const errorResponse = z.object({ error: z.string(), message: z.string(), field: z.string().optional(), reason: z.string().optional() });

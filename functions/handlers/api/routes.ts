// The HTTP API's routes: CDK makes one function per route from this list, the local runtime serves it,
// and the OpenAPI document is generated from it. Each handler module lives at functions/handlers/<handler>.handler.ts.
import type { ZodType } from 'zod';
import * as campaignSchemas from './campaign-schemas.ts';
import * as schemas from './schemas.ts';

export type TableAccess = 'read' | 'readWrite';

export interface RouteDefinition {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** API Gateway syntax: /contacts/{contactId} */
  path: string;
  handler: string;
  summary: string;
  request?: { body?: ZodType; query?: ZodType; params?: ZodType };
  responses: Record<number, { description: string; schema?: ZodType }>;
  /** What the function may do, and nothing more: CDK grants exactly this. */
  access: {
    contacts?: TableAccess;
    dialer?: TableAccess;
    importFiles?: 'presignUpload';
    /** Campaign schedules, the campaign starter and stopping executions. */
    campaignControl?: true;
    /** Resuming an execution waiting on a call task; `dial` also places calls through the telephony back ends. */
    callControl?: 'resume' | 'dial';
  };
}

const invalid = { description: 'Invalid input: the body says which field and why', schema: schemas.errorResponse };
const notFound = { description: 'No such resource', schema: schemas.errorResponse };
const conflict = { description: 'Conflict: a mobile number held by another contact, a taken name, or a stale version', schema: schemas.errorResponse };
const campaignConflict = { description: 'Conflict: a stale version, a campaign already running, an import not completed', schema: schemas.errorResponse };
const previewConflict = { description: 'Conflict: the offer was taken already, no line is free (the offer stays), or it is offered again', schema: schemas.errorResponse };
const { campaignParams: params } = campaignSchemas;

export const apiRoutes: RouteDefinition[] = [
  { method: 'GET', path: '/openapi.json', handler: 'api/get-openapi', summary: 'This API described as OpenAPI 3.1', responses: { 200: { description: 'The document' } }, access: {} },

  { method: 'POST', path: '/item-types', handler: 'api/item-types/create-item-type', summary: 'Create a contact item type', request: { body: schemas.itemTypeBody }, responses: { 201: { description: 'Created', schema: schemas.itemTypeResponse }, 400: invalid, 409: conflict }, access: { contacts: 'readWrite' } },
  { method: 'GET', path: '/item-types', handler: 'api/item-types/list-item-types', summary: 'List contact item types in dial priority', responses: { 200: { description: 'The types', schema: schemas.itemTypeResponse.array() } }, access: { contacts: 'read' } },
  { method: 'GET', path: '/item-types/{itemTypeId}', handler: 'api/item-types/get-item-type', summary: 'Read a contact item type', request: { params: schemas.itemTypeParams }, responses: { 200: { description: 'The type', schema: schemas.itemTypeResponse }, 404: notFound }, access: { contacts: 'read' } },
  { method: 'PUT', path: '/item-types/{itemTypeId}', handler: 'api/item-types/update-item-type', summary: 'Update a contact item type', request: { params: schemas.itemTypeParams, body: schemas.itemTypeUpdateBody }, responses: { 200: { description: 'Updated', schema: schemas.itemTypeResponse }, 400: invalid, 404: notFound, 409: conflict }, access: { contacts: 'readWrite' } },
  { method: 'DELETE', path: '/item-types/{itemTypeId}', handler: 'api/item-types/delete-item-type', summary: 'Delete a contact item type; its phones become untyped and dial last', request: { params: schemas.itemTypeParams }, responses: { 200: { description: 'Deleted, with how many phones are now untyped', schema: schemas.itemTypeDeletionResponse }, 404: notFound }, access: { contacts: 'readWrite' } },

  { method: 'POST', path: '/contacts', handler: 'api/contacts/create-contact', summary: 'Create a contact', request: { body: schemas.contactBody }, responses: { 201: { description: 'Created', schema: schemas.contactResponse }, 400: invalid, 409: conflict }, access: { contacts: 'readWrite' } },
  { method: 'GET', path: '/contacts', handler: 'api/contacts/list-contacts', summary: 'List contacts, or find the contacts holding a number (?phone=)', request: { query: schemas.contactListQuery }, responses: { 200: { description: 'A page of contacts', schema: schemas.contactPageResponse }, 400: invalid }, access: { contacts: 'read' } },
  { method: 'GET', path: '/contacts/{contactId}', handler: 'api/contacts/get-contact', summary: 'Read a contact with its phones in dial order', request: { params: schemas.contactParams }, responses: { 200: { description: 'The contact', schema: schemas.contactResponse }, 404: notFound }, access: { contacts: 'read' } },
  { method: 'PUT', path: '/contacts/{contactId}', handler: 'api/contacts/replace-contact', summary: 'Replace a contact (optimistic concurrency on version)', request: { params: schemas.contactParams, body: schemas.contactReplaceBody }, responses: { 200: { description: 'Replaced', schema: schemas.contactResponse }, 400: invalid, 404: notFound, 409: conflict }, access: { contacts: 'readWrite' } },
  { method: 'DELETE', path: '/contacts/{contactId}', handler: 'api/contacts/delete-contact', summary: 'Delete a contact and release its numbers', request: { params: schemas.contactParams }, responses: { 204: { description: 'Deleted' }, 404: notFound }, access: { contacts: 'readWrite' } },
  { method: 'POST', path: '/contacts/{contactId}/phones', handler: 'api/contacts/add-phone', summary: 'Add an additional phone', request: { params: schemas.contactParams, body: schemas.phoneAddBody }, responses: { 200: { description: 'The contact', schema: schemas.contactResponse }, 400: invalid, 404: notFound, 409: conflict }, access: { contacts: 'readWrite' } },
  { method: 'PUT', path: '/contacts/{contactId}/phones/{number}', handler: 'api/contacts/edit-phone', summary: 'Edit a phone (kind, item type, description)', request: { params: schemas.phoneParams, body: schemas.phoneEditBody }, responses: { 200: { description: 'The contact', schema: schemas.contactResponse }, 400: invalid, 404: notFound, 409: conflict }, access: { contacts: 'readWrite' } },
  { method: 'DELETE', path: '/contacts/{contactId}/phones/{number}', handler: 'api/contacts/remove-phone', summary: 'Remove an additional phone', request: { params: schemas.phoneParams, query: schemas.versionQuery }, responses: { 200: { description: 'The contact', schema: schemas.contactResponse }, 400: invalid, 404: notFound, 409: conflict }, access: { contacts: 'readWrite' } },

  { method: 'POST', path: '/imports', handler: 'api/imports/start-import', summary: 'Start a CSV import: returns the address to PUT the file to', request: { body: schemas.importBody }, responses: { 201: { description: 'The import, awaiting its file', schema: schemas.startedImportResponse }, 400: invalid }, access: { contacts: 'readWrite', importFiles: 'presignUpload' } },
  { method: 'GET', path: '/imports/{importId}', handler: 'api/imports/get-import', summary: 'Status and counts of an import', request: { params: schemas.importParams }, responses: { 200: { description: 'The import', schema: schemas.importResponse }, 404: notFound }, access: { contacts: 'read' } },
  { method: 'GET', path: '/imports/{importId}/rejections', handler: 'api/imports/list-import-rejections', summary: 'The rows an import rejected, with line, column and reason', request: { params: schemas.importParams, query: schemas.pageQuery }, responses: { 200: { description: 'A page of rejections', schema: schemas.rejectionPageResponse }, 404: notFound }, access: { contacts: 'read' } },

  { method: 'POST', path: '/campaigns', handler: 'api/campaigns/create-campaign', summary: 'Create a campaign (settings default to XCALLY\'s; a schedule creates its EventBridge schedule)', request: { body: campaignSchemas.campaignBody }, responses: { 201: { description: 'Created', schema: campaignSchemas.campaignResponse }, 400: invalid }, access: { dialer: 'readWrite', campaignControl: true } },
  { method: 'GET', path: '/campaigns', handler: 'api/campaigns/list-campaigns', summary: 'List campaigns in creation order', request: { query: campaignSchemas.campaignPageQuery }, responses: { 200: { description: 'A page of campaigns', schema: campaignSchemas.campaignPageResponse }, 400: invalid }, access: { dialer: 'read' } },
  { method: 'GET', path: '/campaigns/{campaignId}', handler: 'api/campaigns/get-campaign', summary: 'Read a campaign with its latest run and next scheduled start', request: { params }, responses: { 200: { description: 'The campaign', schema: campaignSchemas.campaignResponse }, 404: notFound }, access: { dialer: 'read' } },
  { method: 'PUT', path: '/campaigns/{campaignId}', handler: 'api/campaigns/update-campaign', summary: 'Update a campaign: settings merged, schedule replaced or removed (optimistic concurrency on version)', request: { params, body: campaignSchemas.campaignUpdateBody }, responses: { 200: { description: 'Updated', schema: campaignSchemas.campaignResponse }, 400: invalid, 404: notFound, 409: campaignConflict }, access: { dialer: 'readWrite', campaignControl: true } },
  { method: 'DELETE', path: '/campaigns/{campaignId}', handler: 'api/campaigns/delete-campaign', summary: 'Delete a campaign: its executions are stopped and its schedule removed; History and Final stay', request: { params }, responses: { 200: { description: 'Deleted', schema: campaignSchemas.campaignDeletionResponse }, 404: notFound, 409: campaignConflict }, access: { dialer: 'readWrite', campaignControl: true } },
  { method: 'POST', path: '/campaigns/{campaignId}/contacts', handler: 'api/campaigns/enrol-contacts', summary: 'Enrol contacts by id, or every contact of a completed import', request: { params, body: campaignSchemas.enrolmentBody }, responses: { 200: { description: 'What was enrolled', schema: campaignSchemas.enrolmentResponse }, 400: invalid, 404: notFound, 409: campaignConflict }, access: { dialer: 'readWrite', contacts: 'read' } },
  { method: 'POST', path: '/campaigns/{campaignId}/start', handler: 'api/campaigns/start-campaign-now', summary: 'Start a new run now: one execution per enrolled contact', request: { params }, responses: { 202: { description: 'Running: the starter starts the executions', schema: campaignSchemas.campaignResponse }, 404: notFound, 409: campaignConflict }, access: { dialer: 'readWrite', campaignControl: true } },
  { method: 'POST', path: '/campaigns/{campaignId}/stop', handler: 'api/campaigns/stop-campaign', summary: 'Stop a campaign: every execution is stopped and nothing new starts', request: { params }, responses: { 200: { description: 'Stopped', schema: campaignSchemas.stoppedCampaignResponse }, 404: notFound }, access: { dialer: 'readWrite', campaignControl: true } },
  { method: 'GET', path: '/campaigns/{campaignId}/history', handler: 'api/campaigns/list-campaign-history', summary: 'History: one row per dialled call, in campaign time', request: { params, query: campaignSchemas.historyQuery }, responses: { 200: { description: 'A page of History', schema: campaignSchemas.historyPageResponse }, 400: invalid, 404: notFound }, access: { dialer: 'read' } },
  { method: 'GET', path: '/campaigns/{campaignId}/history.csv', handler: 'api/campaigns/export-campaign-history', summary: 'History as CSV (formula-safe cells); a longer History continues with the x-next-cursor header', request: { params, query: campaignSchemas.historyCsvQuery }, responses: { 200: { description: 'text/csv' }, 400: invalid, 404: notFound }, access: { dialer: 'read' } },
  { method: 'GET', path: '/campaigns/{campaignId}/final', handler: 'api/campaigns/list-campaign-final', summary: 'Final: one row per closed contact', request: { params, query: campaignSchemas.campaignPageQuery }, responses: { 200: { description: 'A page of Final', schema: campaignSchemas.finalPageResponse }, 400: invalid, 404: notFound }, access: { dialer: 'read' } },
  { method: 'GET', path: '/campaigns/{campaignId}/preview', handler: 'api/campaigns/list-preview-offers', summary: 'Preview: the calls offered to agents, oldest first, each with the number the strategy chose and a notice saying so', request: { params, query: campaignSchemas.campaignPageQuery }, responses: { 200: { description: 'A page of offers (none while the campaign is not running)', schema: campaignSchemas.previewPageResponse }, 400: invalid, 404: notFound }, access: { dialer: 'read', contacts: 'read' } },
  { method: 'POST', path: '/campaigns/{campaignId}/preview/{contactId}/accept', handler: 'api/campaigns/accept-preview-offer', summary: "Accept the contact's offer: its number is dialled (no other), and the outcome arrives as any call's", request: { params: campaignSchemas.previewOfferParams }, responses: { 202: { description: 'Taken and dialled', schema: campaignSchemas.acceptedOfferResponse }, 404: notFound, 409: previewConflict }, access: { dialer: 'readWrite', callControl: 'dial' } },
  { method: 'POST', path: '/campaigns/{campaignId}/preview/{contactId}/reject', handler: 'api/campaigns/reject-preview-offer', summary: "Reject the contact's offer: AGENT_REJECT is counted against that number and the contact goes on", request: { params: campaignSchemas.previewOfferParams, body: campaignSchemas.previewRejectBody }, responses: { 200: { description: 'Recorded, with what comes next', schema: campaignSchemas.rejectedOfferResponse }, 400: invalid, 404: notFound, 409: previewConflict }, access: { dialer: 'readWrite', callControl: 'resume' } },
];

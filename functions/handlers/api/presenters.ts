// Domain objects → API responses.
import type { Phone } from '#domain/contact';
import type { FinalRow, HistoryRow } from '#domain/dialer/workflow-data';
import type { CampaignView } from '#domain/use-cases/campaigns/campaigns';
import { dialOrder } from '#domain/dial-order';
import type { ImportJob } from '#domain/import/import-job';
import type { ItemType } from '#domain/item-type';
import type { ItemTypeDeletion } from '#domain/use-cases/item-types';
import type { ContactView } from '#domain/use-cases/contacts';
import { offeredPhone, previewNotice, type PreviewOffer } from '#domain/dialer/preview-offer';
import type { AcceptedOffer, PreviewListItem, RejectedOffer } from '#domain/use-cases/dialer/preview';
import type { IdentificationBackfill } from '#domain/identity/identification-backfill';

export function presentItemType(itemType: ItemType) {
  return { id: itemType.id, name: itemType.name, orderBy: itemType.orderBy, colour: itemType.colour, description: itemType.description, version: itemType.version };
}

export function presentItemTypeDeletion({ deleted, phonesLeftUntyped }: ItemTypeDeletion) {
  const notice =
    phonesLeftUntyped === 0
      ? 'No phone had this type.'
      : `${phonesLeftUntyped} phone(s) had this type: they are untyped now and will be dialled after every typed additional phone.`;
  return { deleted: presentItemType(deleted), phonesLeftUntyped, notice };
}

export function presentContact({ contact, itemTypes }: ContactView) {
  const typesById = new Map(itemTypes.map((type) => [type.id, type]));
  const phone = (p: Phone) => {
    const itemType = p.itemTypeId === undefined ? undefined : typesById.get(p.itemTypeId);
    return {
      number: p.number,
      kind: p.kind,
      itemType: itemType ? { id: itemType.id, name: itemType.name, orderBy: itemType.orderBy, colour: itemType.colour } : null,
      description: p.description,
      lineType: p.lineType,
      lineTypeSource: p.lineTypeSource,
      lineTypeCheckedAt: p.lineTypeCheckedAt,
    };
  };
  return {
    id: contact.id,
    externalId: contact.externalId,
    displayName: contact.displayName,
    emails: contact.emails,
    customFields: contact.customFields,
    primaryPhone: phone(contact.primaryPhone),
    additionalPhones: contact.additionalPhones.map(phone),
    dialOrder: dialOrder(contact, itemTypes).map((entry, index) => ({ position: index + 1, number: entry.phone.number, label: entry.label })),
    version: contact.version,
    createdAt: contact.createdAt,
    updatedAt: contact.updatedAt,
  };
}

export function presentImport(job: ImportJob) {
  return {
    id: job.id,
    status: job.status,
    fileName: job.fileName,
    counts: job.counts,
    bytesRead: job.bytesRead,
    totalBytes: job.totalBytes,
    ignoredColumns: job.ignoredColumns,
    failureReason: job.failureReason,
    createdAt: job.createdAt,
    finishedAt: job.finishedAt,
  };
}

export function presentCampaign({ campaign, run, nextStartAt }: CampaignView) {
  return {
    id: campaign.id,
    name: campaign.name,
    status: campaign.status,
    settings: campaign.settings,
    schedule: campaign.schedule ?? null,
    nextStartAt,
    run: run ? { id: run.runId, trigger: run.trigger, status: run.status, counts: run.counts, startedAt: run.startedAt, updatedAt: run.updatedAt } : null,
    version: campaign.version,
    createdAt: campaign.createdAt,
    updatedAt: campaign.updatedAt,
  };
}

export function presentHistoryRow(row: HistoryRow) {
  return {
    contactId: row.contactId,
    attemptId: row.attemptId,
    phone: row.phone,
    label: row.label,
    itemTypeId: row.itemTypeId,
    round: row.round,
    status: row.status,
    cause: row.cause,
    startedAt: row.startedAt,
    endedAt: row.endedAt,
    counters: row.counters,
  };
}

export function presentFinalRow(row: FinalRow) {
  return { contactId: row.contactId, runId: row.runId, phone: row.phone, label: row.label, itemTypeId: row.itemTypeId, status: row.status, reason: row.reason, counters: row.counters, closedAt: row.closedAt };
}

function presentOfferedCall(offer: PreviewOffer) {
  const phone = offeredPhone(offer);
  return { contactId: offer.workflow.contactId, attemptId: offer.attemptId, phone: phone.number, label: phone.label, itemTypeId: phone.itemTypeId };
}

export function presentPreviewOffer({ offer, displayName, acceptBy }: PreviewListItem) {
  const phone = offeredPhone(offer);
  return {
    ...presentOfferedCall(offer),
    displayName,
    description: phone.description,
    round: offer.workflow.dial.round,
    counters: phone.counters,
    offeredAt: offer.offeredAt,
    acceptBy,
    notice: previewNotice,
  };
}

export function presentAcceptedOffer({ offer, result }: AcceptedOffer) {
  return { ...presentOfferedCall(offer), call: result };
}

export function presentRejectedOffer({ offer, history, next }: RejectedOffer) {
  const nextStep = next.kind === 'call' ? { kind: next.kind, at: next.at, label: offer.workflow.dial.phones[next.phoneIndex]!.label } : { kind: next.kind, at: next.at, reason: next.reason };
  return { ...presentOfferedCall(offer), status: 'AGENT_REJECT' as const, counters: history.counters, next: nextStep };
}

/** The cursor is the worker's own: where its next page starts. */
export function presentBackfill({ cursor: _cursor, ...backfill }: IdentificationBackfill) {
  return backfill;
}

// A contact write as transaction items, each with what its failed condition would mean.
import type { Contact } from '#domain/contact';
import { contactsTable } from '#shared/tables';
import type { TransactItem } from './transactions.ts';
import { contactKey, externalIdClaimKey, holderItemsOf, holderKey, mobileClaimKey, mobileNumbersOf, redirectKey, toContactItem } from './contact-items.ts';

/** Why a condition of a contact write can fail. */
export type ConditionMeaning =
  | { type: 'contact-exists'; id: string }
  | { type: 'stale-version'; id: string; version: number }
  | { type: 'mobile-taken'; number: string }
  | { type: 'external-id-taken'; externalId: string }
  | { type: 'none' };

export interface PlannedItem {
  item: TransactItem;
  /** "pk|sk": a transaction may touch an item once only. */
  itemKey: string;
  meaning: ConditionMeaning;
}

interface Condition {
  expression: string;
  values?: Record<string, unknown>;
  names?: Record<string, string>;
}

const { partitionKey: pk, sortKey: sk } = contactsTable;
const keyOf = (key: Record<string, unknown>) => `${String(key[pk])}|${String(key[sk])}`;

/**
 * The items that move a contact from `previous` (absent for a create) to `next` (absent for a delete):
 * the profile under a version condition, the holder items of added, changed and removed numbers, and the
 * mobile and external-id claims that may only be taken when free and only released by their holder.
 */
export function planContactWrite(tableName: string, previous: Contact | undefined, next: Contact | undefined): PlannedItem[] {
  const planned: PlannedItem[] = [];
  const id = (next ?? previous)!.id;
  const mine = { ':contactId': id };
  const conditionOf = (condition: Condition | undefined) =>
    condition && { ConditionExpression: condition.expression, ExpressionAttributeValues: condition.values, ExpressionAttributeNames: condition.names };
  const put = (item: Record<string, unknown>, condition?: Condition, meaning: ConditionMeaning = { type: 'none' }) =>
    planned.push({ itemKey: keyOf(item), meaning, item: { Put: { TableName: tableName, Item: item, ...conditionOf(condition) } } });
  const remove = (key: Record<string, unknown>, condition?: Condition, meaning: ConditionMeaning = { type: 'none' }) =>
    planned.push({ itemKey: keyOf(key), meaning, item: { Delete: { TableName: tableName, Key: key, ...conditionOf(condition) } } });

  const sameVersion: Condition | undefined = previous && { expression: '#contact.version = :version', names: { '#contact': 'contact' }, values: { ':version': previous.version } };
  const stale: ConditionMeaning = { type: 'stale-version', id, version: previous?.version ?? 0 };
  if (previous === undefined) put(toContactItem(next!), { expression: `attribute_not_exists(${pk})` }, { type: 'contact-exists', id });
  else if (next === undefined) remove(contactKey(id), sameVersion, stale);
  else put(toContactItem(next), sameVersion, stale);

  const before = previous ? holderItemsOf(previous) : new Map<string, Record<string, unknown>>();
  const after = next ? holderItemsOf(next) : new Map<string, Record<string, unknown>>();
  for (const [number, item] of after) if (JSON.stringify(before.get(number)) !== JSON.stringify(item)) put(item);
  for (const number of before.keys()) if (!after.has(number)) remove(holderKey(number, id));

  const mobilesBefore = mobileNumbersOf(previous);
  const mobilesAfter = mobileNumbersOf(next);
  // Take a claim only when free, release it only when ours: the same condition serves both.
  const claimIfFree: Condition = { expression: `attribute_not_exists(${pk}) OR contactId = :contactId`, values: mine };
  const releaseIfMine = claimIfFree;
  for (const number of mobilesAfter) if (!mobilesBefore.has(number)) put({ ...mobileClaimKey(number), contactId: id }, claimIfFree, { type: 'mobile-taken', number });
  for (const number of mobilesBefore) if (!mobilesAfter.has(number)) remove(mobileClaimKey(number), releaseIfMine);

  const externalBefore = previous?.externalId;
  const externalAfter = next?.externalId;
  if (externalAfter !== undefined && externalAfter !== externalBefore) {
    put({ ...externalIdClaimKey(externalAfter), contactId: id }, claimIfFree, { type: 'external-id-taken', externalId: externalAfter });
  }
  if (externalBefore !== undefined && externalBefore !== externalAfter) remove(externalIdClaimKey(externalBefore), releaseIfMine);
  return planned;
}

/**
 * A merge as one transaction: the survivor's write and the merged contact's delete, except that every claim the merged
 * contact held (its mobiles, its external id) is handed to the survivor instead of released and taken again — a claim
 * is never free for a moment, so no third contact can take a mobile mid-merge — and the merged id redirects. The merged
 * contact's external id passes to the survivor even when the survivor keeps its own: a re-import naming it lands there.
 */
export function planContactMerge(tableName: string, survivorBefore: Contact, survivorAfter: Contact, merged: Contact, at: string): PlannedItem[] {
  const handed = [...mobileNumbersOf(merged)].map(mobileClaimKey);
  if (merged.externalId !== undefined) handed.push(externalIdClaimKey(merged.externalId));
  const handedKeys = new Set(handed.map(keyOf));
  const kept = [...planContactWrite(tableName, survivorBefore, survivorAfter), ...planContactWrite(tableName, merged, undefined)].filter((planned) => !handedKeys.has(planned.itemKey));
  const stale: ConditionMeaning = { type: 'stale-version', id: merged.id, version: merged.version };
  const handovers = handed.map((key): PlannedItem => ({
    itemKey: keyOf(key),
    meaning: stale,
    item: { Put: { TableName: tableName, Item: { ...key, contactId: survivorAfter.id }, ConditionExpression: 'contactId = :merged', ExpressionAttributeValues: { ':merged': merged.id } } },
  }));
  const redirect = { ...redirectKey(merged.id), mergedInto: survivorAfter.id, mergedAt: at };
  return [...kept, ...handovers, { itemKey: keyOf(redirect), meaning: { type: 'none' }, item: { Put: { TableName: tableName, Item: redirect } } }];
}

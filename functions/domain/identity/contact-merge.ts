// Merging two contacts that are one person (DESIGN §3): what the survivor looks like afterwards, and how far a merge got.
import { allPhones, maxAdditionalPhones, strongerKind, type Contact, type Phone } from '../contact.ts';
import { ConflictError, InvalidInputError } from '../errors.ts';

/**
 * The survivor with everything the merged contact had: every number once (a number both hold keeps the stronger kind,
 * MOBILE over HOME/OFFICE over OTHER), the merged contact's other numbers after the survivor's own in their order, the
 * union of emails; the survivor's name, external id and fields win, the merged contact's fill what the survivor lacks.
 * Throws ConflictError when the union has more phones than one contact may hold: an agent removes some first.
 */
export function mergedSurvivor(survivor: Contact, merged: Contact, now: string): Contact {
  if (survivor.id === merged.id) throw new InvalidInputError('mergedContactId', 'a contact cannot be merged into itself');
  const byNumber = new Map<string, Phone>(allPhones(survivor).map((phone) => [phone.number, phone]));
  for (const phone of allPhones(merged)) {
    const kept = byNumber.get(phone.number);
    byNumber.set(phone.number, kept === undefined ? { ...phone } : combine(kept, phone));
  }
  const [primaryPhone, ...additionalPhones] = [...byNumber.values()];
  if (additionalPhones.length > maxAdditionalPhones) {
    throw new ConflictError(`the two contacts hold ${byNumber.size} numbers together; one contact holds at most ${maxAdditionalPhones + 1}: remove some first`, { survivorId: survivor.id, mergedId: merged.id });
  }
  return {
    ...survivor,
    // A contact an inbound call or SMS created is named by its number: a person's name is worth keeping over it.
    displayName: survivor.displayName === survivor.primaryPhone.number ? merged.displayName : survivor.displayName,
    externalId: survivor.externalId ?? merged.externalId,
    emails: [...new Set([...survivor.emails, ...merged.emails])],
    customFields: { ...merged.customFields, ...survivor.customFields },
    primaryPhone: primaryPhone!,
    additionalPhones,
    version: survivor.version + 1,
    updatedAt: now,
  };
}

/** One number both contacts hold: the survivor's entry, strengthened by what the merged contact knew of it. */
function combine(kept: Phone, other: Phone): Phone {
  const otherKnowsMore = other.lineTypeSource === 'lookup' && (kept.lineTypeSource !== 'lookup' || other.lineTypeCheckedAt > kept.lineTypeCheckedAt);
  return {
    ...kept,
    kind: strongerKind(kept.kind, other.kind),
    itemTypeId: kept.itemTypeId ?? other.itemTypeId,
    description: kept.description ?? other.description,
    ...(otherKnowsMore && { lineType: other.lineType, lineTypeSource: other.lineTypeSource, lineTypeCheckedAt: other.lineTypeCheckedAt }),
  };
}

/**
 * What the merge does next, in order. `numbers`: recorded, nothing moved yet. The numbers (with the profile, the claims
 * and the redirect) move in one transaction, so a number is always on exactly one of the two contacts; the steps after
 * move what hangs off the merged contact's id, each safe to repeat. `completed`: nothing left.
 */
export const mergeSteps = ['numbers', 'interactions', 'enrolments', 'possible-matches', 'completed'] as const;
export type MergeStep = (typeof mergeSteps)[number];

export function stepAfter(step: Exclude<MergeStep, 'completed'>): MergeStep {
  return mergeSteps[mergeSteps.indexOf(step) + 1]!;
}

/** A merge's own record, kept under the merged contact's id: a contact is merged away once. */
export interface ContactMerge {
  mergedId: string;
  survivorId: string;
  /** The possible match an agent accepted, when the merge came from one. */
  matchId: string | undefined;
  step: MergeStep;
  /** The merged contact's numbers as they moved (as planned, until they have): every one is on the survivor after. */
  mergedNumbers: string[];
  /** What the steps after the numbers moved. */
  moved: { interactions: number; enrolments: number; possibleMatches: number };
  actor: string;
  startedAt: string;
  updatedAt: string;
}

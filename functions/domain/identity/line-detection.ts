// What an identification keeps on the phone it settles (DESIGN §3: "the result is kept on the phone"), so that the
// line type shows where it came from and a number a lookup settled is never looked up again.
import type { Contact, Phone } from '../contact.ts';
import type { LineType } from '../phone-number.ts';

/** An identification's answer, as identify-line gives it. */
export interface IdentifiedLine {
  /** undefined: nobody could tell this time. */
  mobile: boolean | undefined;
  lineType: LineType;
  source: 'metadata' | 'sms' | 'cache' | 'lookup' | 'failed';
  checkedAt?: string | undefined;
}

export type LineDetection = Pick<Phone, 'lineType' | 'lineTypeSource' | 'lineTypeCheckedAt'>;

/** What the phone keeps of an identification; undefined when it could not tell (the phone keeps what it had). */
export function detectionOf(identification: IdentifiedLine): LineDetection | undefined {
  if (identification.mobile === undefined || identification.checkedAt === undefined) return undefined;
  // A cached answer was paid for too, at its own time: the phone shows the lookup and when it was made.
  const lineTypeSource = identification.source === 'lookup' || identification.source === 'cache' ? 'lookup' : 'metadata';
  return { lineType: identification.lineType, lineTypeSource, lineTypeCheckedAt: identification.checkedAt };
}

/** A paid lookup settled this phone's line: asking again would only cost money. */
export function settledByLookup(phone: Pick<Phone, 'lineTypeSource'>): boolean {
  return phone.lineTypeSource === 'lookup';
}

/**
 * The contact with `number`'s identification kept on the phone, and the phone MOBILE when `upgradeToMobile`; the next
 * version, dated `now`. Undefined when nothing would change (a metadata answer that only re-dates what the metadata
 * said already, the same cached answer again) or the contact no longer holds the number.
 */
export function withIdentifiedLine(contact: Contact, number: string, detection: LineDetection, upgradeToMobile: boolean, now: string): Contact | undefined {
  const settle = (phone: Phone): Phone => ({ ...phone, ...detection, kind: upgradeToMobile ? 'MOBILE' : phone.kind });
  const phones = [contact.primaryPhone, ...contact.additionalPhones];
  const phone = phones.find((candidate) => candidate.number === number);
  if (phone === undefined) return undefined;
  if (!upgradeToMobile && sameDetection(phone, detection)) return undefined;
  const replace = (candidate: Phone): Phone => (candidate.number === number ? settle(candidate) : candidate);
  return { ...contact, primaryPhone: replace(contact.primaryPhone), additionalPhones: contact.additionalPhones.map(replace), version: contact.version + 1, updatedAt: now };
}

function sameDetection(phone: Phone, detection: LineDetection): boolean {
  if (phone.lineType !== detection.lineType || phone.lineTypeSource !== detection.lineTypeSource) return false;
  return detection.lineTypeSource === 'metadata' || phone.lineTypeCheckedAt === detection.lineTypeCheckedAt;
}

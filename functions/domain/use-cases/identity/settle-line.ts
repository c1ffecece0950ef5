// Keep an identification on the OTHER phone it settles, and make that phone MOBILE when it is a mobile: the one write
// the identification backfill and an inbound call share.
import { allPhones } from '../../contact.ts';
import { VersionConflictError } from '../../errors.ts';
import { withIdentifiedLine, type LineDetection } from '../../identity/line-detection.ts';
import type { Clock } from '#ports/clock';
import type { ContactRepository } from '#ports/contact-repository';

/** `changed-meanwhile`: the contact no longer holds the number as OTHER (edited, merged or deleted): left as it is. */
export type SettleOutcome = 'written' | 'unchanged' | 'changed-meanwhile';

const maxAttempts = 5;

/**
 * Read, change, write on the version read; on a version conflict read again and re-apply, so a concurrent edit is
 * never lost. Throws MobileNumberTakenError when `upgradeToMobile` and another contact holds the number as MOBILE: the
 * repository's conditional write, not a read, keeps a mobile number to one holder.
 */
export async function settleLine(deps: { contacts: ContactRepository; clock: Clock }, contactId: string, number: string, detection: LineDetection, upgradeToMobile: boolean): Promise<SettleOutcome> {
  for (let attempt = 1; ; attempt += 1) {
    const contact = await deps.contacts.get(contactId);
    const phone = contact && allPhones(contact).find((candidate) => candidate.number === number);
    if (contact === undefined || phone === undefined || phone.kind !== 'OTHER') return 'changed-meanwhile';
    const next = withIdentifiedLine(contact, number, detection, upgradeToMobile, deps.clock.now().toISOString());
    if (next === undefined) return 'unchanged';
    try {
      await deps.contacts.update(contact, next);
      return 'written';
    } catch (error) {
      if (!(error instanceof VersionConflictError) || attempt === maxAttempts) throw error;
    }
  }
}

// Erasing a contact (DESIGN §4): its data and phone claims go; a number that had opted out leaves a hashed suppression,
// so that it is never used again without new consent; the ledger, keyed by a digest of the number, stays as it is.
import { allPhones, type Contact } from '../../contact.ts';
import { hasWithdrawn } from '../../consent/consent-ledger.ts';
import { VersionConflictError } from '../../errors.ts';
import type { InteractionStore } from '#ports/interaction-store';
import type { ConsentDependencies } from './consent-dependencies.ts';
import { requireContact } from '../contact-lookup.ts';

export type ErasureDependencies = Pick<ConsentDependencies, 'contacts' | 'consent' | 'clock' | 'log'> & { interactions: Pick<InteractionStore, 'eraseForContact'> };

export interface ErasureReport {
  contactId: string;
  /** Numbers no other contact holds: their consent state is gone. */
  numbersErased: number;
  /** Of those, the numbers left with a hashed suppression (they had opted out of something). */
  numbersSuppressed: number;
  /** Numbers another contact still holds (a family landline): consent is per number, so their state stays. */
  numbersKeptForOtherHolders: number;
  /** The contact's inbound calls and SMS: they carry its number. */
  interactionsErased: number;
}

/** A contact edited while it is erased is read again: its new numbers must be erased too. */
const maxAttempts = 3;

/**
 * Resumable and idempotent: every number's suppression is written before the contact (with its holder items and
 * claims) is deleted, in one transaction, last. An erasure that failed half-way left the contact in place, so calling
 * it again finds every number and finishes; an erasure that finished left nothing, so calling it again is
 * NotFoundError (404), as for a contact that never existed. A suppression once written is never removed here.
 */
export async function eraseContact(deps: ErasureDependencies, contactId: string, actor: string): Promise<ErasureReport> {
  for (let attempt = 1; ; attempt += 1) {
    const contact = await requireContact(deps.contacts, contactId);
    const erased = await eraseNumbersOf(deps, contact);
    // Before the contact: a failure here leaves the contact, and erasing again finishes.
    const interactionsErased = await deps.interactions.eraseForContact(contact.id);
    try {
      await deps.contacts.delete(contact);
    } catch (error) {
      if (!(error instanceof VersionConflictError) || attempt === maxAttempts) throw error;
      continue;
    }
    const report: ErasureReport = { contactId, ...erased, interactionsErased };
    // The counts only: never a number in a log line.
    deps.log.info('contact erased', { ...report, actor });
    return report;
  }
}

async function eraseNumbersOf(deps: ErasureDependencies, contact: Contact): Promise<Omit<ErasureReport, 'contactId' | 'interactionsErased'>> {
  const numbers = allPhones(contact).map((phone) => phone.number);
  const holders = await Promise.all(numbers.map((number) => deps.contacts.findHolders(number)));
  const own = numbers.filter((_, index) => holders[index]!.every((holder) => holder.contactId === contact.id));
  // The do-not-call list plays no part here: an empty one spares reading its entries.
  const { facts } = await deps.consent.contactabilityInputs(own, []);
  const suppressedAt = deps.clock.now().toISOString();
  let numbersSuppressed = 0;
  for (const number of own) {
    const { state, suppression } = facts.get(number)!;
    const suppress = hasWithdrawn(state);
    await deps.consent.eraseNumber(state, number, suppress ? { suppressedAt } : undefined);
    // A suppression left by an earlier erasure (or by this one's first, failed attempt) stays and counts.
    if (suppress || suppression !== undefined) numbersSuppressed += 1;
  }
  return { numbersErased: own.length, numbersSuppressed, numbersKeptForOtherHolders: numbers.length - own.length };
}

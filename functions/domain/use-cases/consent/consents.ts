// Granting, withdrawing and reading consent, and a number's preferences: the API's consent use cases.
import { allPhones } from '../../contact.ts';
import { consentEntriesOf, type ConsentChangeRequest, type LedgerEntry, type NumberConsentState, type NumberPreferences } from '../../consent/consent-ledger.ts';
import { InvalidInputError } from '../../errors.ts';
import { normalisePhoneNumber } from '../../phone-number.ts';
import type { Page } from '#ports/contact-repository';
import type { ConsentDependencies } from './consent-dependencies.ts';
import { appendToLedger, updateState } from './ledger-append.ts';
import { requireContact } from '../contact-lookup.ts';

export interface ConsentChangeResult {
  entries: LedgerEntry[];
  state: NumberConsentState;
}

/** One ledger entry per channel and purpose, and the state they lead to, written together. */
export async function recordConsentChange(deps: ConsentDependencies, request: ConsentChangeRequest): Promise<ConsentChangeResult> {
  const number = normalisePhoneNumber(request.number, deps.defaultRegion).e164;
  if (request.contactId !== undefined) await requireHolder(deps, request.contactId, number);
  const now = deps.clock.now();
  const planned = consentEntriesOf({ ...request, number }, now, () => deps.ids.newId());
  const { appended, state } = await appendToLedger(deps.consent, number, now, () => planned);
  if (request.action === 'withdraw' && appended.length > 0) deps.metrics.count('OptOuts', { name: 'source', value: request.source });
  deps.log.info('consent recorded', { action: request.action, channels: request.channels, purposes: request.purposes, source: request.source, entries: appended.length, contactId: request.contactId });
  return { entries: appended, state };
}

export interface NumberLedger {
  number: string;
  state: NumberConsentState | undefined;
  entries: Page<LedgerEntry>;
}

export async function readNumberLedger(deps: ConsentDependencies, rawNumber: string, limit: number, cursor: string | undefined): Promise<NumberLedger> {
  const number = normalisePhoneNumber(rawNumber, deps.defaultRegion).e164;
  const [states, entries] = await Promise.all([deps.consent.getStates([number]), deps.consent.listLedger(number, limit, cursor)]);
  return { number, state: states.get(number), entries };
}

/** Every number of the contact with its state and whole ledger (a contact has at most 21 numbers). */
export async function readContactConsents(deps: ConsentDependencies, contactId: string): Promise<Array<{ number: string; state: NumberConsentState | undefined; entries: LedgerEntry[] }>> {
  const contact = await requireContact(deps.contacts, contactId);
  const numbers = allPhones(contact).map((phone) => phone.number);
  const states = await deps.consent.getStates(numbers);
  return Promise.all(numbers.map(async (number) => ({ number, state: states.get(number), entries: await wholeLedger(deps, number) })));
}

export async function wholeLedger(deps: Pick<ConsentDependencies, 'consent'>, number: string): Promise<LedgerEntry[]> {
  const entries: LedgerEntry[] = [];
  let cursor: string | undefined;
  do {
    const page = await deps.consent.listLedger(number, 500, cursor);
    entries.push(...page.items);
    cursor = page.cursor;
  } while (cursor !== undefined);
  return entries;
}

/** Preferences are the person's wishes, not consent: they change the state, not the ledger. */
export async function setPreferences(deps: ConsentDependencies, rawNumber: string, preferences: Partial<NumberPreferences>): Promise<NumberConsentState> {
  const number = normalisePhoneNumber(rawNumber, deps.defaultRegion).e164;
  if (preferences.welcomePurposes?.length === 0) throw new InvalidInputError('welcomePurposes', 'name at least one purpose, or leave it out to welcome every purpose consented to');
  return updateState(deps.consent, number, deps.clock.now(), (state) => ({ ...state, preferences: { ...state.preferences, ...preferences } }));
}

async function requireHolder(deps: ConsentDependencies, contactId: string, number: string): Promise<void> {
  const contact = await requireContact(deps.contacts, contactId);
  if (!allPhones(contact).some((phone) => phone.number === number)) throw new InvalidInputError('contactId', `contact ${contactId} does not hold this number`);
}

// Consent columns of an import: a cell lists what the person consented to, e.g. `voice`, `voice:service; sms:marketing`.
import { consentChannels, consentPurposes, type ConsentChannel, type ConsentPurpose } from '../consent/consent-ledger.ts';
import { InvalidInputError } from '../errors.ts';

export interface ConsentGrant {
  channel: ConsentChannel;
  purpose: ConsentPurpose;
}

const channels = new Set<string>(consentChannels);
const purposes = new Set<string>(consentPurposes);

/**
 * `channel` (every purpose) or `channel:purpose`, separated by `;`, `,`, `|` or spaces; an empty cell grants nothing.
 * Anything else rejects the row: a misread consent column must never become a consent.
 */
export function parseConsentCell(text: string, column: string): ConsentGrant[] {
  const grants = new Map<string, ConsentGrant>();
  for (const token of text.toLowerCase().split(/[;,|\s]+/).filter((part) => part !== '')) {
    const [channel, purpose, extra] = token.split(':');
    if (!channels.has(channel!) || extra !== undefined || (purpose !== undefined && !purposes.has(purpose))) {
      throw new InvalidInputError(column, `consent must list voice or sms, each optionally :${consentPurposes.join('|')} (e.g. "voice:service; sms")`);
    }
    for (const each of purpose === undefined ? consentPurposes : [purpose as ConsentPurpose]) grants.set(`${channel}:${each}`, { channel: channel as ConsentChannel, purpose: each });
  }
  return [...grants.values()];
}

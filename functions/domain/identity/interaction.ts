// An inbound interaction (DESIGN §3): a call or an SMS from a number, on the contact it landed on, or on nobody with
// the contacts it may belong to.
import type { InboundChannel } from './inbound-routing.ts';

export interface Interaction {
  /** From the provider's own id: the same event delivered twice is one interaction. */
  id: string;
  channel: InboundChannel;
  direction: 'inbound';
  number: string;
  at: string;
  contactId: string | undefined;
  /** Landed on nobody: the contacts holding the number, for an agent to pick or merge. */
  possibleContactIds: string[];
  provider: 'connect' | 'eum-sms' | 'local';
}

/** Two contacts that may be one person: suggested to an agent until merged or dismissed. */
export interface PossibleMatch {
  /** The two ids in order, joined: one match per pair. */
  id: string;
  contactIds: [string, string];
  reason: 'shared-number' | 'second-mobile-holder';
  number: string;
  suggestedAt: string;
}

export function possibleMatchesAmong(contactIds: readonly string[], number: string, reason: PossibleMatch['reason'], at: string): PossibleMatch[] {
  const ids = [...new Set(contactIds)].sort();
  return ids.flatMap((first, index) => ids.slice(index + 1).map((second) => ({ id: `${first}|${second}`, contactIds: [first, second] as [string, string], reason, number, suggestedAt: at })));
}

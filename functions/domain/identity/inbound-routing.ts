// Where an inbound call or SMS lands (DESIGN §3, the Gladly rules, with one improvement): on the number's MOBILE
// holder; on its only holder; on nobody when several contacts hold it (an agent picks or merges); or on a new contact.
import type { PhoneKind } from '../contact.ts';

export type InboundChannel = 'voice' | 'sms';

export interface NumberHolder {
  contactId: string;
  kind: PhoneKind;
}

export type InboundDecision =
  /**
   * `upgradeToMobile`: its only holder's OTHER becomes MOBILE (+ SMS), because an SMS proves the number is a mobile, or
   * because identification (on) says a calling number is one.
   */
  | { kind: 'land'; contactId: string; upgradeToMobile: boolean }
  | { kind: 'unassigned'; possibleContactIds: string[] }
  | { kind: 'create'; phoneKind: PhoneKind };

export interface IdentificationAnswer {
  /** The account setting (on by default). */
  enabled: boolean;
  /** What the identification said of the number: undefined when it could not tell (or was not asked). */
  mobile: boolean | undefined;
}

/**
 * Decides from the number's holders; `identification` is only asked for a number calling that is unknown, or that its
 * only holder has as OTHER (see mayIdentifyHeldNumber).
 */
export function decideInbound(channel: InboundChannel, holders: readonly NumberHolder[], identification?: IdentificationAnswer): InboundDecision {
  const mobileHolder = holders.find((holder) => holder.kind === 'MOBILE');
  if (mobileHolder) return { kind: 'land', contactId: mobileHolder.contactId, upgradeToMobile: false };
  if (holders.length === 1) return { kind: 'land', contactId: holders[0]!.contactId, upgradeToMobile: holders[0]!.kind === 'OTHER' && (channel === 'sms' || identifiedMobile(identification)) };
  if (holders.length > 1) return { kind: 'unassigned', possibleContactIds: [...new Set(holders.map((holder) => holder.contactId))].sort() };
  if (channel === 'sms') return { kind: 'create', phoneKind: 'MOBILE' };
  return { kind: 'create', phoneKind: identifiedMobile(identification) ? 'MOBILE' : 'OTHER' };
}

/** Whether an unknown number calling needs the identification asked (and so perhaps a paid lookup). */
export function needsIdentification(channel: InboundChannel, holders: readonly NumberHolder[]): boolean {
  return channel === 'voice' && holders.length === 0;
}

/**
 * Whether a known number calling may need the identification asked: its only holder has it as OTHER. The backfill's
 * rule, applied to the one number that calls; the caller asks only when no lookup has settled the phone's line yet (a
 * lookup that failed is tried again at the next call).
 */
export function mayIdentifyHeldNumber(channel: InboundChannel, holders: readonly NumberHolder[]): boolean {
  return channel === 'voice' && holders.length === 1 && holders[0]!.kind === 'OTHER';
}

function identifiedMobile(identification: IdentificationAnswer | undefined): boolean {
  return identification?.enabled === true && identification.mobile === true;
}

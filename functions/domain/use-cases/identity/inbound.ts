// An inbound call or SMS (DESIGN §3): find who holds the number (one read for a known number), land the interaction
// on the right contact — creating or upgrading one where the rules say so — and record it once.
import { allPhones, buildContact, type Contact } from '../../contact.ts';
import { ConflictError } from '../../errors.ts';
import { decideInbound, mayIdentifyHeldNumber, needsIdentification, type IdentificationAnswer, type InboundChannel, type InboundDecision, type NumberHolder } from '../../identity/inbound-routing.ts';
import { possibleMatchesAmong, type Interaction } from '../../identity/interaction.ts';
import { classifyLine } from '../../identity/line-classification.ts';
import { detectionOf, settledByLookup, type IdentifiedLine, type LineDetection } from '../../identity/line-detection.ts';
import { normalisePhoneNumber } from '../../phone-number.ts';
import type { InteractionStore } from '#ports/interaction-store';
import type { OperationsLog } from '#ports/operations-log';
import { editPhone } from '../contacts.ts';
import type { ContactDependencies } from '../dependencies.ts';
import { settleLine } from './settle-line.ts';

export interface InboundEvent {
  channel: InboundChannel;
  from: string;
  at: string;
  provider: Interaction['provider'];
  /** The provider's id of the call or message. */
  eventId: string;
}

export interface InboundDependencies extends ContactDependencies {
  interactions: InteractionStore;
  /**
   * Is this number a mobile? Asked only while identification is on, for a number calling that is unknown, or that its
   * only holder has as OTHER with a line no lookup has settled.
   */
  identifyLine: (e164: string) => Promise<IdentifiedLine>;
  log: OperationsLog;
}

export interface InboundOutcome {
  interaction: Interaction;
  decision: InboundDecision['kind'];
  createdContact: boolean;
  upgradedToMobile: boolean;
  duplicate: boolean;
}

/** Rounds of "someone else changed the number's holders meanwhile": each one reads them again. */
const maxRounds = 5;

export async function handleInbound(deps: InboundDependencies, event: InboundEvent): Promise<InboundOutcome> {
  const number = normalisePhoneNumber(event.from, deps.defaultRegion, 'from').e164;
  for (let round = 1; ; round += 1) {
    const holders = (await deps.contacts.findHolders(number)).map((holder) => ({ contactId: holder.contactId, kind: holder.kind }));
    const identification = await identificationFor(deps, event.channel, number, holders);
    const decision = decideInbound(event.channel, holders, identification);
    try {
      const landed = await act(deps, number, decision, round, identification?.detection);
      const interaction: Interaction = {
        id: `${event.provider}:${event.eventId}`,
        channel: event.channel,
        direction: 'inbound',
        number,
        at: event.at,
        contactId: landed.contactId,
        possibleContactIds: decision.kind === 'unassigned' ? decision.possibleContactIds : [],
        provider: event.provider,
      };
      const matches = decision.kind === 'unassigned' ? possibleMatchesAmong(decision.possibleContactIds, number, 'shared-number', deps.clock.now().toISOString()) : [];
      const duplicate = (await deps.interactions.record(interaction, matches)) === 'duplicate';
      deps.log.info('inbound interaction', { channel: event.channel, decision: decision.kind, contactId: landed.contactId, created: landed.created, upgraded: landed.upgraded, duplicate });
      return { interaction, decision: decision.kind, createdContact: landed.created, upgradedToMobile: landed.upgraded, duplicate };
    } catch (error) {
      // Another event created the contact or took the mobile first: read the holders again and land there.
      if (!(error instanceof ConflictError) || round >= maxRounds) throw error;
    }
  }
}

/** What identification said of the number, and what its phone keeps of that (undefined when it could not tell). */
type InboundIdentification = IdentificationAnswer & { detection: LineDetection | undefined };

async function identificationFor(deps: InboundDependencies, channel: InboundChannel, number: string, holders: readonly NumberHolder[]): Promise<InboundIdentification | undefined> {
  if (needsIdentification(channel, holders)) return identify(deps, number);
  // A number the metadata says is not a mobile is settled for free: no read of its holder, no lookup.
  if (!mayIdentifyHeldNumber(channel, holders) || classifyLine(number).verdict === 'not-mobile') return undefined;
  const phone = phoneOf(await deps.contacts.get(holders[0]!.contactId), number);
  return phone === undefined || settledByLookup(phone) ? undefined : identify(deps, number);
}

async function identify(deps: InboundDependencies, number: string): Promise<InboundIdentification> {
  const setting = await deps.interactions.getIdentificationSetting();
  if (!setting.enabled) return { enabled: false, mobile: undefined, detection: undefined };
  const line = await deps.identifyLine(number);
  return { enabled: true, mobile: line.mobile, detection: detectionOf(line) };
}

function phoneOf(contact: Contact | undefined, number: string) {
  return contact && allPhones(contact).find((phone) => phone.number === number);
}

async function act(deps: InboundDependencies, number: string, decision: InboundDecision, round: number, detection: LineDetection | undefined): Promise<{ contactId: string | undefined; created: boolean; upgraded: boolean }> {
  switch (decision.kind) {
    case 'unassigned':
      return { contactId: undefined, created: false, upgraded: false };
    case 'land':
      // The identification is kept on the phone (so a lookup's answer is never paid for again); an SMS needs none.
      if (detection !== undefined) await settleLine(deps, decision.contactId, number, detection, decision.upgradeToMobile);
      else if (decision.upgradeToMobile) await editPhone(deps, decision.contactId, number, { kind: 'MOBILE' });
      return { contactId: decision.contactId, created: false, upgraded: decision.upgradeToMobile };
    case 'create': {
      // One id per number: concurrent first events all try the same contact, one wins, the others land on it. Should
      // that id be taken by a contact that no longer holds the number, later rounds make a new one.
      const now = deps.clock.now().toISOString();
      const id = round <= 2 ? deps.ids.idFor(`inbound:${number}`) : deps.ids.newId();
      const built = buildContact(id, { displayName: number, primaryPhone: { number, kind: decision.phoneKind } }, { defaultRegion: deps.defaultRegion, knownItemTypeIds: new Set(), now });
      const contact = detection === undefined ? built : { ...built, primaryPhone: { ...built.primaryPhone, ...detection } };
      await deps.contacts.create(contact);
      return { contactId: contact.id, created: true, upgraded: false };
    }
  }
}

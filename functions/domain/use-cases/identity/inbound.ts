// An inbound call or SMS (DESIGN §3): find who holds the number (one read for a known number), land the interaction
// on the right contact — creating or upgrading one where the rules say so — and record it once.
import { buildContact } from '../../contact.ts';
import { ConflictError } from '../../errors.ts';
import { decideInbound, needsIdentification, type InboundChannel, type InboundDecision } from '../../identity/inbound-routing.ts';
import { possibleMatchesAmong, type Interaction } from '../../identity/interaction.ts';
import { normalisePhoneNumber } from '../../phone-number.ts';
import type { InteractionStore } from '#ports/interaction-store';
import type { OperationsLog } from '#ports/operations-log';
import { editPhone } from '../contacts.ts';
import type { ContactDependencies } from '../dependencies.ts';

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
  /** Is this number a mobile? Asked only for an unknown number calling while identification is on. */
  identifyLine: (e164: string) => Promise<{ mobile: boolean | undefined }>;
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
    const identification = needsIdentification(event.channel, holders) ? await identify(deps, number) : undefined;
    const decision = decideInbound(event.channel, holders, identification);
    try {
      const landed = await act(deps, number, decision, round);
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

async function identify(deps: InboundDependencies, number: string) {
  const setting = await deps.interactions.getIdentificationSetting();
  if (!setting.enabled) return { enabled: false, mobile: undefined };
  return { enabled: true, mobile: (await deps.identifyLine(number)).mobile };
}

async function act(deps: InboundDependencies, number: string, decision: InboundDecision, round: number): Promise<{ contactId: string | undefined; created: boolean; upgraded: boolean }> {
  switch (decision.kind) {
    case 'unassigned':
      return { contactId: undefined, created: false, upgraded: false };
    case 'land':
      if (decision.upgradeToMobile) await editPhone(deps, decision.contactId, number, { kind: 'MOBILE' });
      return { contactId: decision.contactId, created: false, upgraded: decision.upgradeToMobile };
    case 'create': {
      // One id per number: concurrent first events all try the same contact, one wins, the others land on it. Should
      // that id be taken by a contact that no longer holds the number, later rounds make a new one.
      const now = deps.clock.now().toISOString();
      const id = round <= 2 ? deps.ids.idFor(`inbound:${number}`) : deps.ids.newId();
      const contact = buildContact(id, { displayName: number, primaryPhone: { number, kind: decision.phoneKind } }, { defaultRegion: deps.defaultRegion, knownItemTypeIds: new Set(), now });
      await deps.contacts.create(contact);
      return { contactId: contact.id, created: true, upgraded: false };
    }
  }
}

// Reading interactions and possible matches, dismissing a match, and the identification setting (administrators).
import { NotFoundError } from '../../errors.ts';
import type { Interaction, PossibleMatch } from '../../identity/interaction.ts';
import type { Page } from '#ports/contact-repository';
import { requireContact } from '../contact-lookup.ts';
import type { IdentificationSetting } from '#ports/interaction-store';
import type { InboundDependencies } from './inbound.ts';

type Deps = Pick<InboundDependencies, 'contacts' | 'interactions' | 'clock' | 'log'>;

export async function listContactInteractions(deps: Deps, contactId: string, limit: number, cursor: string | undefined): Promise<Page<Interaction>> {
  await requireContact(deps.contacts, contactId);
  return deps.interactions.listForContact(contactId, limit, cursor);
}

export function listUnassignedInteractions(deps: Deps, limit: number, cursor: string | undefined): Promise<Page<Interaction>> {
  return deps.interactions.listUnassigned(limit, cursor);
}

export function listPossibleMatches(deps: Deps, limit: number, cursor: string | undefined): Promise<Page<PossibleMatch>> {
  return deps.interactions.listPossibleMatches(limit, cursor);
}

/** Never suggested again for that pair. */
export async function dismissPossibleMatch(deps: Deps, matchId: string, actor: string): Promise<void> {
  if (!(await deps.interactions.dismiss(matchId, actor, deps.clock.now().toISOString()))) throw new NotFoundError('possible match', matchId);
  deps.log.info('possible match dismissed', { matchId, actor });
}

export function getIdentificationSetting(deps: Deps): Promise<IdentificationSetting> {
  return deps.interactions.getIdentificationSetting();
}

// Where inbound interactions, possible matches and the identification setting live.
import type { Interaction, PossibleMatch } from '#domain/identity/interaction';
import type { Page } from './contact-repository.ts';

export interface IdentificationSetting {
  /** Mobile number identification (DESIGN §3): on by default. */
  enabled: boolean;
  version: number;
  updatedAt: string | undefined;
}

export interface InteractionStore {
  /** Records the interaction once: `duplicate` when its id was recorded before. Possible matches not dismissed are added. */
  record(interaction: Interaction, matches: readonly PossibleMatch[]): Promise<'recorded' | 'duplicate'>;
  listForContact(contactId: string, limit: number, cursor: string | undefined): Promise<Page<Interaction>>;
  /** Erasure: every interaction landed on the contact goes; how many. */
  eraseForContact(contactId: string): Promise<number>;
  listUnassigned(limit: number, cursor: string | undefined): Promise<Page<Interaction>>;
  listPossibleMatches(limit: number, cursor: string | undefined): Promise<Page<PossibleMatch>>;
  /** The pair is never suggested again. False when no such match is open. */
  dismiss(matchId: string, by: string, at: string): Promise<boolean>;
  getIdentificationSetting(): Promise<IdentificationSetting>;
  /** Conditional on the version read; false when it moved. */
  putIdentificationSetting(previous: IdentificationSetting, next: IdentificationSetting): Promise<boolean>;
}

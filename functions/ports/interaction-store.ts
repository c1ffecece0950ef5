// Where inbound interactions, possible matches and the identification setting live.
import type { Interaction, PossibleMatch } from '#domain/identity/interaction';
import type { Page } from './contact-repository.ts';

export interface IdentificationSetting {
  /** Mobile number identification (DESIGN §3): on by default. */
  enabled: boolean;
  version: number;
  updatedAt: string | undefined;
  /** The backfill the last switch from off to on started (absent until identification is first switched on). */
  backfillId?: string | undefined;
}

export interface InteractionStore {
  /**
   * Records the interaction once: `duplicate` when its id was recorded before. Possible matches not dismissed are added.
   * Throws ConflictError when the contact it landed on no longer exists (merged or erased meanwhile): read the holders again.
   */
  record(interaction: Interaction, matches: readonly PossibleMatch[]): Promise<'recorded' | 'duplicate'>;
  listForContact(contactId: string, limit: number, cursor: string | undefined): Promise<Page<Interaction>>;
  /** Erasure: every interaction landed on the contact goes; how many. */
  eraseForContact(contactId: string): Promise<number>;
  listUnassigned(limit: number, cursor: string | undefined): Promise<Page<Interaction>>;
  listPossibleMatches(limit: number, cursor: string | undefined): Promise<Page<PossibleMatch>>;
  /** An open possible match; undefined once dismissed or settled by a merge. */
  getPossibleMatch(matchId: string): Promise<PossibleMatch | undefined>;
  /** Suggests each pair not dismissed and not already open, without an interaction (the identification backfill). */
  suggestMatches(matches: readonly PossibleMatch[]): Promise<void>;
  /** The pair is never suggested again. False when no such match is open. */
  dismiss(matchId: string, by: string, at: string): Promise<boolean>;
  /** A merge: every interaction landed on `fromContactId` moves to `toContactId`; how many moved. Safe to repeat. */
  moveToContact(fromContactId: string, toContactId: string): Promise<number>;
  /**
   * A merge: open possible matches naming `fromContactId` now name `toContactId` (a dismissed pair stays dismissed);
   * the pair of the two themselves is settled and goes. How many matches were touched. Safe to repeat.
   */
  repointPossibleMatches(fromContactId: string, toContactId: string, at: string): Promise<number>;
  getIdentificationSetting(): Promise<IdentificationSetting>;
  /** Conditional on the version read; false when it moved. */
  putIdentificationSetting(previous: IdentificationSetting, next: IdentificationSetting): Promise<boolean>;
}

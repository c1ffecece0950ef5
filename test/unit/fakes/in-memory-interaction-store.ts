// InteractionStore in memory, with the adapter's rules: an interaction id is recorded once, a dismissed pair is never
// suggested again, the setting is written on the version read.
import { ConflictError } from '#domain/errors';
import { possibleMatchesAmong, type Interaction, type PossibleMatch } from '#domain/identity/interaction';
import type { Page } from '#ports/contact-repository';
import type { IdentificationSetting, InteractionStore } from '#ports/interaction-store';

export class InMemoryInteractionStore implements InteractionStore {
  readonly interactions: Interaction[] = [];
  private readonly matches = new Map<string, PossibleMatch>();
  private readonly dismissed = new Set<string>();
  private setting: IdentificationSetting = { enabled: true, version: 0, updatedAt: undefined };

  /** `contactExists`: the adapter's check that the contact an interaction lands on is still there (every contact, unless told). */
  constructor(private readonly contactExists: (contactId: string) => Promise<boolean> = async () => true) {}

  async record(interaction: Interaction, matches: readonly PossibleMatch[]): Promise<'recorded' | 'duplicate'> {
    if (this.interactions.some((each) => each.id === interaction.id)) return 'duplicate';
    if (interaction.contactId !== undefined && !(await this.contactExists(interaction.contactId))) throw new ConflictError(`contact ${interaction.contactId} is gone`);
    this.interactions.push(structuredClone(interaction));
    for (const match of matches) if (!this.dismissed.has(match.id) && !this.matches.has(match.id)) this.matches.set(match.id, structuredClone(match));
    return 'recorded';
  }

  async listForContact(contactId: string, limit: number, cursor: string | undefined): Promise<Page<Interaction>> {
    return pageOf(this.interactions.filter((each) => each.contactId === contactId), limit, cursor);
  }

  async eraseForContact(contactId: string): Promise<number> {
    const before = this.interactions.length;
    this.interactions.splice(0, this.interactions.length, ...this.interactions.filter((each) => each.contactId !== contactId));
    return before - this.interactions.length;
  }

  async listUnassigned(limit: number, cursor: string | undefined): Promise<Page<Interaction>> {
    return pageOf(this.interactions.filter((each) => each.contactId === undefined), limit, cursor);
  }

  async listPossibleMatches(limit: number, cursor: string | undefined): Promise<Page<PossibleMatch>> {
    return pageOf([...this.matches.values()], limit, cursor);
  }

  async getPossibleMatch(matchId: string): Promise<PossibleMatch | undefined> {
    return structuredClone(this.matches.get(matchId));
  }

  async moveToContact(fromContactId: string, toContactId: string): Promise<number> {
    const moving = this.interactions.filter((each) => each.contactId === fromContactId);
    for (const interaction of moving) interaction.contactId = toContactId;
    return moving.length;
  }

  async repointPossibleMatches(fromContactId: string, toContactId: string, at: string): Promise<number> {
    const naming = [...this.matches.values()].filter((match) => match.contactIds.includes(fromContactId));
    for (const match of naming) {
      this.matches.delete(match.id);
      const other = match.contactIds.find((id) => id !== fromContactId)!;
      if (other === toContactId) continue;
      for (const replacement of possibleMatchesAmong([toContactId, other], match.number, match.reason, at)) {
        if (!this.dismissed.has(replacement.id) && !this.matches.has(replacement.id)) this.matches.set(replacement.id, replacement);
      }
    }
    return naming.length;
  }

  async suggestMatches(matches: readonly PossibleMatch[]): Promise<void> {
    for (const match of matches) if (!this.dismissed.has(match.id) && !this.matches.has(match.id)) this.matches.set(match.id, structuredClone(match));
  }

  async dismiss(matchId: string): Promise<boolean> {
    if (!this.matches.delete(matchId)) return false;
    this.dismissed.add(matchId);
    return true;
  }

  async getIdentificationSetting(): Promise<IdentificationSetting> {
    return structuredClone(this.setting);
  }

  async putIdentificationSetting(previous: IdentificationSetting, next: IdentificationSetting): Promise<boolean> {
    if (previous.version !== this.setting.version) return false;
    this.setting = structuredClone(next);
    return true;
  }
}

function pageOf<T>(items: readonly T[], limit: number, cursor: string | undefined): Page<T> {
  const start = cursor === undefined ? 0 : Number(cursor);
  return { items: structuredClone(items.slice(start, start + limit)), cursor: start + limit < items.length ? String(start + limit) : undefined };
}

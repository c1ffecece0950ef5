// InteractionStore in memory, with the adapter's rules: an interaction id is recorded once, a dismissed pair is never
// suggested again, the setting is written on the version read.
import type { Interaction, PossibleMatch } from '#domain/identity/interaction';
import type { Page } from '#ports/contact-repository';
import type { IdentificationSetting, InteractionStore } from '#ports/interaction-store';

export class InMemoryInteractionStore implements InteractionStore {
  readonly interactions: Interaction[] = [];
  private readonly matches = new Map<string, PossibleMatch>();
  private readonly dismissed = new Set<string>();
  private setting: IdentificationSetting = { enabled: true, version: 0, updatedAt: undefined };

  async record(interaction: Interaction, matches: readonly PossibleMatch[]): Promise<'recorded' | 'duplicate'> {
    if (this.interactions.some((each) => each.id === interaction.id)) return 'duplicate';
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

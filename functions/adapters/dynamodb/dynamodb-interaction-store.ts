// InteractionStore on DynamoDB, in the contacts table: a contact's interactions in its own partition (time order), the
// unassigned ones and the open possible matches listed by the entity index, the interaction's id claimed in the same
// transaction (a redelivered event records nothing), a dismissed pair remembered for ever.
import { DeleteCommand, GetCommand, PutCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ConflictError } from '#domain/errors';
import { possibleMatchesAmong, type Interaction, type PossibleMatch } from '#domain/identity/interaction';
import type { Page } from '#ports/contact-repository';
import type { IdentificationSetting, InteractionStore } from '#ports/interaction-store';
import { contactsTable } from '#shared/tables';
import { batchDeleteAll, batchWriteAll } from './batch-write.ts';
import { contactKey } from './contact-items.ts';
import { writeIfCondition } from './conditional-write.ts';
import { decodeCursor, encodeCursor, queryEntityPage } from './pagination.ts';
import { transact, type TransactItem } from './transactions.ts';

const { partitionKey: pk, sortKey: sk } = contactsTable;
const { byEntity } = contactsTable.indexes;
const unassignedEntity = 'UNASSIGNED_INTERACTION';
const matchEntity = 'POSSIBLE_MATCH';

const interactionKey = (interaction: Interaction) =>
  interaction.contactId === undefined
    ? { [pk]: `UNASSIGNED#${interaction.number}`, [sk]: `INTERACTION#${interaction.at}#${interaction.id}` }
    : { [pk]: `CONTACT#${interaction.contactId}`, [sk]: `INTERACTION#${interaction.at}#${interaction.id}` };
const seenKey = (id: string) => ({ [pk]: `SEEN#interaction:${id}`, [sk]: 'SEEN' });
const matchKey = (id: string) => ({ [pk]: `MATCH#${id}`, [sk]: 'MATCH' });
const dismissedKey = (id: string) => ({ [pk]: `MATCH#${id}`, [sk]: 'DISMISSED' });
const settingKey = { [pk]: 'SETTINGS', [sk]: 'IDENTIFICATION' };

export class DynamoDbInteractionStore implements InteractionStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async record(interaction: Interaction, matches: readonly PossibleMatch[]): Promise<'recorded' | 'duplicate'> {
    const listed = interaction.contactId === undefined ? { [byEntity.partitionKey]: unassignedEntity, [byEntity.sortKey]: `${interaction.at}#${interaction.id}` } : {};
    const items: TransactItem[] = [
      { Put: { TableName: this.tableName, Item: { ...seenKey(interaction.id), at: interaction.at }, ConditionExpression: `attribute_not_exists(${pk})` } },
      { Put: { TableName: this.tableName, Item: { ...interactionKey(interaction), ...listed, interaction } } },
    ];
    // The contact must still be there: one merged or erased since its holders were read would strand the interaction.
    if (interaction.contactId !== undefined) items.push({ ConditionCheck: { TableName: this.tableName, Key: contactKey(interaction.contactId), ConditionExpression: `attribute_exists(${pk})` } });
    const outcome = await transact(this.client, items);
    if (!outcome.committed) {
      if (outcome.failedConditions.includes(0)) return 'duplicate';
      throw new ConflictError(`contact ${interaction.contactId} is gone (merged or erased) since the number's holders were read`, { contactId: interaction.contactId ?? '' });
    }
    // Suggested once per pair, never after a dismissal; a lost race between two suggestions changes nothing.
    for (const match of matches) await this.suggest(match);
    return 'recorded';
  }

  async listForContact(contactId: string, limit: number, cursor: string | undefined): Promise<Page<Interaction>> {
    const { Items, LastEvaluatedKey } = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :prefix)',
        ExpressionAttributeNames: { '#pk': pk, '#sk': sk },
        ExpressionAttributeValues: { ':pk': `CONTACT#${contactId}`, ':prefix': 'INTERACTION#' },
        Limit: limit,
        ExclusiveStartKey: decodeCursor(cursor),
      }),
    );
    return { items: (Items ?? []).map((item) => item.interaction as Interaction), cursor: encodeCursor(LastEvaluatedKey) };
  }

  async eraseForContact(contactId: string): Promise<number> {
    let erased = 0;
    for (let page = await this.listKeys(contactId); page.length > 0; page = await this.listKeys(contactId)) {
      await batchDeleteAll(this.client, this.tableName, page);
      erased += page.length;
    }
    return erased;
  }

  listUnassigned(limit: number, cursor: string | undefined): Promise<Page<Interaction>> {
    return queryEntityPage(this.client, { tableName: this.tableName, index: byEntity, entity: unassignedEntity, limit, cursor }, (item) => item.interaction as Interaction);
  }

  listPossibleMatches(limit: number, cursor: string | undefined): Promise<Page<PossibleMatch>> {
    return queryEntityPage(this.client, { tableName: this.tableName, index: byEntity, entity: matchEntity, limit, cursor }, (item) => item.match as PossibleMatch);
  }

  async getPossibleMatch(matchId: string): Promise<PossibleMatch | undefined> {
    const { Item } = await this.client.send(new GetCommand({ TableName: this.tableName, Key: matchKey(matchId), ConsistentRead: true }));
    return Item?.match as PossibleMatch | undefined;
  }

  async suggestMatches(matches: readonly PossibleMatch[]): Promise<void> {
    for (const match of matches) await this.suggest(match);
  }

  async dismiss(matchId: string, by: string, at: string): Promise<boolean> {
    const outcome = await transact(this.client, [
      { Delete: { TableName: this.tableName, Key: matchKey(matchId), ConditionExpression: `attribute_exists(${pk})` } },
      { Put: { TableName: this.tableName, Item: { ...dismissedKey(matchId), by, at } } },
    ]);
    return outcome.committed;
  }

  async moveToContact(fromContactId: string, toContactId: string): Promise<number> {
    let moved = 0;
    for (let page = await this.listItems(fromContactId); page.length > 0; page = await this.listItems(fromContactId)) {
      // Written under the survivor before removed from the merged contact: stopped in between, a run again finishes.
      const copies = page.map((item) => {
        const interaction = { ...(item.interaction as Interaction), contactId: toContactId };
        return { ...interactionKey(interaction), interaction };
      });
      await batchWriteAll(this.client, this.tableName, copies);
      await batchDeleteAll(this.client, this.tableName, page.map((item) => ({ [pk]: item[pk], [sk]: item[sk] })));
      moved += page.length;
    }
    return moved;
  }

  async repointPossibleMatches(fromContactId: string, toContactId: string, at: string): Promise<number> {
    let touched = 0;
    let cursor: string | undefined;
    do {
      // Open matches are few (an agent works them down), so reading them all beats an index kept for merges alone.
      const page = await this.listPossibleMatches(100, cursor);
      for (const match of page.items.filter((each) => each.contactIds.includes(fromContactId))) {
        const other = match.contactIds.find((id) => id !== fromContactId)!;
        if (other !== toContactId) {
          for (const replacement of possibleMatchesAmong([toContactId, other], match.number, match.reason, at)) await this.suggest(replacement);
        }
        await this.client.send(new DeleteCommand({ TableName: this.tableName, Key: matchKey(match.id) }));
        touched += 1;
      }
      cursor = page.cursor;
    } while (cursor !== undefined);
    return touched;
  }

  async getIdentificationSetting(): Promise<IdentificationSetting> {
    const { Item } = await this.client.send(new GetCommand({ TableName: this.tableName, Key: settingKey, ConsistentRead: true }));
    return (Item?.setting as IdentificationSetting | undefined) ?? { enabled: true, version: 0, updatedAt: undefined };
  }

  async putIdentificationSetting(previous: IdentificationSetting, next: IdentificationSetting): Promise<boolean> {
    const condition = previous.version === 0 ? { ConditionExpression: `attribute_not_exists(${pk})` } : { ConditionExpression: '#setting.#version = :version', ExpressionAttributeNames: { '#setting': 'setting', '#version': 'version' }, ExpressionAttributeValues: { ':version': previous.version } };
    return writeIfCondition(this.client, new PutCommand({ TableName: this.tableName, Item: { ...settingKey, setting: next }, ...condition }));
  }

  private async listKeys(contactId: string): Promise<Array<Record<string, unknown>>> {
    return this.listItems(contactId, '#pk, #sk');
  }

  /** The first hundred interactions of the contact (whole, or only `projection`). */
  private async listItems(contactId: string, projection?: string): Promise<Array<Record<string, unknown>>> {
    const { Items } = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :prefix)',
        ExpressionAttributeNames: { '#pk': pk, '#sk': sk },
        ExpressionAttributeValues: { ':pk': `CONTACT#${contactId}`, ':prefix': 'INTERACTION#' },
        ProjectionExpression: projection,
        Limit: 100,
        ConsistentRead: true,
      }),
    );
    return Items ?? [];
  }

  private async suggest(match: PossibleMatch): Promise<void> {
    await transact(this.client, [
      { ConditionCheck: { TableName: this.tableName, Key: dismissedKey(match.id), ConditionExpression: `attribute_not_exists(${pk})` } },
      { Put: { TableName: this.tableName, Item: { ...matchKey(match.id), [byEntity.partitionKey]: matchEntity, [byEntity.sortKey]: `${match.suggestedAt}#${match.id}`, match }, ConditionExpression: `attribute_not_exists(${pk})` } },
    ]);
  }
}

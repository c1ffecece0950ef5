// CampaignRepository on the dialer table: a campaign's item, enrolments and runs share its partition.
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, DeleteCommand, GetCommand, PutCommand, QueryCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Campaign } from '#domain/dialer/campaign';
import { ConflictError, VersionConflictError } from '#domain/errors';
import type { CampaignRepository, CampaignRun } from '#ports/campaign-repository';
import type { Page } from '#ports/contact-repository';
import { dialerTable } from '#shared/tables';
import { batchWriteAll } from './batch-write.ts';
import { writeIfCondition } from './conditional-write.ts';
import { batchGetAll, decodeCursor, encodeCursor, queryEntityPage, sleep } from './pagination.ts';
import { transact } from './transactions.ts';

const { partitionKey: pk, sortKey: sk, indexes } = dialerTable;
const byEntity = indexes.byEntity;
// The call ledger keeps `LINES` in the same partition: every key here has its own prefix, and nothing here touches it.
const partition = (campaignId: string) => `CAMPAIGN#${campaignId}`;
const campaignKey = (id: string) => ({ [pk]: partition(id), [sk]: 'CAMPAIGN' });
const enrolmentPrefix = 'ENROLLED#';
const enrolmentKey = (campaignId: string, contactId: string) => ({ [pk]: partition(campaignId), [sk]: `${enrolmentPrefix}${contactId}` });
const runPrefix = 'RUN#';
const runKey = (campaignId: string, runId: string) => ({ [pk]: partition(campaignId), [sk]: `${runPrefix}${runId}` });
const campaignEntity = 'CAMPAIGN';

export class DynamoDbCampaignRepository implements CampaignRepository {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly now: () => Date,
  ) {}

  async get(id: string): Promise<Campaign | undefined> {
    const { Item } = await this.client.send(new GetCommand({ TableName: this.tableName, Key: campaignKey(id), ConsistentRead: true }));
    return Item?.campaign as Campaign | undefined;
  }

  async list(limit: number, cursor: string | undefined): Promise<Page<Campaign>> {
    return queryEntityPage(this.client, { tableName: this.tableName, index: byEntity, entity: campaignEntity, limit, cursor }, (item) => item.campaign as Campaign);
  }

  async create(campaign: Campaign): Promise<void> {
    const created = await this.putIf(this.campaignItem(campaign), `attribute_not_exists(${pk})`);
    if (!created) throw new ConflictError(`campaign ${campaign.id} already exists`, { id: campaign.id });
  }

  async update(previous: Campaign, next: Campaign): Promise<void> {
    const updated = await this.putIf(this.campaignItem(next), '#campaign.version = :version', { '#campaign': 'campaign' }, { ':version': previous.version });
    if (!updated) throw new VersionConflictError('campaign', previous.id, previous.version);
  }

  async delete(campaign: Campaign): Promise<void> {
    try {
      await this.client.send(
        new DeleteCommand({
          TableName: this.tableName,
          Key: campaignKey(campaign.id),
          ConditionExpression: '#campaign.version = :version',
          ExpressionAttributeNames: { '#campaign': 'campaign' },
          ExpressionAttributeValues: { ':version': campaign.version },
        }),
      );
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) throw new VersionConflictError('campaign', campaign.id, campaign.version);
      throw error;
    }
    // The campaign is gone first, so nothing can start from what is left while it is removed.
    for (const prefix of [enrolmentPrefix, runPrefix]) await this.deleteItemsWithPrefix(campaign.id, prefix);
  }

  async enrol(campaignId: string, contactIds: readonly string[]): Promise<string[]> {
    const unique = [...new Set(contactIds)];
    const enrolled = new Set((await batchGetAll(this.client, this.tableName, unique.map((id) => enrolmentKey(campaignId, id)))).map((item) => item.contactId as string));
    const added = unique.filter((id) => !enrolled.has(id));
    const enrolledAt = this.now().toISOString();
    // Plain puts: a contact enrolled by a concurrent request is written twice with the same content.
    await batchWriteAll(this.client, this.tableName, added.map((contactId) => ({ ...enrolmentKey(campaignId, contactId), contactId, enrolledAt })));
    return added;
  }

  async moveEnrolment(campaignId: string, fromContactId: string, toContactId: string): Promise<boolean> {
    const { Item } = await this.client.send(new GetCommand({ TableName: this.tableName, Key: enrolmentKey(campaignId, fromContactId), ConsistentRead: true }));
    if (!Item) return false;
    // One transaction: the campaign never has both enrolments or neither. The survivor's own, if any, is written again.
    const outcome = await transact(this.client, [
      { Put: { TableName: this.tableName, Item: { ...enrolmentKey(campaignId, toContactId), contactId: toContactId, enrolledAt: Item.enrolledAt } } },
      { Delete: { TableName: this.tableName, Key: enrolmentKey(campaignId, fromContactId), ConditionExpression: `attribute_exists(${pk})` } },
    ]);
    return outcome.committed;
  }

  async listEnrolments(campaignId: string, limit: number, cursor: string | undefined): Promise<Page<string>> {
    const page = await this.queryPrefix(campaignId, enrolmentPrefix, limit, decodeCursor(cursor));
    return { items: page.items.map((item) => item.contactId as string), cursor: encodeCursor(page.lastKey) };
  }

  async createRun(run: CampaignRun): Promise<boolean> {
    return this.putIf(this.runItem(run), `attribute_not_exists(${pk})`);
  }

  async getRun(campaignId: string, runId: string): Promise<CampaignRun | undefined> {
    const { Item } = await this.client.send(new GetCommand({ TableName: this.tableName, Key: runKey(campaignId, runId), ConsistentRead: true }));
    return Item?.run as CampaignRun | undefined;
  }

  async advanceRun(previous: CampaignRun, next: CampaignRun): Promise<boolean> {
    return this.putIf(this.runItem(next), '#run.pages = :pages AND #run.#status = :starting', { '#run': 'run', '#status': 'status' }, { ':pages': previous.pages, ':starting': 'STARTING' });
  }

  async stopRun(campaignId: string, runId: string, at: string): Promise<void> {
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: runKey(campaignId, runId),
          UpdateExpression: 'SET #run.#status = :stopped, #run.updatedAt = :at',
          ConditionExpression: `attribute_exists(${pk})`,
          ExpressionAttributeNames: { '#run': 'run', '#status': 'status' },
          ExpressionAttributeValues: { ':stopped': 'STOPPED', ':at': at },
        }),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }

  private campaignItem(campaign: Campaign): Record<string, unknown> {
    return { ...campaignKey(campaign.id), [byEntity.partitionKey]: campaignEntity, [byEntity.sortKey]: `${campaign.createdAt}#${campaign.id}`, campaign };
  }

  private runItem(run: CampaignRun): Record<string, unknown> {
    return { ...runKey(run.campaignId, run.runId), run };
  }

  /** A conditional put: false when the condition failed. */
  private async putIf(item: Record<string, unknown>, condition: string, names?: Record<string, string>, values?: Record<string, unknown>): Promise<boolean> {
    return writeIfCondition(this.client, new PutCommand({ TableName: this.tableName, Item: item, ConditionExpression: condition, ExpressionAttributeNames: names, ExpressionAttributeValues: values }));
  }

  private async queryPrefix(campaignId: string, prefix: string, limit: number, start: Record<string, unknown> | undefined) {
    const page = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :prefix)',
        ExpressionAttributeNames: { '#pk': pk, '#sk': sk },
        ExpressionAttributeValues: { ':pk': partition(campaignId), ':prefix': prefix },
        Limit: limit,
        ExclusiveStartKey: start,
      }),
    );
    return { items: page.Items ?? [], lastKey: page.LastEvaluatedKey };
  }

  private async deleteItemsWithPrefix(campaignId: string, prefix: string): Promise<void> {
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.queryPrefix(campaignId, prefix, batchDeleteLimit, start);
      await this.batchDelete(page.items.map((item) => ({ [pk]: item[pk], [sk]: item[sk] })));
      start = page.lastKey;
    } while (start);
  }

  private async batchDelete(keys: Record<string, unknown>[]): Promise<void> {
    let pending = keys.map((Key) => ({ DeleteRequest: { Key } }));
    for (let round = 0; pending.length > 0; round += 1) {
      if (round === maxBatchRounds) throw new Error(`BatchWrite left ${pending.length} deletes unprocessed after ${maxBatchRounds} rounds`);
      if (round > 0) await sleep(25 * 2 ** round);
      const result = await this.client.send(new BatchWriteCommand({ RequestItems: { [this.tableName]: pending } }));
      pending = (result.UnprocessedItems?.[this.tableName] ?? []) as typeof pending;
    }
  }
}

const batchDeleteLimit = 25;
const maxBatchRounds = 8;

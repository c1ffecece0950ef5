// CallLedger on DynamoDB: every step of a call is one conditional write, so retries and duplicates change nothing.
import { GetCommand, PutCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { FinalRow, HistoryRow, SkipRow, WorkflowData } from '#domain/dialer/workflow-data';
import type { CallAttempt, CallLedger, ClaimResult, OutcomeRecord } from '#ports/call-ledger';
import type { Page } from '#ports/contact-repository';
import { dialerTable } from '#shared/tables';
import { writeIfCondition } from './conditional-write.ts';
import { decodeCursor, encodeCursor, queryEntityPage } from './pagination.ts';
import { transact, type TransactItem } from './transactions.ts';

const { partitionKey: pk, sortKey: sk, indexes } = dialerTable;
const byEntity = indexes.byEntity;
/** History and Final are kept a year; attempts a month after they end. */
const historyLifetimeSeconds = 365 * 86_400;
const attemptLifetimeSeconds = 30 * 86_400;
const dialling = 'DIALLING';

/** `<execution name>/<n>`: the attempts of one execution share its partition, in order. */
function attemptKey(attemptId: string) {
  const slash = attemptId.lastIndexOf('/');
  return { [pk]: `EXECUTION#${attemptId.slice(0, slash)}`, [sk]: `ATTEMPT#${attemptId.slice(slash + 1).padStart(6, '0')}` };
}
const linesKey = (campaignId: string) => ({ [pk]: `CAMPAIGN#${campaignId}`, [sk]: 'LINES' });
const providerCallKey = (providerCallId: string) => ({ [pk]: `PROVIDERCALL#${providerCallId}`, [sk]: 'CALL' });
const historyKey = (row: HistoryRow) => ({ [pk]: `HISTORY#${row.campaignId}#${row.contactId}`, [sk]: `${row.startedAt}#${row.attemptId}` });
const skipKey = (row: SkipRow) => ({ [pk]: `SKIP#${row.campaignId}#${row.contactId}`, [sk]: `${row.skippedAt}#${row.attemptId}` });
const finalKey = (row: FinalRow) => ({ [pk]: `FINAL#${row.campaignId}`, [sk]: `RUN#${row.runId}#CONTACT#${row.contactId}` });

export class DynamoDbCallLedger implements CallLedger {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly now: () => Date,
  ) {}

  async claim(attempt: CallAttempt, lineLimit: number): Promise<ClaimResult> {
    const outcome = await transact(this.client, this.claimItems(attempt, lineLimit));
    if (outcome.committed) return 'claimed';
    return outcome.failedConditions.includes(0) ? 'already-claimed' : 'no-free-line';
  }

  /** The claim's writes (the attempt, then a line): taking a preview offer commits them with the offer's own. */
  claimItems(attempt: CallAttempt, lineLimit: number): TransactItem[] {
    return [
      { Put: { TableName: this.tableName, Item: this.attemptItem(attempt), ConditionExpression: `attribute_not_exists(${pk})` } },
      this.takeLine(attempt.workflow.campaignId, lineLimit),
    ];
  }

  async recordProviderCall(attempt: CallAttempt, providerCallId: string): Promise<void> {
    // A copy of the attempt under the provider's id: an event without our id still costs one read.
    const item = { ...providerCallKey(providerCallId), attempt: { ...attempt, providerCallId }, expiresAt: this.expiry(attemptLifetimeSeconds) };
    await this.client.send(new PutCommand({ TableName: this.tableName, Item: item }));
  }

  async recordNotDialled(attempt: CallAttempt, result: WorkflowData, skip?: SkipRow): Promise<boolean> {
    const item = { ...attemptKey(attempt.attemptId), attempt: { ...attempt, status: 'NOT_PLACED', result }, expiresAt: this.expiry(attemptLifetimeSeconds) };
    const put = new PutCommand({ TableName: this.tableName, Item: item, ConditionExpression: `attribute_not_exists(${pk})` });
    if (skip === undefined) return writeIfCondition(this.client, put);
    const skipItem = { ...skipKey(skip), entity: `SKIP#${skip.campaignId}`, entitySort: `${skip.skippedAt}#${skip.attemptId}`, skip, expiresAt: this.expiry(historyLifetimeSeconds) };
    return (await transact(this.client, [{ Put: put.input }, { Put: { TableName: this.tableName, Item: skipItem } }])).committed;
  }

  async listSkips(campaignId: string, options: { limit: number; cursor: string | undefined }): Promise<Page<SkipRow>> {
    return queryEntityPage(this.client, { tableName: this.tableName, index: byEntity, entity: `SKIP#${campaignId}`, ...options }, (item) => item.skip as SkipRow);
  }

  async releaseUnplaced(attempt: CallAttempt, result: WorkflowData): Promise<void> {
    await transact(this.client, [this.endAttempt(attempt, 'NOT_PLACED', result), this.releaseLine(attempt.workflow.campaignId)]);
  }

  async getAttempt(attemptId: string): Promise<CallAttempt | undefined> {
    const { Item } = await this.client.send(new GetCommand({ TableName: this.tableName, Key: attemptKey(attemptId), ConsistentRead: true }));
    return Item?.attempt as CallAttempt | undefined;
  }

  async findByProviderCallId(providerCallId: string): Promise<CallAttempt | undefined> {
    const { Item } = await this.client.send(new GetCommand({ TableName: this.tableName, Key: providerCallKey(providerCallId) }));
    return Item?.attempt as CallAttempt | undefined;
  }

  async recordOutcome(record: OutcomeRecord): Promise<boolean> {
    const expiresAt = this.expiry(historyLifetimeSeconds);
    const items: TransactItem[] = [
      this.endAttempt(record.attempt, 'ENDED', record.result),
      this.releaseLine(record.attempt.workflow.campaignId),
      {
        Put: {
          TableName: this.tableName,
          Item: { ...historyKey(record.history), entity: `HISTORY#${record.history.campaignId}`, entitySort: `${record.history.startedAt}#${record.history.attemptId}`, history: record.history, expiresAt },
          ConditionExpression: `attribute_not_exists(${pk})`,
        },
      },
    ];
    if (record.final) items.push(this.putFinal(record.final));
    return (await transact(this.client, items)).committed;
  }

  async dialingAttemptsOf(executionName: string): Promise<CallAttempt[]> {
    const { Items } = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :attempt)',
        FilterExpression: 'attempt.#status = :dialling',
        ExpressionAttributeNames: { '#pk': pk, '#sk': sk, '#status': 'status' },
        ExpressionAttributeValues: { ':pk': `EXECUTION#${executionName}`, ':attempt': 'ATTEMPT#', ':dialling': dialling },
        ConsistentRead: true,
      }),
    );
    return (Items ?? []).map((item) => item.attempt as CallAttempt);
  }

  async staleDialingAttempts(startedBefore: string, limit: number): Promise<CallAttempt[]> {
    const { Items } = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: byEntity.indexName,
        KeyConditionExpression: '#entity = :dialling AND #sort < :before',
        ExpressionAttributeNames: { '#entity': byEntity.partitionKey, '#sort': byEntity.sortKey },
        ExpressionAttributeValues: { ':dialling': dialling, ':before': startedBefore },
        Limit: limit,
      }),
    );
    return (Items ?? []).map((item) => item.attempt as CallAttempt);
  }

  async abandon(attempt: CallAttempt): Promise<boolean> {
    return (await transact(this.client, [this.endAttempt(attempt, 'ENDED', undefined), this.releaseLine(attempt.workflow.campaignId)])).committed;
  }

  async writeFinal(final: FinalRow): Promise<boolean> {
    return (await transact(this.client, [this.putFinal(final)])).committed;
  }

  async linesInUse(campaignId: string): Promise<number> {
    const { Item } = await this.client.send(new GetCommand({ TableName: this.tableName, Key: linesKey(campaignId), ConsistentRead: true }));
    return (Item?.inUse as number | undefined) ?? 0;
  }

  async listHistory(campaignId: string, options: { contactId?: string | undefined; limit: number; cursor: string | undefined }): Promise<Page<HistoryRow>> {
    const query =
      options.contactId === undefined
        ? { IndexName: byEntity.indexName, KeyConditionExpression: '#key = :key', ExpressionAttributeNames: { '#key': byEntity.partitionKey }, ExpressionAttributeValues: { ':key': `HISTORY#${campaignId}` } }
        : { KeyConditionExpression: '#key = :key', ExpressionAttributeNames: { '#key': pk }, ExpressionAttributeValues: { ':key': `HISTORY#${campaignId}#${options.contactId}` } };
    const page = await this.client.send(new QueryCommand({ TableName: this.tableName, ...query, Limit: options.limit, ExclusiveStartKey: decodeCursor(options.cursor) }));
    return { items: (page.Items ?? []).map((item) => item.history as HistoryRow), cursor: encodeCursor(page.LastEvaluatedKey) };
  }

  async listFinal(campaignId: string, options: { limit: number; cursor: string | undefined }): Promise<Page<FinalRow>> {
    const page = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: '#pk = :pk',
        ExpressionAttributeNames: { '#pk': pk },
        ExpressionAttributeValues: { ':pk': `FINAL#${campaignId}` },
        Limit: options.limit,
        ExclusiveStartKey: decodeCursor(options.cursor),
      }),
    );
    return { items: (page.Items ?? []).map((item) => item.final as FinalRow), cursor: encodeCursor(page.LastEvaluatedKey) };
  }

  /** While dialling, the attempt is listed under DIALLING by start time: the sweep finds stale ones without a Scan. */
  private attemptItem(attempt: CallAttempt): Record<string, unknown> {
    return { ...attemptKey(attempt.attemptId), entity: dialling, entitySort: `${attempt.startedAt}#${attempt.attemptId}`, attempt };
  }

  private endAttempt(attempt: CallAttempt, status: CallAttempt['status'], result: WorkflowData | undefined): TransactItem {
    const setResult = result === undefined ? '' : ', attempt.#result = :result';
    return {
      Update: {
        TableName: this.tableName,
        Key: attemptKey(attempt.attemptId),
        UpdateExpression: `SET attempt.#status = :status${setResult}, expiresAt = :expiresAt REMOVE #entity, #sort`,
        ConditionExpression: 'attempt.#status = :dialling',
        ExpressionAttributeNames: { '#status': 'status', '#entity': byEntity.partitionKey, '#sort': byEntity.sortKey, ...(result === undefined ? {} : { '#result': 'result' }) },
        ExpressionAttributeValues: { ':status': status, ':dialling': dialling, ':expiresAt': this.expiry(attemptLifetimeSeconds), ...(result === undefined ? {} : { ':result': result }) },
      },
    };
  }

  private takeLine(campaignId: string, lineLimit: number): TransactItem {
    return {
      Update: {
        TableName: this.tableName,
        Key: linesKey(campaignId),
        UpdateExpression: 'ADD inUse :one',
        ConditionExpression: 'attribute_not_exists(inUse) OR inUse < :limit',
        ExpressionAttributeValues: { ':one': 1, ':limit': lineLimit },
      },
    };
  }

  private releaseLine(campaignId: string): TransactItem {
    return { Update: { TableName: this.tableName, Key: linesKey(campaignId), UpdateExpression: 'ADD inUse :minusOne', ConditionExpression: 'inUse > :zero', ExpressionAttributeValues: { ':minusOne': -1, ':zero': 0 } } };
  }

  private putFinal(final: FinalRow): TransactItem {
    return {
      Put: {
        TableName: this.tableName,
        Item: { ...finalKey(final), final, expiresAt: this.expiry(historyLifetimeSeconds) },
        ConditionExpression: `attribute_not_exists(${pk})`,
      },
    };
  }

  private expiry(seconds: number): number {
    return Math.floor(this.now().getTime() / 1000) + seconds;
  }
}

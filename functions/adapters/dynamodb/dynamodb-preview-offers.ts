// PreviewOffers on DynamoDB: one item per offered attempt under its campaign, listed while open by offer time on
// byEntity; taking one is a single transaction with the attempt's claim and its line.
import { DeleteCommand, GetCommand, PutCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { PreviewOffer } from '#domain/dialer/preview-offer';
import type { CallAttempt } from '#ports/call-ledger';
import type { Page } from '#ports/contact-repository';
import type { PreviewOffers, StoredPreviewOffer, TakeOfferResult } from '#ports/preview-offers';
import { dialerTable } from '#shared/tables';
import type { DynamoDbCallLedger } from './dynamodb-call-ledger.ts';
import { writeIfCondition } from './conditional-write.ts';
import { decodeCursor, encodeCursor } from './pagination.ts';
import { transact } from './transactions.ts';

const { partitionKey: pk, sortKey: sk, indexes } = dialerTable;
const byEntity = indexes.byEntity;
/** Open offers wait at most the call task's timeout; a taken one answers "taken already" a while, then goes. */
const offerLifetimeSeconds = 86_400;

const partitionOf = (campaignId: string) => `PREVIEW#${campaignId}`;
const contactPrefix = (contactId: string) => `OFFER#${contactId}#`;
const offerKey = (campaignId: string, contactId: string, attemptId: string) => ({ [pk]: partitionOf(campaignId), [sk]: `${contactPrefix(contactId)}${attemptId}` });
const keyOf = (offer: PreviewOffer) => offerKey(offer.workflow.campaignId, offer.workflow.contactId, offer.attemptId);
const open = 'OPEN';
const storedOf = (item: Record<string, unknown>): StoredPreviewOffer => ({ offer: item.offer as PreviewOffer, status: item.status as StoredPreviewOffer['status'], takenAt: item.takenAt as string | undefined });

export class DynamoDbPreviewOffers implements PreviewOffers {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    /** Taking an offer claims its attempt and a line: the ledger's own items, in the same transaction. */
    private readonly calls: DynamoDbCallLedger,
    private readonly now: () => Date,
  ) {}

  async offer(offer: PreviewOffer): Promise<boolean> {
    const item = {
      ...keyOf(offer),
      // Listed by offer time while open: the agents' list is a Query, never a Scan.
      [byEntity.partitionKey]: partitionOf(offer.workflow.campaignId),
      [byEntity.sortKey]: `${offer.offeredAt}#${offer.attemptId}`,
      status: open,
      offer,
      expiresAt: this.expiry(),
    };
    return writeIfCondition(
      this.client,
      new PutCommand({
        TableName: this.tableName,
        Item: item,
        ConditionExpression: 'attribute_not_exists(#pk) OR (#status = :open AND #offer.#token <> :token)',
        ExpressionAttributeNames: { '#pk': pk, '#status': 'status', '#offer': 'offer', '#token': 'taskToken' },
        ExpressionAttributeValues: { ':open': open, ':token': offer.taskToken },
      }),
    );
  }

  async listOpen(campaignId: string, options: { offeredAfter: string; limit: number; cursor: string | undefined }): Promise<Page<PreviewOffer>> {
    const page = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: byEntity.indexName,
        KeyConditionExpression: '#entity = :entity AND #sort > :after',
        ExpressionAttributeNames: { '#entity': byEntity.partitionKey, '#sort': byEntity.sortKey },
        ExpressionAttributeValues: { ':entity': partitionOf(campaignId), ':after': options.offeredAfter },
        Limit: options.limit,
        ExclusiveStartKey: decodeCursor(options.cursor),
      }),
    );
    return { items: (page.Items ?? []).map((item) => item.offer as PreviewOffer), cursor: encodeCursor(page.LastEvaluatedKey) };
  }

  async ofContact(campaignId: string, contactId: string): Promise<StoredPreviewOffer[]> {
    const { Items } = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :contact)',
        ExpressionAttributeNames: { '#pk': pk, '#sk': sk },
        ExpressionAttributeValues: { ':pk': partitionOf(campaignId), ':contact': contactPrefix(contactId) },
        ConsistentRead: true,
      }),
    );
    // A contact id holding `#` shares the prefix of another's: only this contact's offers are kept.
    return (Items ?? []).map(storedOf).filter((stored) => stored.offer.workflow.contactId === contactId);
  }

  async get(campaignId: string, contactId: string, attemptId: string): Promise<StoredPreviewOffer | undefined> {
    const { Item } = await this.client.send(new GetCommand({ TableName: this.tableName, Key: offerKey(campaignId, contactId, attemptId), ConsistentRead: true }));
    return Item === undefined ? undefined : storedOf(Item);
  }

  async take(offer: PreviewOffer, attempt: CallAttempt, lineLimit: number): Promise<TakeOfferResult> {
    const outcome = await transact(this.client, [
      {
        Update: {
          TableName: this.tableName,
          Key: keyOf(offer),
          UpdateExpression: 'SET #status = :taken, takenAt = :now REMOVE #entity, #sort',
          ConditionExpression: '#status = :open',
          ExpressionAttributeNames: { '#status': 'status', '#entity': byEntity.partitionKey, '#sort': byEntity.sortKey },
          ExpressionAttributeValues: { ':taken': 'TAKEN', ':open': open, ':now': this.now().toISOString() },
        },
      },
      ...this.calls.claimItems(attempt, lineLimit),
    ]);
    if (outcome.committed) return 'taken';
    if (outcome.failedConditions.includes(0)) return 'offer-gone';
    return outcome.failedConditions.includes(1) ? 'already-claimed' : 'no-free-line';
  }

  async withdraw(campaignId: string, contactId: string, attemptId: string): Promise<boolean> {
    return writeIfCondition(
      this.client,
      new DeleteCommand({
        TableName: this.tableName,
        Key: offerKey(campaignId, contactId, attemptId),
        ConditionExpression: '#status = :open',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':open': open },
      }),
    );
  }

  private expiry(): number {
    return Math.floor(this.now().getTime() / 1000) + offerLifetimeSeconds;
  }
}

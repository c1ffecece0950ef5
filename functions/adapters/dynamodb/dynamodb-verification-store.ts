// VerificationStore on DynamoDB: one item per number beside its holders (PHONE#<number>, VERIFICATION), written on
// condition of the version read, and expiring a day after the last send so that dead codes do not pile up.
import { GetCommand, PutCommand, type DynamoDBDocumentClient, type PutCommandInput } from '@aws-sdk/lib-dynamodb';
import type { VerificationState } from '#domain/verification/one-time-code';
import type { VerificationStore } from '#ports/verification-store';
import { contactsTable } from '#shared/tables';
import { phonePartition } from './contact-items.ts';
import { writeIfCondition } from './conditional-write.ts';

const { partitionKey: pk, sortKey: sk, ttlAttribute } = contactsTable;
/** Long past the code's 10 minutes and the send window's: nothing a later send or check reads is lost. */
const lifetimeSeconds = 86_400;

const verificationKey = (e164: string) => ({ [pk]: phonePartition(e164), [sk]: 'VERIFICATION' });

export class DynamoDbVerificationStore implements VerificationStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async get(number: string): Promise<VerificationState | undefined> {
    const { Item } = await this.client.send(new GetCommand({ TableName: this.tableName, Key: verificationKey(number), ConsistentRead: true }));
    return Item?.state as VerificationState | undefined;
  }

  async put(next: VerificationState, readVersion: number | undefined): Promise<boolean> {
    // The state holds the code's hash only (the domain never hands the code over); the version is copied out for the condition.
    const item = { ...verificationKey(next.number), state: next, version: next.version, [ttlAttribute]: expiresAt(next) };
    const condition: Pick<PutCommandInput, 'ConditionExpression' | 'ExpressionAttributeNames' | 'ExpressionAttributeValues'> =
      readVersion === undefined
        ? { ConditionExpression: 'attribute_not_exists(#pk)', ExpressionAttributeNames: { '#pk': pk } }
        : { ConditionExpression: '#version = :version', ExpressionAttributeNames: { '#version': 'version' }, ExpressionAttributeValues: { ':version': readVersion } };
    return writeIfCondition(this.client, new PutCommand({ TableName: this.tableName, Item: item, ...condition }));
  }
}

/** Epoch seconds, a day after the last send (only a send creates the item, so every stored state has one). */
function expiresAt(state: VerificationState): number | undefined {
  const sends = state.sentAt.map(Date.parse);
  return sends.length === 0 ? undefined : Math.ceil(Math.max(...sends) / 1000) + lifetimeSeconds;
}

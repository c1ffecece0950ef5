// ImportJobRepository on DynamoDB: the job item, its rejected rows and the contacts it named in one partition, expiring together.
import { GetCommand, PutCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import type { ImportJob, RowRejection } from '#domain/import/import-job';
import type { Page } from '#ports/contact-repository';
import type { ImportJobRepository } from '#ports/import-job-repository';
import { contactsTable } from '#shared/tables';
import { batchWriteAll } from './batch-write.ts';
import { decodeCursor, encodeCursor } from './pagination.ts';

const { partitionKey: pk, sortKey: sk, ttlAttribute } = contactsTable;
const jobKey = (id: string) => ({ [pk]: `IMPORT#${id}`, [sk]: 'JOB' });
const retentionSeconds = 90 * 24 * 3600;
const contactsPrefix = 'CONTACTS#';
const contactsSortKey = (firstLine: number) => `${contactsPrefix}${String(firstLine).padStart(10, '0')}`;
/** Batches hold up to a hundred contacts each. */
const contactBatchesPerPage = 10;

export class DynamoDbImportJobRepository implements ImportJobRepository {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async create(job: ImportJob): Promise<void> {
    await this.client.send(new PutCommand({ TableName: this.tableName, Item: this.toItem(job), ConditionExpression: `attribute_not_exists(${pk})` }));
  }

  async get(id: string): Promise<ImportJob | undefined> {
    const { Item } = await this.client.send(new GetCommand({ TableName: this.tableName, Key: jobKey(id), ConsistentRead: true }));
    return Item?.job as ImportJob | undefined;
  }

  async update(job: ImportJob): Promise<void> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: this.toItem(job),
          ConditionExpression: 'NOT #job.#status IN (:completed, :failed)',
          ExpressionAttributeNames: { '#job': 'job', '#status': 'status' },
          ExpressionAttributeValues: { ':completed': 'COMPLETED', ':failed': 'FAILED' },
        }),
      );
    } catch (error) {
      // A finished job is final: a late progress write from a redelivered run changes nothing.
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }

  async addRejections(jobId: string, rejections: readonly RowRejection[]): Promise<void> {
    const expiresAt = Math.floor(Date.now() / 1000) + retentionSeconds;
    await batchWriteAll(
      this.client,
      this.tableName,
      rejections.map((rejection) => ({ [pk]: `IMPORT#${jobId}`, [sk]: `REJECTION#${String(rejection.line).padStart(10, '0')}`, rejection, [ttlAttribute]: expiresAt })),
    );
  }

  async listRejections(jobId: string, limit: number, cursor: string | undefined): Promise<Page<RowRejection>> {
    const page = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :rejection)',
        ExpressionAttributeNames: { '#pk': pk, '#sk': sk },
        ExpressionAttributeValues: { ':pk': `IMPORT#${jobId}`, ':rejection': 'REJECTION#' },
        Limit: limit,
        ExclusiveStartKey: decodeCursor(cursor),
      }),
    );
    return { items: (page.Items ?? []).map((item) => item.rejection as RowRejection), cursor: encodeCursor(page.LastEvaluatedKey) };
  }

  async addContacts(jobId: string, firstLine: number, contactIds: readonly string[]): Promise<void> {
    // One item per batch of rows, not one per contact: remembering them costs one write per hundred rows.
    const expiresAt = Math.floor(Date.now() / 1000) + retentionSeconds;
    await this.client.send(new PutCommand({ TableName: this.tableName, Item: { [pk]: `IMPORT#${jobId}`, [sk]: contactsSortKey(firstLine), contactIds: [...contactIds], [ttlAttribute]: expiresAt } }));
  }

  async listContacts(jobId: string, cursor: string | undefined): Promise<Page<string>> {
    const page = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :contacts)',
        ExpressionAttributeNames: { '#pk': pk, '#sk': sk },
        ExpressionAttributeValues: { ':pk': `IMPORT#${jobId}`, ':contacts': contactsPrefix },
        Limit: contactBatchesPerPage,
        ExclusiveStartKey: decodeCursor(cursor),
      }),
    );
    return { items: (page.Items ?? []).flatMap((item) => item.contactIds as string[]), cursor: encodeCursor(page.LastEvaluatedKey) };
  }

  private toItem(job: ImportJob): Record<string, unknown> {
    const { byEntity } = contactsTable.indexes;
    const expiresAt = Math.floor(Date.parse(job.createdAt) / 1000) + retentionSeconds;
    return { ...jobKey(job.id), [byEntity.partitionKey]: 'IMPORT', [byEntity.sortKey]: `${job.createdAt}#${job.id}`, job, [ttlAttribute]: expiresAt };
  }
}

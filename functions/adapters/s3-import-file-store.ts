// ImportFileStore on S3: presigned PUT for the upload, a streamed GET for the import.
import { GetObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type { Readable } from 'node:stream';
import type { ImportFileStore } from '#ports/import-file-store';

export class S3ImportFileStore implements ImportFileStore {
  constructor(
    private readonly client: S3Client,
    private readonly bucketName: string,
  ) {}

  uploadUrl(key: string, expiresInSeconds: number): Promise<string> {
    return getSignedUrl(this.client, new PutObjectCommand({ Bucket: this.bucketName, Key: key, ContentType: 'text/csv' }), { expiresIn: expiresInSeconds });
  }

  async open(key: string): Promise<{ body: Readable; size: number }> {
    const object = await this.client.send(new GetObjectCommand({ Bucket: this.bucketName, Key: key }));
    return { body: object.Body as Readable, size: object.ContentLength ?? 0 };
  }
}

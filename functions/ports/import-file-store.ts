import type { Readable } from 'node:stream';

/** Where uploaded CSV files wait to be imported (S3 in AWS). */
export interface ImportFileStore {
  /** An address the client PUTs the file to, valid for `expiresInSeconds`. */
  uploadUrl(key: string, expiresInSeconds: number): Promise<string>;
  open(key: string): Promise<{ body: Readable; size: number }>;
}

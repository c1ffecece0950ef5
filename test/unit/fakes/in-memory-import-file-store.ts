// ImportFileStore in memory: a test puts the "uploaded" file, the use case opens it as a stream.
import { Readable } from 'node:stream';
import { NotFoundError } from '#domain/errors';
import type { ImportFileStore } from '#ports/import-file-store';

export class InMemoryImportFileStore implements ImportFileStore {
  private readonly files = new Map<string, Buffer>();

  /** What a client's PUT to the upload address would do. */
  put(key: string, content: string | Buffer): void {
    this.files.set(key, Buffer.isBuffer(content) ? content : Buffer.from(content, 'utf8'));
  }

  async uploadUrl(key: string, expiresInSeconds: number): Promise<string> {
    return `memory://imports/${key}?expiresIn=${expiresInSeconds}`;
  }

  async open(key: string): Promise<{ body: Readable; size: number }> {
    const content = this.files.get(key);
    if (content === undefined) throw new NotFoundError('import file', key);
    return { body: Readable.from([content]), size: content.byteLength };
  }
}

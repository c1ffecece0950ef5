// A tiny S3 stand-in for the local runtime (no S3 runs here): path-style PUT/GET/HEAD of objects on disk,
// enough for the SDK's GetObject and for presigned PUT uploads. Signatures are not checked.
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rename, stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';

export interface StoredObject {
  bucket: string;
  key: string;
  size: number;
}

export class LocalObjectStore {
  constructor(
    private readonly root: string,
    /** Called after an object is stored, as S3 would send "Object Created" to EventBridge. */
    private readonly onCreated: (object: StoredObject) => void,
  ) {}

  /** Serves `/<bucket>/<key>`; returns false when the path is not an object path. */
  async serve(request: IncomingMessage, response: ServerResponse, objectPath: string): Promise<boolean> {
    const match = /^\/([^/]+)\/(.+)$/.exec(objectPath);
    if (!match) return false;
    const bucket = decodeURIComponent(match[1]!);
    const key = match[2]!.split('/').map(decodeURIComponent).join('/');
    const file = this.fileOf(bucket, key);
    if (request.method === 'PUT') {
      await mkdir(path.dirname(file), { recursive: true });
      const partial = `${file}.${process.pid}.${Date.now()}.part`;
      await pipeline(request, createWriteStream(partial));
      await rename(partial, file);
      const { size } = await stat(file);
      response.writeHead(200, { etag: `"${size}-${Date.now()}"` }).end();
      this.onCreated({ bucket, key, size });
      return true;
    }
    const info = await stat(file).catch(() => undefined);
    if (!info) {
      response.writeHead(404, { 'content-type': 'application/xml' }).end('<Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message></Error>');
      return true;
    }
    response.writeHead(200, { 'content-length': String(info.size), 'content-type': 'text/csv', 'last-modified': info.mtime.toUTCString(), etag: `"${info.size}-${info.mtimeMs}"` });
    if (request.method === 'HEAD') response.end();
    else await pipeline(createReadStream(file), response);
    return true;
  }

  private fileOf(bucket: string, key: string): string {
    const file = path.resolve(this.root, bucket, key);
    if (!file.startsWith(path.resolve(this.root) + path.sep)) throw new Error('object key escapes the store');
    return file;
  }
}

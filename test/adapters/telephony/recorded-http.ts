// An SDK request handler for adapter tests: it keeps each serialized HTTP request and answers with recorded
// responses from ./recorded, so the real SDK client serializes, signs, parses and raises errors as in AWS.
import { readFileSync } from 'node:fs';
import { Readable } from 'node:stream';

export interface RecordedResponse {
  statusCode: number;
  headers: Record<string, string>;
  body: unknown;
}

export interface SentRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: any;
}

export function recorded(name: string): RecordedResponse {
  const file = new URL(`./recorded/${name}.json`, import.meta.url);
  return (JSON.parse(readFileSync(file, 'utf8')) as { response: RecordedResponse }).response;
}

/** Answers the n-th request with the n-th reply (the last one repeating); a reply may also be a thrown error. */
export class RecordingHttpHandler {
  readonly sent: SentRequest[] = [];

  constructor(private readonly replies: ReadonlyArray<RecordedResponse | Error>) {}

  /** The shape of the SDK's HttpHandler, written out: the SDK's type package is not a dependency of ours. */
  async handle(request: { method: string; path: string; headers: Record<string, string>; body?: unknown }): Promise<{ response: { statusCode: number; headers: Record<string, string>; body: Readable } }> {
    this.sent.push({
      method: request.method,
      path: request.path,
      headers: { ...request.headers },
      body: parseBody(request.body),
    });
    const reply = this.replies[Math.min(this.sent.length - 1, this.replies.length - 1)]!;
    if (reply instanceof Error) throw reply;
    return { response: { statusCode: reply.statusCode, headers: { ...reply.headers }, body: Readable.from(Buffer.from(JSON.stringify(reply.body))) } };
  }

  updateHttpClientConfig(): void {}

  httpHandlerConfigs(): Record<string, never> {
    return {};
  }
}

/** The SDK serializes JSON to a string or to bytes, depending on the protocol. */
function parseBody(body: unknown): unknown {
  const text = body instanceof Uint8Array ? new TextDecoder().decode(body) : body;
  return typeof text === 'string' && text !== '' ? JSON.parse(text) : text;
}

/** Client settings that keep the SDK off the machine's credentials and region. */
export const offlineClientConfig = { region: 'us-east-1', credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'test-secret' } };

/** A network error as Node raises it. */
export function networkError(code: string): Error {
  return Object.assign(new Error(`connect ${code}`), { code });
}

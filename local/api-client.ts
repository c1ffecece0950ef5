// A small client of the HTTP API for the CLI and the demo: JSON in, JSON out, errors with the API's message.
import type { Role } from '../functions/domain/access/roles.ts';

export interface ApiClientOptions {
  /** A bearer token (a Cognito token for a deployed API); without one, an administrator's development token is asked of the local runtime. */
  token?: string;
}

export class ApiClient {
  #token: Promise<string> | undefined;

  constructor(
    readonly baseUrl: string,
    options: ApiClientOptions = {},
  ) {
    if (options.token !== undefined) this.#token = Promise.resolve(options.token);
  }

  async request<T>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${await this.#bearer()}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    const payload = text === '' ? undefined : (JSON.parse(text) as unknown);
    if (!response.ok) throw new Error(`${method} ${path} → ${response.status}: ${(payload as { message?: string } | undefined)?.message ?? text}`);
    return payload as T;
  }

  #bearer(): Promise<string> {
    this.#token ??= developmentToken(this.baseUrl).catch((error: unknown) => {
      this.#token = undefined; // asked again on the next request
      throw error;
    });
    return this.#token;
  }
}

/** A development token from the local runtime's stand-in for signing in (`POST /_local/tokens`); an administrator's unless asked. */
export async function developmentToken(baseUrl: string, request: { role: Role; subject?: string } = { role: 'administrator' }): Promise<string> {
  const response = await fetch(`${baseUrl}/_local/tokens`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(request) });
  if (!response.ok) {
    throw new Error(`${baseUrl} gives no development token (${response.status}); for a deployed API, set CONTACTABLE_TOKEN to a token of its Cognito user pool`);
  }
  return ((await response.json()) as { token: string }).token;
}

export interface ImportStatus {
  id: string;
  status: 'AWAITING_UPLOAD' | 'RUNNING' | 'COMPLETED' | 'FAILED';
  counts: { rowsRead: number; created: number; updated: number; unchanged: number; rejected: number };
  bytesRead: number;
  totalBytes?: number;
  ignoredColumns: string[];
  failureReason?: string;
}

export interface Rejection {
  line: number;
  column?: string;
  reason: string;
  value?: string;
}

// A small client of the HTTP API for the CLI and the demo: JSON in, JSON out, errors with the API's message.
export class ApiClient {
  constructor(readonly baseUrl: string) {}

  async request<T>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    const payload = text === '' ? undefined : (JSON.parse(text) as unknown);
    if (!response.ok) throw new Error(`${method} ${path} → ${response.status}: ${(payload as { message?: string } | undefined)?.message ?? text}`);
    return payload as T;
  }
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

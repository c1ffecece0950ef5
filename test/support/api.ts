// The local API as the end-to-end tests use it: status and JSON body of every call.
import { inject } from 'vitest';

export interface ApiReply<T = any> {
  status: number;
  body: T;
}

export async function call<T = any>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<ApiReply<T>> {
  const response = await fetch(`${inject('apiUrl')}${path}`, {
    method,
    headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text === '' ? undefined : JSON.parse(text) };
}

/** Start an import, upload `csv`, and wait for the job to finish. */
export async function importCsv(csv: string, request: Record<string, unknown> = {}): Promise<{ job: any; rejections: any[] }> {
  const started = await call('POST', '/imports', request);
  if (started.status !== 201) throw new Error(`import not started: ${JSON.stringify(started.body)}`);
  const upload = await fetch(started.body.uploadUrl, { method: 'PUT', headers: { 'content-type': 'text/csv' }, body: csv });
  if (!upload.ok) throw new Error(`upload failed: ${upload.status}`);
  for (let attempt = 0; attempt < 300; attempt += 1) {
    const job = await call('GET', `/imports/${started.body.id}`);
    if (job.body.status === 'COMPLETED' || job.body.status === 'FAILED') {
      const rejections = await call('GET', `/imports/${started.body.id}/rejections?limit=100`);
      return { job: job.body, rejections: rejections.body.items };
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('import did not finish');
}

export function uniqueName(prefix: string): string {
  return `${prefix} ${Math.random().toString(36).slice(2, 8)}`;
}

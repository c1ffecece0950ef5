// The local API as the end-to-end tests use it: status and JSON body of every call, made as an administrator unless
// a test says who calls.
import { inject } from 'vitest';
import type { Role } from '../../functions/domain/access/roles.ts';

export interface ApiReply<T = any> {
  status: number;
  body: T;
}

/**
 * Who calls: a role (with the runtime's default subject for it, `local-<role>`), a role with a subject of the test's,
 * a token of the test's own making, or `anonymous` (no Authorization header at all).
 */
export type Caller = Role | { role: Role; subject: string } | { token: string } | 'anonymous';

export async function call<T = any>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<ApiReply<T>> {
  return callAs<T>('administrator', method, path, body, headers);
}

export async function callAs<T = any>(caller: Caller, method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<ApiReply<T>> {
  return callApi<T>(inject('apiUrl'), caller, method, path, body, headers);
}

/** As callAs, against the local runtime at `apiUrl` (a test file's own: test/support/isolated-runtime.ts). */
export async function callApi<T = any>(apiUrl: string, caller: Caller, method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<ApiReply<T>> {
  const response = await fetch(`${apiUrl}${path}`, {
    method,
    headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...(await authorization(caller, apiUrl)), ...headers },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text === '' ? undefined : JSON.parse(text) };
}

/** The Authorization header for `caller`, for a test that fetches by itself (to read response headers, say). */
export async function authorization(caller: Caller = 'administrator', apiUrl: string = inject('apiUrl')): Promise<Record<string, string>> {
  if (caller === 'anonymous') return {};
  const token = typeof caller === 'object' && 'token' in caller ? caller.token : await tokenFor(caller, apiUrl);
  return { authorization: `Bearer ${token}` };
}

/** One development token per runtime, role and subject, asked of that runtime once per test worker. */
const tokens = new Map<string, Promise<string>>();

export function tokenFor(caller: Role | { role: Role; subject: string }, apiUrl: string = inject('apiUrl')): Promise<string> {
  const request = typeof caller === 'string' ? { role: caller } : caller;
  const key = JSON.stringify([apiUrl, request]);
  let token = tokens.get(key);
  if (token === undefined) {
    token = fetchToken(apiUrl, request);
    tokens.set(key, token);
    token.catch(() => tokens.delete(key)); // a failed request is asked again next time
  }
  return token;
}

async function fetchToken(apiUrl: string, request: { role: Role; subject?: string }): Promise<string> {
  const response = await fetch(`${apiUrl}/_local/tokens`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(request) });
  if (!response.ok) throw new Error(`no development token for ${JSON.stringify(request)}: ${response.status} ${await response.text()}`);
  return ((await response.json()) as { token: string }).token;
}

/** Start an import, upload `csv`, and wait for the job to finish; as an administrator unless `caller` says. */
export async function importCsv(csv: string, request: Record<string, unknown> = {}, caller: Caller = 'administrator'): Promise<{ job: any; rejections: any[] }> {
  const started = await callAs(caller, 'POST', '/imports', request);
  if (started.status !== 201) throw new Error(`import not started: ${JSON.stringify(started.body)}`);
  const upload = await fetch(started.body.uploadUrl, { method: 'PUT', headers: { 'content-type': 'text/csv' }, body: csv });
  if (!upload.ok) throw new Error(`upload failed: ${upload.status}`);
  for (let attempt = 0; attempt < 300; attempt += 1) {
    const job = await callAs(caller, 'GET', `/imports/${started.body.id}`);
    if (job.body.status === 'COMPLETED' || job.body.status === 'FAILED') {
      const rejections = await callAs(caller, 'GET', `/imports/${started.body.id}/rejections?limit=100`);
      return { job: job.body, rejections: rejections.body.items };
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('import did not finish');
}

export function uniqueName(prefix: string): string {
  return `${prefix} ${Math.random().toString(36).slice(2, 8)}`;
}

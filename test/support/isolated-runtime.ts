// A local runtime of one test file's own, for tests that change what every other test would see: the identification
// setting is one per account, and its backfill examines every contact. Nothing else shares its data.
import '../../local/handler-log-level.ts';
import type { Role } from '../../functions/domain/access/roles.ts';
import { startLocalRuntime, type LocalRuntime, type LocalRuntimeOptions } from '../../local/runtime.ts';
import { callApi, type ApiReply } from './api.ts';

export interface IsolatedRuntime {
  runtime: LocalRuntime;
  /** As test/support/api.ts `callAs`, against this runtime. */
  callAs<T = any>(role: Role, method: string, path: string, body?: unknown): Promise<ApiReply<T>>;
  /** As an administrator. */
  call<T = any>(method: string, path: string, body?: unknown): Promise<ApiReply<T>>;
  /** Stops it and gives the process back the environment it had (the runtime sets its handlers' variables there). */
  stop(): Promise<void>;
}

export async function startIsolatedRuntime(options: LocalRuntimeOptions = {}): Promise<IsolatedRuntime> {
  const environment = { ...process.env };
  const runtime = await startLocalRuntime(options);
  const callAs = <T>(role: Role, method: string, path: string, body?: unknown): Promise<ApiReply<T>> => callApi<T>(runtime.url, role, method, path, body);
  return {
    runtime,
    callAs,
    call: (method, path, body) => callAs('administrator', method, path, body),
    async stop() {
      await runtime.stop();
      for (const name of Object.keys(process.env)) if (!(name in environment)) delete process.env[name];
      Object.assign(process.env, environment);
    },
  };
}

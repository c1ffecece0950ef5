// The internal do-not-call list through the API.
import { buildDoNotCallEntry, type DoNotCallEntry, type DoNotCallInput } from '../../consent/do-not-call.ts';
import { NotFoundError } from '../../errors.ts';
import type { Page } from '#ports/contact-repository';
import type { ConsentDependencies } from './consent-dependencies.ts';

export async function addToDoNotCall(deps: ConsentDependencies, input: DoNotCallInput, actor: string): Promise<DoNotCallEntry> {
  const entry = buildDoNotCallEntry(input, actor, deps.clock.now());
  await deps.consent.putDoNotCall(entry);
  deps.log.info('do-not-call entry added', { prefixLength: entry.prefix.length, expiresAt: entry.expiresAt, actor });
  return entry;
}

export async function removeFromDoNotCall(deps: ConsentDependencies, prefix: string): Promise<void> {
  if (!(await deps.consent.deleteDoNotCall(prefix))) throw new NotFoundError('do-not-call entry', prefix);
}

export async function getDoNotCall(deps: ConsentDependencies, prefix: string): Promise<DoNotCallEntry> {
  const entry = await deps.consent.getDoNotCall(prefix);
  if (!entry) throw new NotFoundError('do-not-call entry', prefix);
  return entry;
}

export function listDoNotCall(deps: ConsentDependencies, limit: number, cursor: string | undefined): Promise<Page<DoNotCallEntry>> {
  return deps.consent.listDoNotCall(limit, cursor);
}

// Switching mobile number identification on or off (administrators), and reading or resuming the backfill that
// switching it on starts (DESIGN §3).
import { ConflictError, NotFoundError, VersionConflictError } from '../../errors.ts';
import { newBackfill, type IdentificationBackfill } from '../../identity/identification-backfill.ts';
import type { IdGenerator } from '#ports/id-generator';
import type { IdentificationSetting, InteractionStore } from '#ports/interaction-store';
import { openBackfill, stopBackfill, type BackfillDependencies } from './identification-backfill.ts';

export type IdentificationSwitchDependencies = Pick<BackfillDependencies, 'backfills' | 'starter' | 'clock' | 'log'> & {
  interactions: Pick<InteractionStore, 'getIdentificationSetting' | 'putIdentificationSetting'>;
  ids: Pick<IdGenerator, 'newId'>;
};

export interface IdentificationSwitch {
  enabled: boolean;
  /** The version the caller read: a stale one changes nothing (VersionConflictError). */
  version: number;
}

export interface SwitchResult {
  setting: IdentificationSetting;
  /** The backfill this switch started (off → on) or stopped (on → off); undefined when it did neither. */
  backfill: IdentificationBackfill | undefined;
}

/**
 * Off → on starts a backfill; on → off stops the running one at its next page (no paid lookup is made for a setting
 * that is off). The same value again changes and starts nothing.
 */
export async function switchIdentification(deps: IdentificationSwitchDependencies, change: IdentificationSwitch, actor: string): Promise<SwitchResult> {
  const current = await deps.interactions.getIdentificationSetting();
  if (current.version !== change.version) throw new VersionConflictError('setting', 'identification', change.version);
  if (current.enabled === change.enabled) return { setting: current, backfill: undefined };
  const now = deps.clock.now().toISOString();
  const backfill = change.enabled ? newBackfill(deps.ids.newId(), actor, now) : undefined;
  const next: IdentificationSetting = { enabled: change.enabled, version: current.version + 1, updatedAt: now, backfillId: backfill?.id ?? current.backfillId };
  if (!(await deps.interactions.putIdentificationSetting(current, next))) throw new VersionConflictError('setting', 'identification', change.version);
  deps.log.info('mobile number identification switched', { enabled: next.enabled, actor, backfillId: backfill?.id });
  if (backfill === undefined) return { setting: next, backfill: current.backfillId === undefined ? undefined : await stopBackfill(deps, current.backfillId) };
  // The setting is what commits the switch: should what follows fail, it names the backfill, and a resume (or the
  // worker itself) creates it.
  await deps.backfills.create(backfill);
  await deps.starter.start({ backfillId: backfill.id });
  return { setting: next, backfill };
}

export async function getBackfill(deps: Pick<IdentificationSwitchDependencies, 'backfills'>, id: string): Promise<IdentificationBackfill> {
  const backfill = await deps.backfills.get(id);
  if (backfill === undefined) throw new NotFoundError('identification backfill', id);
  return backfill;
}

/**
 * Start the worker again on a backfill that is not finished: one that FAILED (its retries ran out), or one still
 * RUNNING whose invocation was lost. It goes on from its last saved page; should an invocation still be running, the
 * two race for each page and only one saves it. A COMPLETED or STOPPED backfill is not resumed (409): switching
 * identification off and on starts a new one.
 */
export async function resumeBackfill(deps: IdentificationSwitchDependencies, id: string): Promise<IdentificationBackfill> {
  const [stored, setting] = await Promise.all([deps.backfills.get(id), deps.interactions.getIdentificationSetting()]);
  const current = setting.enabled && setting.backfillId === id;
  if (stored === undefined && !current) throw new NotFoundError('identification backfill', id);
  if (stored?.status === 'COMPLETED') throw new ConflictError(`identification backfill ${id} is complete: nothing to resume`);
  if (stored?.status === 'STOPPED') throw new ConflictError(`identification backfill ${id} was stopped when identification was switched off: switching it on starts a new one`);
  if (!current) throw new ConflictError(`identification backfill ${id} is not the one identification runs now (switched off, or on again since)`);
  const opened = await openBackfill(deps, id);
  if (opened === undefined) throw new ConflictError(`identification backfill ${id} finished meanwhile: nothing to resume`);
  await deps.starter.start({ backfillId: id });
  deps.log.info('identification backfill resumed', { backfillId: id, pages: opened.pages });
  return opened;
}

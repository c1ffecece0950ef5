import type { Clock } from '#ports/clock';

let current: Clock = { now: () => new Date() };

/** Wall time, unless the process runs campaign time on another clock. */
export const systemClock: Clock = { now: () => current.now() };

/**
 * The embedded local runtime runs campaigns on a virtual clock, in the same process as the handlers: it installs
 * that clock here. Nothing deployed calls this.
 */
export function installClock(clock: Clock): void {
  current = clock;
}

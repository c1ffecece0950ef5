// A discrete-event clock for the local runtime: campaign time stands still while anything runs and jumps to the
// next due timer when everything is idle, so hours of waits pass in milliseconds with exact timestamps.
import type { Clock } from '../functions/ports/clock.ts';

export interface VirtualClockOptions {
  /** Campaign time at start (default: the wall clock's now). */
  start?: Date;
  /** Jump to the next timer whenever nothing is active (default true). Off, time moves only by set() / advanceBy(). */
  autoAdvance?: boolean;
  /** setImmediate turns to wait before deciding that nothing is active: lets resolved promises run their continuations. */
  settleTurns?: number;
  /** Where errors thrown by scheduled actions go (default: rethrown on a later turn, as an uncaught error). */
  onActionError?: (error: unknown) => void;
}

export interface ScheduledAction {
  readonly at: Date;
  /** Idempotent; a cancelled action never runs. */
  cancel(): void;
}

export interface VirtualClockState {
  now: Date;
  autoAdvance: boolean;
  activity: number;
  pendingTimers: number;
  nextTimerAt?: Date;
}

interface Timer {
  at: number;
  seq: number;
  action: () => unknown;
  done: boolean;
}

interface Target {
  at: number;
  reached: () => void;
}

export class VirtualClock implements Clock {
  #now: number;
  #autoAdvance: boolean;
  readonly #settleTurns: number;
  readonly #onActionError: (error: unknown) => void;
  /** Sorted by time, then by scheduling order, so that timers due at one instant fire in the order they were set. */
  #timers: Timer[] = [];
  #seq = 0;
  #activity = 0;
  #targets: Target[] = [];
  #idleWaiters: Array<() => void> = [];
  #stepPending = false;
  #closed = false;

  constructor(options: VirtualClockOptions = {}) {
    this.#now = (options.start ?? new Date()).getTime();
    this.#autoAdvance = options.autoAdvance ?? true;
    this.#settleTurns = options.settleTurns ?? 3;
    this.#onActionError = options.onActionError ?? ((error) => setImmediate(() => { throw error; }));
  }

  now(): Date {
    return new Date(this.#now);
  }

  /** Run `action` when campaign time reaches `at` (at once, on the next step, if `at` is past). A promise it returns is tracked. */
  schedule(at: Date, action: () => unknown): ScheduledAction {
    const timer: Timer = { at: Math.max(at.getTime(), this.#now), seq: this.#seq++, action, done: this.#closed };
    if (!timer.done) {
      this.#timers.splice(this.#insertionIndex(timer), 0, timer);
      this.#kick();
    }
    return {
      at: new Date(timer.at),
      cancel: () => {
        if (timer.done) return;
        timer.done = true;
        this.#timers.splice(this.#timers.indexOf(timer), 1);
        this.#kick();
      },
    };
  }

  /**
   * Resolves when campaign time reaches `at`; rejects with the signal's reason if aborted first. Never sleep inside
   * tracked work: tracked work holds time still, so the sleep would never end.
   */
  sleepUntil(at: Date, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason as Error);
      const onAbort = () => {
        timer.cancel();
        reject(signal!.reason as Error);
      };
      const timer = this.schedule(at, () => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      });
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  /** Counts `work` as activity until it settles: time does not move meanwhile. Returns `work`'s outcome. */
  track<T>(work: PromiseLike<T>): Promise<T> {
    const release = this.hold();
    return Promise.resolve(work).finally(release);
  }

  /** Keeps time still until the returned function is called (e.g. while a test or an external driver acts). */
  hold(): () => void {
    this.#activity++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.#activity--;
      if (this.#activity === 0) this.#kick();
    };
  }

  /**
   * Moves campaign time to `at`, firing every timer due on the way at its own instant and letting the work it starts
   * finish first. Resolves once the clock stands at `at`: do not await it from tracked activity (it waits for idle).
   * Moving back is allowed only while no timer is pending.
   */
  set(at: Date): Promise<void> {
    const target = at.getTime();
    if (Number.isNaN(target)) return Promise.reject(new RangeError('the virtual clock needs a valid date'));
    if (target < this.#now) {
      if (this.#timers.length > 0) return Promise.reject(new RangeError('the virtual clock cannot move back while timers are pending'));
      this.#now = target;
      return Promise.resolve();
    }
    return new Promise((reached) => {
      this.#targets.push({ at: target, reached });
      this.#kick();
    });
  }

  advanceBy(milliseconds: number): Promise<void> {
    if (!(milliseconds >= 0)) return Promise.reject(new RangeError('the virtual clock only moves forward by a non-negative duration'));
    return this.set(new Date(this.#now + milliseconds));
  }

  setAutoAdvance(on: boolean): void {
    this.#autoAdvance = on;
    this.#kick();
  }

  /** Resolves when nothing is active and the clock has nothing left to do by itself (no timer, or auto-advance off). */
  idle(): Promise<void> {
    if (this.#closed) return Promise.resolve();
    return new Promise((resolve) => {
      this.#idleWaiters.push(resolve);
      this.#kick();
    });
  }

  state(): VirtualClockState {
    const next = this.#timers[0];
    return { now: this.now(), autoAdvance: this.#autoAdvance, activity: this.#activity, pendingTimers: this.#timers.length, ...(next && { nextTimerAt: new Date(next.at) }) };
  }

  /** Drops every pending timer (they never fire) and releases everyone waiting on the clock. */
  close(): void {
    this.#closed = true;
    for (const timer of this.#timers) timer.done = true;
    this.#timers = [];
    for (const target of this.#targets.splice(0)) target.reached();
    for (const resolve of this.#idleWaiters.splice(0)) resolve();
  }

  #insertionIndex(timer: Timer): number {
    let low = 0;
    let high = this.#timers.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      const other = this.#timers[middle]!;
      if (other.at < timer.at || (other.at === timer.at && other.seq < timer.seq)) low = middle + 1;
      else high = middle;
    }
    return low;
  }

  /** One step at a time, after the event loop has settled: work a fired timer starts must be seen before the next jump. */
  #kick(): void {
    if (this.#closed || this.#stepPending) return;
    this.#stepPending = true;
    void this.#settle().then(() => {
      this.#stepPending = false;
      this.#step();
    });
  }

  async #settle(): Promise<void> {
    for (let turn = 0; turn < this.#settleTurns; turn++) await new Promise<void>((resolve) => setImmediate(resolve));
  }

  #step(): void {
    if (this.#closed || this.#activity > 0) return; // the end of the activity kicks again
    const next = this.#timers[0];
    const target = this.#targets.reduce<number | undefined>((nearest, { at }) => (nearest === undefined || at < nearest ? at : nearest), undefined);
    if (target !== undefined && (next === undefined || target < next.at)) {
      this.#now = Math.max(this.#now, target);
      const reached = this.#targets.filter(({ at }) => at <= this.#now);
      this.#targets = this.#targets.filter(({ at }) => at > this.#now);
      for (const { reached: resolve } of reached) resolve();
      this.#kick();
      return;
    }
    if (next !== undefined && (this.#autoAdvance || (target !== undefined && next.at <= target))) {
      this.#now = Math.max(this.#now, next.at);
      this.#fireDue();
      this.#kick();
      return;
    }
    for (const resolve of this.#idleWaiters.splice(0)) resolve();
  }

  #fireDue(): void {
    const due: Timer[] = [];
    while (this.#timers[0] !== undefined && this.#timers[0].at <= this.#now) due.push(this.#timers.shift()!);
    for (const timer of due) {
      timer.done = true;
      try {
        const result = timer.action();
        if (isPromiseLike(result)) this.track(result).catch(this.#onActionError);
      } catch (error) {
        this.#onActionError(error);
      }
    }
  }
}

function isPromiseLike(value: unknown): value is PromiseLike<unknown> {
  return typeof (value as PromiseLike<unknown> | undefined)?.then === 'function';
}

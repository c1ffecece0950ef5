// The virtual clock: time stands still while work runs, jumps to the next timer when all is idle, and moves exactly.
import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../../local/virtual-clock.ts';

const start = new Date('2025-03-03T10:00:00.000Z');
const at = (minutes: number) => new Date(start.getTime() + minutes * 60_000);
const wallDelay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('VirtualClock', () => {
  it('jumps from timer to timer when idle, firing them in time order at their exact instants', async () => {
    // Prepare
    const clock = new VirtualClock({ start });
    const fired: string[] = [];
    for (const minutes of [2, 0.5, 1]) clock.schedule(at(minutes), () => fired.push(clock.now().toISOString()));

    // Act
    await clock.idle();

    // Assess
    expect(fired).toEqual([at(0.5), at(1), at(2)].map((date) => date.toISOString()));
    expect(clock.now()).toEqual(at(2));
  });

  it('fires timers due at the same instant in the order they were scheduled', async () => {
    // Prepare
    const clock = new VirtualClock({ start });
    const fired: string[] = [];
    for (const name of ['first', 'second', 'third']) clock.schedule(at(5), () => fired.push(name));

    // Act
    await clock.idle();

    // Assess
    expect(fired).toEqual(['first', 'second', 'third']);
  });

  it('stands still while tracked work runs, however long it takes on the wall clock', async () => {
    // Prepare
    const clock = new VirtualClock({ start });
    clock.schedule(at(60), () => undefined);
    let seenByWork: Date | undefined;

    // Act
    await clock.track(wallDelay(30).then(() => (seenByWork = clock.now())));
    await clock.idle();

    // Assess
    expect(seenByWork).toEqual(start);
    expect(clock.now()).toEqual(at(60));
  });

  it('lets a chain of sleeps, each computed from now, pass 90 minutes exactly in a few milliseconds', async () => {
    // Prepare
    const clock = new VirtualClock({ start });
    const wokeAt: string[] = [];
    const wallStart = Date.now();

    // Act (not tracked: tracked work holds time still, so a sleep inside it would never end)
    for (let step = 0; step < 3; step++) {
      await clock.sleepUntil(new Date(clock.now().getTime() + 30 * 60_000));
      wokeAt.push(clock.now().toISOString());
    }

    // Assess
    expect(wokeAt).toEqual([at(30), at(60), at(90)].map((date) => date.toISOString()));
    expect(Date.now() - wallStart).toBeLessThan(1000);
  });

  it('keeps time still while held, and moves on once released', async () => {
    // Prepare
    const clock = new VirtualClock({ start });
    let fired = false;
    clock.schedule(at(10), () => (fired = true));
    const release = clock.hold();

    // Act
    await wallDelay(20);
    const whileHeld = { fired, now: clock.now() };
    release();
    await clock.idle();

    // Assess
    expect(whileHeld).toEqual({ fired: false, now: start });
    expect(fired).toBe(true);
  });

  it('without auto-advance, advanceBy fires only the timers due on the way and stops at the target', async () => {
    // Prepare
    const clock = new VirtualClock({ start, autoAdvance: false });
    const fired: string[] = [];
    clock.schedule(at(1), () => fired.push(clock.now().toISOString()));
    clock.schedule(at(5), () => fired.push(clock.now().toISOString()));

    // Act
    await clock.advanceBy(3 * 60_000);

    // Assess
    expect(fired).toEqual([at(1).toISOString()]);
    expect(clock.now()).toEqual(at(3));
    expect(clock.state()).toMatchObject({ pendingTimers: 1, nextTimerAt: at(5) });
  });

  it('set() lets the work a timer starts finish before the next timer fires', async () => {
    // Prepare
    const clock = new VirtualClock({ start, autoAdvance: false });
    const log: string[] = [];
    clock.schedule(at(1), () => wallDelay(20).then(() => log.push(`work of 10:01 done at ${clock.now().toISOString()}`)));
    clock.schedule(at(2), () => log.push(`10:02 fired at ${clock.now().toISOString()}`));

    // Act
    await clock.set(at(2));

    // Assess
    expect(log).toEqual([`work of 10:01 done at ${at(1).toISOString()}`, `10:02 fired at ${at(2).toISOString()}`]);
  });

  it('rejects an aborted sleep, and its timer no longer moves time', async () => {
    // Prepare
    const clock = new VirtualClock({ start });
    const controller = new AbortController();
    const release = clock.hold();
    const sleep = clock.sleepUntil(at(30), controller.signal).catch((error: unknown) => error);

    // Act
    controller.abort(new Error('execution stopped'));
    release();
    await clock.idle();

    // Assess
    expect(await sleep).toEqual(new Error('execution stopped'));
    expect(clock.now()).toEqual(start);
    expect(clock.state().pendingTimers).toBe(0);
  });

  it('refuses to move back while timers are pending', async () => {
    // Prepare
    const clock = new VirtualClock({ start, autoAdvance: false });
    clock.schedule(at(1), () => undefined);

    // Act
    const movingBack = clock.set(at(-1));

    // Assess
    await expect(movingBack).rejects.toThrow(RangeError);
    expect(clock.now()).toEqual(start);
  });

  it('close() drops pending timers: none of them ever fires', async () => {
    // Prepare
    const clock = new VirtualClock({ start });
    let fired = false;
    const release = clock.hold();
    clock.schedule(at(1), () => (fired = true));

    // Act
    clock.close();
    release();
    await wallDelay(10);

    // Assess
    expect(fired).toBe(false);
    expect(clock.state().pendingTimers).toBe(0);
  });
});

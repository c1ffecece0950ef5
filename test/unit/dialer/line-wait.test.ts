// Waiting for a free line: the wait doubles up to its cap, and contacts waiting together spread out.
import { describe, it, expect } from 'vitest';
import { lineWaitSeconds, maxLineWaitMinutes } from '#domain/dialer/line-wait';

describe('lineWaitSeconds', () => {
  it('doubles from one minute to the cap, each within a quarter of its nominal length', () => {
    // Act
    const waits = [1, 2, 3, 4, 5, 12].map((tries) => lineWaitSeconds(tries, 'campaign_run_contact/7'));

    // Assess
    const nominal = [60, 120, 240, 480, 480, 480];
    waits.forEach((wait, index) => {
      expect(wait).toBeGreaterThanOrEqual(nominal[index]! * 0.75);
      expect(wait).toBeLessThanOrEqual(nominal[index]! * 1.25);
    });
    expect(maxLineWaitMinutes * 60).toBe(480);
  });

  it('gives one attempt the same wait every time, and spreads the attempts of a campaign over the range', () => {
    // Prepare
    const attemptIds = Array.from({ length: 1_000 }, (_, index) => `campaign_run_contact-${index}/1`);

    // Act
    const waits = attemptIds.map((attemptId) => lineWaitSeconds(1, attemptId));

    // Assess
    expect(attemptIds.map((attemptId) => lineWaitSeconds(1, attemptId))).toEqual(waits);
    const bySecond = new Map<number, number>();
    for (const wait of waits) bySecond.set(wait, (bySecond.get(wait) ?? 0) + 1);
    expect(Math.min(...waits)).toBeLessThan(50);
    expect(Math.max(...waits)).toBeGreaterThan(70);
    expect(Math.max(...bySecond.values())).toBeLessThan(60); // no second of the 31 gets a crowd
  });
});

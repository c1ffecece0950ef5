// Clock that says what the test tells it to.
import type { Clock } from '#ports/clock';

export class FixedClock implements Clock {
  private time: number;

  constructor(iso = '2025-03-01T10:00:00.000Z') {
    this.time = Date.parse(iso);
  }

  now(): Date {
    return new Date(this.time);
  }

  advanceMinutes(minutes: number): void {
    this.time += minutes * 60_000;
  }
}

// A hand-driven clock and schedule for the telephony simulator: tests decide when scheduled call ends happen.
import type { SimulatedCallEndedEvent, TelephonySimulatorOptions } from '../../../local/telephony-simulator.ts';

export class FakeScheduler {
  readonly delivered: SimulatedCallEndedEvent[] = [];
  private readonly pending: Array<{ at: Date; action: () => Promise<void> }> = [];
  private time: number;

  constructor(startIso = '2026-03-02T10:00:00.000Z') {
    this.time = Date.parse(startIso);
  }

  /** The options a TelephonySimulator takes, wired to this scheduler. */
  readonly options: TelephonySimulatorOptions = {
    now: () => new Date(this.time),
    schedule: (at, action) => {
      this.pending.push({ at, action });
    },
    deliver: (event) => {
      this.delivered.push(event);
    },
  };

  get scheduledTimes(): string[] {
    return this.pending.map((entry) => entry.at.toISOString());
  }

  advanceSeconds(seconds: number): void {
    this.time += seconds * 1000;
  }

  /** Run every action due by now, in time order. */
  async runDue(): Promise<void> {
    const due = this.pending.filter((entry) => entry.at.getTime() <= this.time).sort((a, b) => a.at.getTime() - b.at.getTime());
    for (const entry of due) {
      this.pending.splice(this.pending.indexOf(entry), 1);
      await entry.action();
    }
  }
}

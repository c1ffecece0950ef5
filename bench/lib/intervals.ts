// How many calls (or line holds) were going on at once: the check that a campaign never had more than its lines.

export interface Interval {
  start: string;
  end: string;
}

/** The most intervals open at one instant; one that ends when another starts does not overlap it. */
export function peakOverlap(intervals: readonly Interval[]): number {
  const events = intervals.flatMap(({ start, end }) => [
    { at: Date.parse(start), delta: 1 },
    { at: Date.parse(end), delta: -1 },
  ]);
  events.sort((a, b) => a.at - b.at || a.delta - b.delta);
  let open = 0;
  let peak = 0;
  for (const { delta } of events) {
    open += delta;
    peak = Math.max(peak, open);
  }
  return peak;
}

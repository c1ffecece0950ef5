// Metrics counted in memory, so a test (or a local run) can read how many paid lookups, calls, closures were counted.
import type { MetricDimension, MetricName, Metrics } from '#ports/metrics';

export class CountingMetrics implements Metrics {
  private readonly counts = new Map<string, number>();

  count(name: MetricName, dimension?: MetricDimension, value = 1): void {
    this.add(name, value);
    if (dimension !== undefined) this.add(keyOf(name, dimension), value);
  }

  /** Everything counted under `name`, whatever its dimension. */
  total(name: MetricName): number {
    return this.counts.get(name) ?? 0;
  }

  /** What was counted under `name` with this dimension value (`totalBy('CallsPlaced', 'status', 'NO_ANSWER')`). */
  totalBy(name: MetricName, dimension: MetricDimension['name'], value: string): number {
    return this.counts.get(keyOf(name, { name: dimension, value })) ?? 0;
  }

  /** name → { dimension value → count } for one dimension, e.g. every close reason counted. */
  breakdown(name: MetricName, dimension: MetricDimension['name']): Record<string, number> {
    const prefix = `${name}|${dimension}=`;
    return Object.fromEntries([...this.counts].filter(([key]) => key.startsWith(prefix)).map(([key, count]) => [key.slice(prefix.length), count]));
  }

  private add(key: string, value: number): void {
    this.counts.set(key, (this.counts.get(key) ?? 0) + value);
  }
}

function keyOf(name: MetricName, dimension: MetricDimension): string {
  return `${name}|${dimension.name}=${dimension.value}`;
}

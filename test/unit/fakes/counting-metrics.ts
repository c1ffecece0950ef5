// Metrics counted in memory, so a test (or a local run) can read how many paid lookups were made.
import type { MetricName, Metrics } from '#ports/metrics';

export class CountingMetrics implements Metrics {
  private readonly counts = new Map<MetricName, number>();

  count(name: MetricName, value = 1): void {
    this.counts.set(name, this.total(name) + value);
  }

  total(name: MetricName): number {
    return this.counts.get(name) ?? 0;
  }
}

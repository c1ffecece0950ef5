// The Metrics port on Powertools Metrics: Embedded Metric Format lines that CloudWatch Logs turns into metrics, through
// the same buffer the handler wrapper flushes (and the ColdStart count), so there is one metrics path.
import { MetricUnit, type Metrics as PowertoolsMetricsBuffer } from '@aws-lambda-powertools/metrics';
import type { MetricDimension, MetricName, Metrics } from '#ports/metrics';
import { metrics as sharedMetrics } from '#shared/observability';

/**
 * A plain count joins the invocation's buffer (flushed once, after the handler, values of one name in one line). A
 * count with a dimension is written at once as a line of its own — dimensions in Powertools apply to a whole buffer,
 * and one invocation may count several statuses — with two dimension sets: the service alone (the total an alarm or a
 * graph reads) and the service with the dimension (the breakdown).
 */
export class PowertoolsMetrics implements Metrics {
  constructor(private readonly buffer: PowertoolsMetricsBuffer = sharedMetrics) {}

  count(name: MetricName, dimension?: MetricDimension, value = 1): void {
    if (dimension === undefined) {
      this.buffer.addMetric(name, MetricUnit.Count, value);
      return;
    }
    const line = this.buffer.singleMetric();
    line.addDimensions({ [dimension.name]: dimension.value });
    line.addDimensions({}); // the service alone
    line.addMetric(name, MetricUnit.Count, value);
  }
}

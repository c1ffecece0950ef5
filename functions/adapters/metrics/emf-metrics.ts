// Metrics as CloudWatch Embedded Metric Format log lines: CloudWatch Logs turns each into a metric, no API call made.
import type { Logger } from '@aws-lambda-powertools/logger';
import { systemClock } from '#adapters/system-clock';
import type { Clock } from '#ports/clock';
import type { MetricName, Metrics } from '#ports/metrics';
import { logger as sharedLogger, serviceName } from '#shared/observability';

export interface EmfMetricsOptions {
  /** The CloudWatch namespace: the service's name unless told. */
  namespace?: string;
  clock?: Clock;
}

/**
 * One line per count, written as an INFO line of the shared logger, whose `service` key is the metric's one
 * dimension. A function whose log level is set above INFO writes none: the local runtime runs its handlers at WARN
 * and counts lookups on its simulator instead.
 */
export class EmfMetrics implements Metrics {
  private readonly namespace: string;
  private readonly clock: Clock;

  constructor(
    private readonly logger: Pick<Logger, 'info'> = sharedLogger,
    options: EmfMetricsOptions = {},
  ) {
    this.namespace = options.namespace ?? serviceName;
    this.clock = options.clock ?? systemClock;
  }

  count(name: MetricName, value = 1): void {
    this.logger.info(`metric ${name}`, {
      _aws: {
        Timestamp: this.clock.now().getTime(),
        CloudWatchMetrics: [{ Namespace: this.namespace, Dimensions: [['service']], Metrics: [{ Name: name, Unit: 'Count' }] }],
      },
      [name]: value,
    });
  }
}

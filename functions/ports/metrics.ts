// Business metrics, one naming scheme: PascalCase counts, published under the service's namespace.

/**
 * `PaidLookups`: every request sent to the paid number lookup, answered or not (a provider may bill a request
 * that timed out). `LookupFailures`: those that brought no answer.
 */
export type MetricName = 'PaidLookups' | 'LookupFailures';

export interface Metrics {
  count(name: MetricName, value?: number): void;
}

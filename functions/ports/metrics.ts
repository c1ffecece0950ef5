// Business metrics, one naming scheme: PascalCase counts, published under the service's namespace.

/**
 * `PaidLookups`: every request sent to the paid number lookup, answered or not (a provider may bill a request
 * that timed out). `LookupFailures`: those that brought no answer.
 * `CallsPlaced` (by `status`): one per dialled call, counted when its History row is written (so a duplicate outcome
 * counts nothing). `ContactsClosed` (by `reason`): one per Final row, counted when it is written.
 * `OptOuts` (by `source`: `keyword`, `api`, `agent`, …): one per request that withdrew a consent (a STOP that finds
 * nothing left to withdraw counts nothing).
 */
export type MetricName = 'PaidLookups' | 'LookupFailures' | 'CallsPlaced' | 'ContactsClosed' | 'OptOuts';

/** The one dimension a count may carry beside the service: the call status, the close reason, the opt-out's source. */
export interface MetricDimension {
  name: 'status' | 'reason' | 'source';
  value: string;
}

export interface Metrics {
  /** Adds `value` (1 unless told) to the count; with a dimension, to the total and to the dimension's value's count. */
  count(name: MetricName, dimension?: MetricDimension, value?: number): void;
}

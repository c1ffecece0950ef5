// The EMF metrics adapter with a real Powertools logger: each count is one JSON line CloudWatch turns into a metric.
import { Logger } from '@aws-lambda-powertools/logger';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { EmfMetrics } from '../../../functions/adapters/metrics/emf-metrics.ts';
import { serviceName } from '../../../functions/shared/observability.ts';

const now = new Date('2026-03-03T10:00:00.000Z');

/** The lines the logger writes to standard output while `act` runs, parsed. */
function linesWrittenBy(act: () => void): any[] {
  const written: string[] = [];
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    written.push(String(chunk));
    return true;
  });
  try {
    act();
  } finally {
    spy.mockRestore();
  }
  return written.join('').split('\n').filter((line) => line.trim() !== '').map((line) => JSON.parse(line));
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('EmfMetrics', () => {
  it('writes one Embedded Metric Format line per count, with the service as its dimension', () => {
    // Prepare
    const metrics = new EmfMetrics(new Logger({ serviceName, logLevel: 'INFO' }), { clock: { now: () => now } });

    // Act
    const lines = linesWrittenBy(() => {
      metrics.count('PaidLookups');
      metrics.count('LookupFailures', 3);
    });

    // Assess
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatchObject({
      service: serviceName,
      PaidLookups: 1,
      _aws: { Timestamp: now.getTime(), CloudWatchMetrics: [{ Namespace: serviceName, Dimensions: [['service']], Metrics: [{ Name: 'PaidLookups', Unit: 'Count' }] }] },
    });
    expect(lines[1]).toMatchObject({ LookupFailures: 3, _aws: { CloudWatchMetrics: [{ Metrics: [{ Name: 'LookupFailures', Unit: 'Count' }] }] } });
  });

  it('publishes under the namespace it is given', () => {
    // Prepare
    const metrics = new EmfMetrics(new Logger({ serviceName, logLevel: 'INFO' }), { namespace: 'contactable-staging', clock: { now: () => now } });

    // Act
    const [line] = linesWrittenBy(() => metrics.count('PaidLookups'));

    // Assess
    expect(line._aws.CloudWatchMetrics[0].Namespace).toBe('contactable-staging');
  });
});

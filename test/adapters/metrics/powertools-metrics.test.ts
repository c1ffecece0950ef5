// The Metrics port on a real Powertools Metrics buffer: what CloudWatch receives, as Embedded Metric Format lines.
import { Metrics } from '@aws-lambda-powertools/metrics';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { PowertoolsMetrics } from '../../../functions/adapters/metrics/powertools-metrics.ts';
import { serviceName } from '../../../functions/shared/observability.ts';

/** The lines written to standard output while `act` runs, parsed. */
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

let buffer: Metrics;
const disabledBefore = process.env.POWERTOOLS_METRICS_DISABLED;

beforeEach(() => {
  // The local runtime turns metrics off for the whole test run; this buffer publishes, as in Lambda.
  process.env.POWERTOOLS_METRICS_DISABLED = 'false';
  buffer = new Metrics({ namespace: serviceName, serviceName, logger: { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined } });
});

afterEach(() => {
  if (disabledBefore === undefined) delete process.env.POWERTOOLS_METRICS_DISABLED;
  else process.env.POWERTOOLS_METRICS_DISABLED = disabledBefore;
  vi.restoreAllMocks();
});

describe('PowertoolsMetrics', () => {
  it('buffers plain counts into one line per flush, under the service namespace with the service as dimension', () => {
    // Prepare
    const metrics = new PowertoolsMetrics(buffer);

    // Act
    const lines = linesWrittenBy(() => {
      metrics.count('PaidLookups');
      metrics.count('PaidLookups');
      metrics.count('LookupFailures', undefined, 3);
      buffer.publishStoredMetrics();
    });

    // Assess
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      service: serviceName,
      PaidLookups: [1, 1],
      LookupFailures: 3,
      _aws: { CloudWatchMetrics: [{ Namespace: serviceName, Dimensions: [['service']], Metrics: expect.arrayContaining([{ Name: 'PaidLookups', Unit: 'Count' }, { Name: 'LookupFailures', Unit: 'Count' }]) }] },
    });
  });

  it('writes a count with a dimension at once, as the total and as the dimension value’s count', () => {
    // Prepare
    const metrics = new PowertoolsMetrics(buffer);

    // Act
    const lines = linesWrittenBy(() => {
      metrics.count('CallsPlaced', { name: 'status', value: 'NO_ANSWER' });
      metrics.count('CallsPlaced', { name: 'status', value: 'BUSY' });
      metrics.count('ContactsClosed', { name: 'reason', value: 'REACHED' });
    });

    // Assess: one line each, with its own value (one invocation may count several statuses)
    expect(lines.map((line) => [line.status ?? line.reason, line.CallsPlaced ?? line.ContactsClosed])).toEqual([
      ['NO_ANSWER', 1],
      ['BUSY', 1],
      ['REACHED', 1],
    ]);
    for (const line of lines) {
      const [definition] = line._aws.CloudWatchMetrics;
      expect(definition.Namespace).toBe(serviceName);
      expect(definition.Dimensions).toEqual(expect.arrayContaining([['service'], ['service', line.status !== undefined ? 'status' : 'reason']]));
      expect(definition.Dimensions).toHaveLength(2);
    }
    // Nothing was left in the buffer for the end of the invocation.
    expect(buffer.hasStoredMetrics()).toBe(false);
  });
});

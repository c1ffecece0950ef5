// Execution names: deterministic, within Step Functions' limits, and found by the campaign's and the run's prefixes.
import { describe, expect, it } from 'vitest';
import { campaignExecutionPrefix, executionName, runExecutionPrefix } from '#domain/dialer/execution-name';

const uuid = (n: number) => `${String(n).padStart(8, '0')}-1b2c-4d3e-8f40-a1b2c3d4e5f6`;

describe('execution names', () => {
  it('keeps short plain ids as they are: campaign, run, contact', () => {
    // Act
    const name = executionName('camp-1', 'contact-7', 'r20251103T1000');

    // Assess
    expect(name).toBe('camp-1_r20251103T1000_contact-7');
  });

  it('digests what does not fit, staying within 80 safe characters and the same for the same ids', () => {
    // Act
    const name = executionName(uuid(1), uuid(2), 'r20251103T1000');
    const odd = executionName('campaign with spaces/and slashes', 'contact#1', 'run:1');

    // Assess
    for (const candidate of [name, odd]) {
      expect(candidate.length).toBeLessThanOrEqual(80);
      expect(candidate).toMatch(/^[A-Za-z0-9_-]+$/);
    }
    expect(name.startsWith(`${uuid(1)}_r20251103T1000_h`)).toBe(true);
    expect(executionName(uuid(1), uuid(2), 'r20251103T1000')).toBe(name);
  });

  it('gives every contact of a run its own name', () => {
    // Act
    const names = new Set(Array.from({ length: 10_000 }, (_, n) => executionName(uuid(1), uuid(n), 'r20251103T1000')));

    // Assess
    expect(names.size).toBe(10_000);
  });

  it("prefixes every execution of a campaign with the campaign's prefix, and no other campaign's", () => {
    // Prepare
    const name = executionName('abc', 'contact-1', 'r1');
    const longer = executionName('abc-def', 'contact-1', 'r1');

    // Assess
    expect(name.startsWith(campaignExecutionPrefix('abc'))).toBe(true);
    expect(name.startsWith(runExecutionPrefix('abc', 'r1'))).toBe(true);
    expect(longer.startsWith(campaignExecutionPrefix('abc'))).toBe(false);
    expect(executionName('abc', 'contact-1', 'r2').startsWith(runExecutionPrefix('abc', 'r1'))).toBe(false);
  });
});

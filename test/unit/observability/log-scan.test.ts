// The end-of-run log scan and its capture: it finds numbers in clear in any form, reports them redacted, refuses an
// empty capture when handlers ran, and captures log lines without swallowing anything else.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Logger } from '@aws-lambda-powertools/logger';
import { captureLogLines, capturedLines, isLogLine } from '../../support/log-capture.ts';
import { checkCapturedLogs, phoneNumbersInLine, redacted } from '../../support/log-scan.ts';
import { logger } from '#shared/observability';

const e164Anywhere = /\+[1-9]\d{6,14}/;
const entry = (fields: Record<string, unknown>) => JSON.stringify({ level: 'INFO', message: 'call placed', timestamp: '2026-11-23T07:30:00.000Z', service: 'contactable', ...fields });

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'log-scan-test-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('phoneNumbersInLine', () => {
  it.each([
    [entry({ to: '+33612345678' }), '+33612345678'],
    [entry({ message: 'dialling +33 6 12 34 56 78 now' }), '+33 6 12 34 56 78'],
    [entry({ path: '/numbers/%2B14155550100/consent' }), '%2B14155550100'],
    [entry({ from: '06 12 34 56 78' }), '06 12 34 56 78'],
    [entry({ from: '0612345678' }), '0612345678'],
    [entry({ caller: '(201) 555-0123' }), '(201) 555-0123'],
    [entry({ byNumber: { '07400 123456': 1 } }), '07400 123456'],
    [entry({ error: { message: 'number +447700900123 is not valid', stack: 'Error: …' } }), '+447700900123'],
  ])('finds the number in clear in %s', (line, number) => {
    // Act
    const found = phoneNumbersInLine(line);

    // Assess
    expect(found).toContain(number);
  });

  it('finds nothing in masked lines, timestamps, ids, ARNs, counts and metric lines', () => {
    // Prepare
    const lines = [
      entry({ to: '+33…78', from: '…78', attemptId: 'b3f1c2d4-5e6f-4a7b-8c9d-0e1f2a3b4c5d', count: 1234567, at: '2026-11-23 07:30:00' }),
      entry({ function_arn: 'arn:aws:lambda:us-east-1:000000000000:function:place-call', function_request_id: '12345678-1234-5678-9012-123456789012', xray_trace_id: '1-5759e988-bd862e3fe1be46a994272793' }),
      JSON.stringify({ _aws: { Timestamp: 1732377993123, CloudWatchMetrics: [{ Namespace: 'contactable', Dimensions: [['service']], Metrics: [{ Name: 'CallsPlaced', Unit: 'Count' }] }] }, service: 'contactable', CallsPlaced: 1 }),
    ];

    // Act
    const found = lines.flatMap(phoneNumbersInLine);

    // Assess
    expect(found).toEqual([]);
  });

  it('finds nothing in what the shared logger writes, whatever number it is handed', () => {
    // Prepare
    const written: string[] = [];
    const record = (chunk: string | Uint8Array) => (written.push(String(chunk)), true);
    const stdout = vi.spyOn(process.stdout, 'write').mockImplementation(record);
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(record);

    // Act
    try {
      logger.warn('call to +33612345678 failed', { from: '06 12 34 56 78', us: '(201) 555-0123', error: new Error('destination +447700900123 unreachable') });
    } finally {
      stdout.mockRestore();
      stderr.mockRestore();
    }

    // Assess
    expect(written).toHaveLength(1);
    expect(phoneNumbersInLine(written[0]!)).toEqual([]);
  });
});

describe('redacted', () => {
  it('keeps only the last two digits of each number it reports', () => {
    // Prepare
    const line = entry({ to: '+33612345678', from: '06 12 34 56 79' });

    // Act
    const report = redacted(line, phoneNumbersInLine(line));

    // Assess
    expect(report).toContain('[number …78]');
    expect(report).toContain('[number …79]');
    expect(report).not.toMatch(e164Anywhere);
    expect(phoneNumbersInLine(report)).toEqual([]);
  });
});

describe('checkCapturedLogs', () => {
  it('fails on a number in clear and reports the line redacted', () => {
    // Prepare
    writeFileSync(path.join(dir, 'local-runtime-1.log'), `${entry({ contactId: 'c-1' })}\n${entry({ to: '+33612345678' })}\n`);

    // Act
    const check = () => checkCapturedLogs(dir, 10);

    // Assess
    expect(check).toThrowError(/1 of 2 captured log lines hold a phone number in clear/);
    expect(check).toThrowError(/local-runtime-1\.log: .*"to":"\[number …78\]"/);
    expect(check).not.toThrowError(e164Anywhere);
  });

  it('fails on an empty capture when the local runtime invoked handlers', () => {
    // Act
    const check = () => checkCapturedLogs(dir, 3);

    // Assess
    expect(check).toThrowError(/invoked handlers 3 times but no log line was captured/);
  });

  it('passes an empty capture when no handler ran (a run of unit tests alone)', () => {
    // Act
    const scan = checkCapturedLogs(dir, 0);

    // Assess
    expect(scan).toEqual({ lines: 0, sources: [], leaks: [], maskedNumbers: 0 });
  });

  it('passes clean lines from every process and counts them, and the numbers masked in them', () => {
    // Prepare
    writeFileSync(path.join(dir, 'local-runtime-1.log'), `${entry({ to: '+33…78' })}\n`);
    writeFileSync(path.join(dir, 'test-process-2.log'), `${entry({ contactId: 'c-1' })}\n${entry({ count: 3 })}\n`);

    // Act
    const scan = checkCapturedLogs(dir, 3);

    // Assess
    expect(scan).toEqual({ lines: 3, sources: ['local-runtime-1.log', 'test-process-2.log'], leaks: [], maskedNumbers: 1 });
  });
});

describe('captureLogLines', () => {
  it('sends log lines to the capture file and lets everything else through', () => {
    // Prepare
    const passedThrough: string[] = [];
    const stream = new Writable({ write: (chunk, _encoding, done) => (passedThrough.push(String(chunk)), done()) });
    const capture = captureLogLines(dir, 'unit', [stream]);

    // Act
    stream.write(`${entry({ contactId: 'c-1' })}\n`);
    stream.write(' ✓ test/e2e/contacts-api.test.ts (12 tests)\n');
    stream.write(`${JSON.stringify({ _aws: { Timestamp: 1 }, CallsPlaced: 1 })}\n`);
    stream.write('{"not":"a log line"}\n');
    capture.stop();
    stream.write(`${entry({ after: 'stop' })}\n`);

    // Assess
    expect(capturedLines(dir).map(({ text }) => JSON.parse(text))).toMatchObject([{ contactId: 'c-1' }, { CallsPlaced: 1 }]);
    expect(passedThrough).toEqual([' ✓ test/e2e/contacts-api.test.ts (12 tests)\n', '{"not":"a log line"}\n', `${entry({ after: 'stop' })}\n`]);
    expect(capture.lines()).toBe(2);
    expect(isLogLine(JSON.stringify({ level: 'DEBUG', message: 'x' }))).toBe(true);
  });

  it('captures an entry pretty-printed over several lines (POWERTOOLS_DEV) as one line', () => {
    // Prepare
    const passedThrough: string[] = [];
    const stream = new Writable({ write: (chunk, _encoding, done) => (passedThrough.push(String(chunk)), done()) });
    const capture = captureLogLines(dir, 'unit', [stream]);

    // Act
    stream.write(`${JSON.stringify({ level: 'INFO', message: 'dialling', to: '+33612345678' }, null, 4)}\n`);
    capture.stop();

    // Assess
    expect(passedThrough).toEqual([]);
    expect(capturedLines(dir).map(({ text }) => text)).toEqual(['{"level":"INFO","message":"dialling","to":"+33612345678"}']);
  });

  it('captures what a Powertools logger writes through its own console in a test process (the setup file installed it)', () => {
    // Prepare
    const capture = captureLogLines(dir, 'not-used', [process.stdout, process.stderr]);
    const before = capture.lines();
    const probe = randomUUID();

    // Act
    new Logger({ serviceName: 'capture-test', logLevel: 'DEBUG' }).debug('capture probe', { probe });

    // Assess
    expect(capture.file).not.toContain('not-used');
    expect(capture.lines()).toBe(before + 1);
    expect(readFileSync(capture.file, 'utf8').trim().split('\n').at(-1)).toContain(probe);
  });
});

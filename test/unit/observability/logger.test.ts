// The shared logger itself: what it writes to standard output and error is masked, whatever a handler hands it.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { InvalidPhoneNumberError } from '#domain/errors';
import { logger, operationsLog, serviceName } from '#shared/observability';

const e164Anywhere = /\+[1-9]\d{6,14}/;

/** The JSON lines the shared logger writes, to either stream, while `act` runs. */
function linesWrittenBy(act: () => void): { raw: string; entry: Record<string, any> }[] {
  const written: string[] = [];
  const capture = (chunk: string | Uint8Array) => {
    written.push(String(chunk));
    return true;
  };
  const stdout = vi.spyOn(process.stdout, 'write').mockImplementation(capture);
  const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(capture);
  try {
    act();
  } finally {
    stdout.mockRestore();
    stderr.mockRestore();
  }
  return written.join('').split('\n').filter((line) => line.trim() !== '').map((raw) => ({ raw, entry: JSON.parse(raw) }));
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('the shared logger', () => {
  it('masks numbers in the message and in fields however deep, and keeps the standard keys', () => {
    // Act
    const lines = linesWrittenBy(() => logger.warn('call to +33612345678 failed', { to: '+33612345679', attempt: { numbers: ['06 12 34 56 70', '+1 (415) 555-0100'] }, contactId: 'b3f1c2d4-5e6f-4a7b-8c9d-0e1f2a3b4c5d' }));

    // Assess
    expect(lines).toHaveLength(1);
    const { raw, entry } = lines[0]!;
    expect(raw).not.toMatch(e164Anywhere);
    expect(entry).toMatchObject({ level: 'WARN', service: serviceName, message: 'call to +33…78 failed', to: '+33…79', attempt: { numbers: ['…70', '+1…00'] }, contactId: 'b3f1c2d4-5e6f-4a7b-8c9d-0e1f2a3b4c5d' });
    expect(entry.timestamp).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
  });

  it('masks an error logged with its message, stack and cause', () => {
    // Prepare
    const error = new Error('dialling failed', { cause: new InvalidPhoneNumberError('number', '+33612345678 is not a valid number in FR') });

    // Act
    const lines = linesWrittenBy(() => logger.error('request failed', { error }));

    // Assess
    const { raw, entry } = lines[0]!;
    expect(raw).not.toMatch(e164Anywhere);
    expect(entry.error).toMatchObject({ name: 'Error', message: 'dialling failed', cause: { name: 'InvalidPhoneNumberError' } });
    expect(entry.error.cause.message).toContain('+33…78 is not a valid number');
    expect(entry.error.cause.stack).toContain('+33…78');
  });

  it('masks an error given as the extra argument, as Powertools files it under "error"', () => {
    // Act
    const lines = linesWrittenBy(() => logger.error('send failed', new Error('destination +447700900123 unreachable')));

    // Assess
    expect(lines[0]!.entry.error.message).toBe('destination +44…23 unreachable');
    expect(lines[0]!.raw).not.toMatch(e164Anywhere);
  });

  it('masks what the use cases write through the operations log', () => {
    // Act
    const lines = linesWrittenBy(() => operationsLog.warn('number skipped', { number: '0612345678', reasons: ['do-not-call'] }));

    // Assess
    expect(lines[0]!.entry).toMatchObject({ message: 'number skipped', number: '…78', reasons: ['do-not-call'] });
  });
});

// Finds phone numbers in clear in captured log lines. Deliberately independent of the masking helper it checks: an E.164
// pattern on the raw line, and libphonenumber's own finder (national forms) on every string and key of the entry.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { findPhoneNumbersInText, type CountryCode } from 'libphonenumber-js/max';
import { captureLogLines, capturedLines, type CapturedLine } from './log-capture.ts';

/** "+" (or "%2B") and 7 to 15 digits, separated or not: E.164 as written anywhere. */
const e164Written = /(?:\+|%2B)[1-9](?:[ ().-]{0,2}\d){6,14}(?!\d)/gi;
/** The regions whose national forms the tests write (French numbers mostly; US and UK ones too; US is the default region). */
const nationalRegions: CountryCode[] = ['FR', 'US', 'GB'];

/** Request ids (UUIDs) and X-Ray trace ids: hex whose digit groups the national-number finder could mistake for a number. */
const identifierPattern = /\b(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|1-[0-9a-f]{8}-[0-9a-f]{24})\b/gi;

/** The phone numbers written in clear in one captured line, as they are written there. */
export function phoneNumbersInLine(line: string): string[] {
  const found = new Set(line.match(e164Written) ?? []);
  let entry: unknown;
  try {
    entry = JSON.parse(line);
  } catch {
    entry = line;
  }
  for (const text of stringsIn(entry).map((each) => each.replace(identifierPattern, '<id>'))) {
    for (const region of nationalRegions) {
      for (const number of findPhoneNumbersInText(text, region)) found.add(text.slice(number.startsAt, number.endsAt));
    }
  }
  return [...found];
}

function stringsIn(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(stringsIn);
  if (typeof value === 'object' && value !== null) return Object.entries(value).flatMap(([key, entry]) => [key, ...stringsIn(entry)]);
  return [];
}

/** The line with each number found in it cut down to its last two digits: the report must not leak what it reports. */
export function redacted(line: string, numbers: readonly string[]): string {
  return [...numbers].sort((a, b) => b.length - a.length).reduce((text, number) => text.replaceAll(number, `[number …${number.replace(/\D/g, '').slice(-2)}]`), line);
}

export interface LogLeak {
  source: string;
  /** The offending line, redacted. */
  line: string;
}

export interface LogScan {
  lines: number;
  /** The processes that captured lines (capture files). */
  sources: string[];
  leaks: LogLeak[];
  /** Numbers the logger masked (`+33…78`, `…78`): where a number would have leaked but for the masking. */
  maskedNumbers: number;
}

export function scanLines(lines: readonly CapturedLine[]): LogScan {
  const leaks = lines.flatMap(({ source, text }) => {
    const numbers = phoneNumbersInLine(text);
    return numbers.length === 0 ? [] : [{ source, line: redacted(text, numbers) }];
  });
  const maskedNumbers = lines.reduce((sum, { text }) => sum + (text.match(/…\d{2}(?!\d)/g)?.length ?? 0), 0);
  return { lines: lines.length, sources: [...new Set(lines.map(({ source }) => source))], leaks, maskedNumbers };
}

/**
 * The end-of-run check: no captured line holds a phone number in clear, and, when the run invoked handlers, the capture
 * is not empty (a capture that missed the handlers' output would pass any scan). Throws a report of what it found.
 */
export function checkCapturedLogs(dir: string, handlerInvocations: number): LogScan {
  const scan = scanLines(capturedLines(dir));
  if (scan.leaks.length > 0) {
    const shown = scan.leaks.slice(0, 20).map(({ source, line }) => `  ${source}: ${line.length > 600 ? `${line.slice(0, 600)}…` : line}`);
    const more = scan.leaks.length > shown.length ? [`  … and ${scan.leaks.length - shown.length} more lines`] : [];
    throw new Error([`log scan: ${scan.leaks.length} of ${scan.lines} captured log lines hold a phone number in clear (numbers redacted here; capture in ${dir}):`, ...shown, ...more].join('\n'));
  }
  if (handlerInvocations > 0 && scan.lines === 0) {
    throw new Error(`log scan: the local runtime invoked handlers ${handlerInvocations} times but no log line was captured in ${dir}: the capture missed their output, so the scan proves nothing`);
  }
  return scan;
}

export interface RunLogCapture {
  dir: string;
  /** Stops capturing, scans what every process captured and throws if a number is in clear; removes a clean capture. */
  finish(handlerInvocations: number): LogScan;
}

/** For the global setup: this process's log lines into a fresh directory, which the test processes share (see inject). */
export function captureRunLogs(): RunLogCapture {
  const dir = mkdtempSync(path.join(tmpdir(), 'contactable-logs-'));
  const capture = captureLogLines(dir, 'local-runtime');
  return {
    dir,
    finish(handlerInvocations) {
      capture.stop();
      const scan = checkCapturedLogs(dir, handlerInvocations);
      rmSync(dir, { recursive: true, force: true });
      return scan;
    },
  };
}

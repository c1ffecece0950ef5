// Captures the JSON log lines a test process writes (the handlers' Powertools entries, EMF metric lines) into a file
// of the run's log directory instead of the terminal; everything else (vitest's own output) passes through untouched.
import { closeSync, openSync, readdirSync, readFileSync, writeSync } from 'node:fs';
import path from 'node:path';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Where every test process of the run writes the log lines it captures (see test/support/log-capture.ts). */
    logCaptureDir: string;
  }
}

/** A log entry as the handlers write them: one JSON object, a Powertools entry (`level`) or a metric (`_aws`). */
function logEntryIn(text: string): object | undefined {
  if (!text.startsWith('{')) return undefined;
  try {
    const parsed: unknown = JSON.parse(text);
    return typeof parsed === 'object' && parsed !== null && ('level' in parsed || '_aws' in parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

export function isLogLine(line: string): boolean {
  return logEntryIn(line) !== undefined;
}

/**
 * The log lines one write holds (Console writes each entry whole, in one call), or `undefined` when it is not made of
 * log entries. An entry pretty-printed over several lines (POWERTOOLS_DEV) is captured as one compact line.
 */
function logLinesIn(text: string): string[] | undefined {
  const lines = text.split('\n').filter((line) => line.trim() !== '');
  if (lines.length > 0 && lines.every(isLogLine)) return lines;
  const entry = logEntryIn(text.trim());
  return entry === undefined ? undefined : [JSON.stringify(entry)];
}

export interface LogCapture {
  file: string;
  /** Log lines captured so far. */
  lines(): number;
  /** Gives the streams their own write back. */
  stop(): void;
}

const installed = Symbol.for('contactable.logCapture');
type Captured = NodeJS.WritableStream & { [installed]?: LogCapture };

/**
 * From now on, log lines written to this process's stdout or stderr (or to `streams`) go to `<dir>/<label>-<pid>.log`,
 * not to the terminal. Once per stream: a second call (vitest runs each setup file again for every test file) returns
 * the first capture.
 */
export function captureLogLines(dir: string, label: string, streams: NodeJS.WritableStream[] = [process.stdout, process.stderr]): LogCapture {
  const existing = (streams[0] as Captured)[installed];
  if (existing) return existing;
  const file = path.join(dir, `${label}-${process.pid}.log`);
  const fd = openSync(file, 'a');
  let count = 0;
  const originals = streams.map((stream) => stream.write);
  streams.forEach((stream, index) => {
    const original = originals[index]! as (...args: unknown[]) => boolean;
    stream.write = function (this: NodeJS.WritableStream, chunk: string | Uint8Array, ...rest: unknown[]): boolean {
      const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
      const lines = logLinesIn(text);
      if (lines === undefined) return original.call(this, chunk, ...rest);
      writeSync(fd, `${lines.join('\n')}\n`);
      count += lines.length;
      const callback = rest.find((argument) => typeof argument === 'function') as ((error?: Error | null) => void) | undefined;
      callback?.(null);
      return true;
    } as NodeJS.WritableStream['write'];
  });
  const capture: LogCapture = {
    file,
    lines: () => count,
    stop() {
      streams.forEach((stream, index) => {
        stream.write = originals[index]!;
        delete (stream as Captured)[installed];
      });
      closeSync(fd);
    },
  };
  for (const stream of streams) (stream as Captured)[installed] = capture;
  return capture;
}

export interface CapturedLine {
  /** The capture file's name: which process wrote it. */
  source: string;
  text: string;
}

/** Every line captured in `dir`, by every process of the run. */
export function capturedLines(dir: string): CapturedLine[] {
  return readdirSync(dir)
    .filter((name) => name.endsWith('.log'))
    .sort()
    .flatMap((source) =>
      readFileSync(path.join(dir, source), 'utf8')
        .split('\n')
        .filter((text) => text.trim() !== '')
        .map((text) => ({ source, text })),
    );
}

// OperationsLog that keeps every line, so a test can read what operators would see (and what they must not).
import type { OperationsLog } from '#ports/operations-log';

export interface LogLine {
  level: 'info' | 'warn';
  message: string;
  fields: Record<string, unknown> | undefined;
}

export class RecordingOperationsLog implements OperationsLog {
  readonly lines: LogLine[] = [];

  info(message: string, fields?: Record<string, unknown>): void {
    this.lines.push({ level: 'info', message, fields: fields && structuredClone(fields) });
  }

  warn(message: string, fields?: Record<string, unknown>): void {
    this.lines.push({ level: 'warn', message, fields: fields && structuredClone(fields) });
  }

  messages(): string[] {
    return this.lines.map((line) => line.message);
  }

  /** Everything logged as one string, as a log search would see it. */
  text(): string {
    return JSON.stringify(this.lines);
  }
}

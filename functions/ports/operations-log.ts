// What the use cases tell operators: structured fields, never a phone number in clear.
export interface OperationsLog {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
}

// JSON as Step Functions passes it between states.
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/** A value as it comes out of JSON: what Lambda's serialization does to a handler's result (Dates to strings, undefined dropped). */
export function throughJson(value: unknown): JsonValue {
  return value === undefined ? null : (JSON.parse(JSON.stringify(value)) as JsonValue);
}

// Phone numbers out of log lines: the shared logger's formatter masks every string of every entry before it is written.
import { LogFormatter, LogItem } from '@aws-lambda-powertools/logger';
import type { LogAttributes, UnformattedAttributes } from '@aws-lambda-powertools/logger/types';
import { getCountries, getCountryCallingCode } from 'libphonenumber-js/max';

// What looks like a number but is not one, matched first so that it is kept whole: ISO 8601 dates and times (a space
// between date and time would otherwise join them into ten digits), UUIDs, IPv4 addresses (each blocked from running on
// into more digits, so that a dotted French number is not taken for an address).
const isoDateTime = String.raw`(?:19|20)\d{2}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])(?:[T ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?(?:Z|[+-]\d{2}(?::?\d{2})?)?)?(?![.\-]?\d)`;
const uuid = String.raw`[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}`;
const ipv4 = String.raw`\d{1,3}(?:\.\d{1,3}){3}(?!\.?\d)`;
// A run of digit groups joined by one separator each (space, no-break space, dot, dash, parentheses), optionally
// opened by "+" (or its URL encoding "%2B") or by a group in parentheses: classified below by its digits.
const separator = String.raw`(?:[ \u00a0.\-]|[ \u00a0]?\(|\)[ \u00a0.\-]?)`;
const digitRun = String.raw`(?:\+|%2B)?(?:\(\+?\d+\)[ \u00a0.\-]?)?\d+(?:${separator}\d+)*`;
// A run glued to a word is part of an identifier — unless it starts with "+", which no identifier does.
const notInWord = String.raw`(?:(?<![\p{L}\p{N}_])|(?=\+|%2B|\(\+))`;
const candidates = new RegExp(String.raw`${notInWord}(?:(${isoDateTime}|${uuid}|${ipv4})|(${digitRun}))(?![\p{L}\p{N}_])`, 'giu');

let callingCodes: ReadonlySet<string> | undefined;
/** Country calling codes are prefix-free: the first one a number starts with is its country's. */
function callingCodeOf(digits: string): string {
  callingCodes ??= new Set(getCountries().map((country) => getCountryCallingCode(country)));
  for (const length of [1, 2, 3]) if (callingCodes.has(digits.slice(0, length))) return digits.slice(0, length);
  return '';
}

/** What a run of digits is masked to, or `undefined` when it does not look like a phone number. */
function maskedForm(run: string): string | undefined {
  const internationalPrefix = /^(?:\+|%2B|\(\+)/i.exec(run)?.[0];
  const digits = run.slice(internationalPrefix?.length ?? 0).replace(/\D/g, '');
  if (internationalPrefix !== undefined || digits.startsWith('00')) {
    const international = internationalPrefix !== undefined ? digits : digits.slice(2);
    if (international.length >= 7 && international.length <= 15 && !international.startsWith('0')) return `+${callingCodeOf(international)}…${international.slice(-2)}`;
    if (internationalPrefix !== undefined) return undefined;
  }
  // A national number is written bare, in three groups or more, with its area code in parentheses, or as a trunk
  // prefix group (07400 123456): other pairs of groups are more often a decimal or a range. Ten bare digits starting
  // with 1 are epoch seconds: no national numbering plan (NANP, France, the UK) starts a ten-digit number with 1.
  const groups = run.split(/\D+/).filter((group) => group !== '');
  const trunkPrefixed = digits.startsWith('0');
  if (digits.length < 9 || digits.length > (trunkPrefixed && groups.length > 1 ? 12 : 11)) return undefined;
  if (groups.length === 1 && digits.length === 10 && digits.startsWith('1')) return undefined;
  if (groups.length === 2 && !run.startsWith('(') && !(groups[0]!.length >= 2 && trunkPrefixed)) return undefined;
  return `…${digits.slice(-2)}`;
}

/**
 * Masks anything in `text` that looks like a phone number, international (+33 6 12 34 56 78, +1 (415) 555-0100,
 * 0033612345678) or national (06 12 34 56 78, (415) 555-0100, 0612345678): the country calling code and the last
 * two digits stay, for the operator's bearings (`+33…78`, `…78`). Dates, times, UUIDs, IP addresses and short counts
 * are left as they are.
 */
export function maskPhoneNumbers(text: string): string {
  return text.replace(candidates, (match, kept: string | undefined) => (kept !== undefined ? match : (maskedForm(match) ?? match)));
}

/**
 * A copy of `value` with every string in it masked, keys too, however deep: errors become plain objects first (by
 * `formatError`, message, stack and cause included), and values with `toJSON` (dates) become what they serialise to.
 */
export function maskPhoneNumbersIn(value: unknown, formatError: (error: Error) => unknown = plainError): unknown {
  const ancestors = new Set<object>();
  const mask = (item: unknown): unknown => {
    if (typeof item === 'string') return maskPhoneNumbers(item);
    if (typeof item !== 'object' || item === null) return item;
    if (ancestors.has(item)) return '[Circular]';
    ancestors.add(item);
    try {
      if (item instanceof Error) return mask(formatError(item));
      if (typeof (item as { toJSON?: unknown }).toJSON === 'function') return mask((item as { toJSON: () => unknown }).toJSON());
      if (Array.isArray(item)) return item.map(mask);
      return Object.fromEntries(Object.entries(item).map(([key, entry]) => [maskPhoneNumbers(key), mask(entry)]));
    } finally {
      ancestors.delete(item);
    }
  };
  return mask(value);
}

function plainError(error: Error): unknown {
  return { ...error, name: error.name, message: error.message, stack: error.stack, ...(error.cause === undefined ? {} : { cause: error.cause }) };
}

/**
 * Powertools' standard log entry (the same keys as its default formatter), every string in it masked: a handler that
 * logs a number by mistake, or an error whose message carries one (an SDK error, a parse error), writes it masked.
 */
export class PhoneMaskingLogFormatter extends LogFormatter {
  override formatAttributes(attributes: UnformattedAttributes, additionalLogAttributes: LogAttributes): LogItem {
    const standard = {
      level: attributes.logLevel,
      message: attributes.message,
      timestamp: this.formatTimestamp(attributes.timestamp),
      service: attributes.serviceName,
      cold_start: attributes.lambdaContext?.coldStart,
      function_arn: attributes.lambdaContext?.invokedFunctionArn,
      function_memory_size: attributes.lambdaContext?.memoryLimitInMB,
      function_name: attributes.lambdaContext?.functionName,
      function_request_id: attributes.lambdaContext?.awsRequestId,
      sampling_rate: attributes.sampleRateValue,
      xray_trace_id: attributes.xRayTraceId,
      tenant_id: attributes.lambdaContext?.tenantId,
    };
    const formatError = (error: Error) => this.formatError(error);
    return new LogItem({ attributes: maskPhoneNumbersIn(standard, formatError) as LogAttributes }).addAttributes(maskPhoneNumbersIn(additionalLogAttributes, formatError) as LogAttributes);
  }
}

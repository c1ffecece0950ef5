// One logger for every handler. Phone numbers never reach a log line in clear (see maskPhoneNumbers).
import { Logger } from '@aws-lambda-powertools/logger';
import type { OperationsLog } from '#ports/operations-log';

export const serviceName = 'contactable';
export const logger = new Logger({ serviceName });

/** What the use cases tell operators, written by that logger. */
export const operationsLog: OperationsLog = {
  info: (message, fields) => logger.info(message, { ...fields }),
  warn: (message, fields) => logger.warn(message, { ...fields }),
};

const e164Pattern = /\+?\d[\d\s().-]{6,}\d/g;

/** Keep the country code and the last two digits of anything that looks like a phone number. */
export function maskPhoneNumbers(text: string): string {
  return text.replace(e164Pattern, (match) => {
    const digits = match.replace(/\D/g, '');
    return `${match.startsWith('+') ? '+' : ''}${digits.slice(0, match.startsWith('+') ? 1 : 0)}…${digits.slice(-2)}`;
  });
}

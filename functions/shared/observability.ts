// One logger for every handler. Phone numbers never reach a log line in clear (see maskPhoneNumbers).
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { Tracer } from '@aws-lambda-powertools/tracer';
import type { OperationsLog } from '#ports/operations-log';
import { PhoneMaskingLogFormatter } from './log-masking.ts';

export { maskPhoneNumbers } from './log-masking.ts';

export const serviceName = 'contactable';
/** Its formatter masks phone numbers in every string of every entry: message, fields, errors and their stacks. */
export const logger = new Logger({ serviceName, logFormatter: new PhoneMaskingLogFormatter() });

/** What the use cases tell operators, written by that logger. */
export const operationsLog: OperationsLog = {
  info: (message, fields) => logger.info(message, { ...fields }),
  warn: (message, fields) => logger.warn(message, { ...fields }),
};

/**
 * One metrics buffer for every handler, flushed as Embedded Metric Format lines after each invocation (the handler
 * wrapper's logMetrics): CloudWatch Logs turns them into metrics, no API call made. Its own notices go through the
 * logger; "no metrics to publish" is the normal case for most invocations, so it is a debug line, not a warning.
 */
export const metrics = new Metrics({
  namespace: serviceName,
  serviceName,
  logger: {
    debug: (...content: unknown[]) => logger.debug(String(content[0])),
    info: (...content: unknown[]) => logger.info(String(content[0])),
    warn: (...content: unknown[]) => (String(content[0]).startsWith('No application metrics to publish') ? logger.debug(String(content[0])) : logger.warn(String(content[0]))),
    error: (...content: unknown[]) => logger.error(String(content[0])),
  },
});

/**
 * X-Ray tracing of every handler and SDK client. Powertools turns it off outside Lambda (no AWS_EXECUTION_ENV), so the
 * local runtime and the tests trace nothing; POWERTOOLS_TRACE_ENABLED=false turns it off in Lambda too.
 */
export const tracer = new Tracer({ serviceName });

/** An SDK client whose calls appear as subsegments of the invocation's trace (unchanged where tracing is off). */
export function traced<Client>(client: Client): Client {
  return tracer.captureAWSv3Client(client);
}

// The one place where errors become HTTP responses: domain errors say what is wrong, anything else is 500.
import { ConflictError, InvalidInputError, MobileNumberTakenError, NotFoundError, VersionConflictError } from '#domain/errors';
import { logger } from '../observability.ts';
import type { ApiResponse } from './api-handler.ts';

/** The request itself is malformed (not JSON, fails its schema). */
export class RequestSyntaxError extends InvalidInputError {}

export function errorResponse(error: unknown): ApiResponse {
  if (error instanceof InvalidInputError) {
    return { status: 400, body: { error: 'invalid_input', field: error.field, reason: error.reason, message: error.message } };
  }
  if (error instanceof NotFoundError) return { status: 404, body: { error: 'not_found', message: error.message } };
  if (error instanceof MobileNumberTakenError) {
    return { status: 409, body: { error: 'mobile_number_taken', message: error.message, holderContactId: error.holderContactId } };
  }
  if (error instanceof VersionConflictError) return { status: 409, body: { error: 'version_conflict', message: error.message } };
  if (error instanceof ConflictError) return { status: 409, body: { error: 'conflict', message: error.message, ...error.details } };
  logger.error('request failed', { error: error instanceof Error ? error : String(error) });
  return { status: 500, body: { error: 'internal', message: 'internal error' } };
}

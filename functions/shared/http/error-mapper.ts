// The one place where errors become HTTP responses: domain errors say what is wrong, anything else is 500.
import { ConflictError, ContactMergedError, InvalidInputError, MobileNumberTakenError, NotFoundError, ServiceUnavailableError, TooManyRequestsError, VerificationCodeRejectedError, VersionConflictError } from '#domain/errors';
import { logger } from '../observability.ts';
import type { ApiResponse } from './api-handler.ts';

/** The request itself is malformed (not JSON, fails its schema). */
export class RequestSyntaxError extends InvalidInputError {}

/** `requestPath`: the path asked for, which a merged contact's redirect rewrites to the survivor's. */
export function errorResponse(error: unknown, requestPath = ''): ApiResponse {
  if (error instanceof ContactMergedError) return mergedContactRedirect(error, requestPath);
  if (error instanceof InvalidInputError) {
    return { status: 400, body: { error: 'invalid_input', field: error.field, reason: error.reason, message: error.message } };
  }
  if (error instanceof NotFoundError) return { status: 404, body: { error: 'not_found', message: error.message } };
  if (error instanceof MobileNumberTakenError) {
    return { status: 409, body: { error: 'mobile_number_taken', message: error.message, holderContactId: error.holderContactId } };
  }
  if (error instanceof VersionConflictError) return { status: 409, body: { error: 'version_conflict', message: error.message } };
  if (error instanceof ConflictError) return { status: 409, body: { error: 'conflict', message: error.message, ...error.details } };
  if (error instanceof VerificationCodeRejectedError) return verificationCodeResponse(error);
  if (error instanceof TooManyRequestsError) {
    const { at, afterSeconds } = error.retry;
    const body = { error: 'too_many_requests', limit: error.limit, message: error.message, ...(at && { retryAt: at.toISOString() }), ...error.details };
    return { status: 429, body, ...(afterSeconds !== undefined && { headers: { 'retry-after': String(afterSeconds) } }) };
  }
  if (error instanceof ServiceUnavailableError) return { status: 503, body: { error: 'service_unavailable', service: error.service, message: error.message } };
  logger.error('request failed', { error: error instanceof Error ? error : String(error) });
  return { status: 500, body: { error: 'internal', message: 'internal error' } };
}

/** A wrong or malformed code is the caller's input (400); an expired or used one needs a new code first (409). */
function verificationCodeResponse(error: VerificationCodeRejectedError): ApiResponse {
  const code = { 'wrong-code': 'wrong_code', 'malformed-code': 'malformed_code', expired: 'code_expired', 'no-code': 'no_code' }[error.reason];
  const remaining = error.remainingChecks === undefined ? {} : { remainingChecks: error.remainingChecks };
  return { status: error.reason === 'wrong-code' || error.reason === 'malformed-code' ? 400 : 409, body: { error: code, message: error.message, ...remaining } };
}

/**
 * 308: the same request, method and body, belongs to the survivor now (a client that follows redirects reads or edits the
 * survivor; a stale `version` it carries is refused there as on any contact).
 */
function mergedContactRedirect(error: ContactMergedError, requestPath: string): ApiResponse {
  const merged = `/contacts/${encodeURIComponent(error.contactId)}`;
  const survivor = `/contacts/${encodeURIComponent(error.survivorId)}`;
  // A stage name may come before the resource path; anything after the contact (…/phones/…) is kept.
  const at = requestPath.indexOf(merged);
  const rest = at < 0 ? '' : requestPath.slice(at + merged.length);
  const location = at < 0 || !(rest === '' || rest.startsWith('/')) ? survivor : requestPath.slice(0, at) + survivor + rest;
  return { status: 308, headers: { location }, body: { error: 'contact_merged', message: error.message, mergedInto: error.survivorId } };
}

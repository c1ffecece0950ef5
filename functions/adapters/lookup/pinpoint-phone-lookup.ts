// The paid lookup on Amazon Pinpoint's PhoneNumberValidate (kept after Pinpoint's end of support): the line type and carrier.
import { PhoneNumberValidateCommand, PinpointClient, PinpointServiceException, type NumberValidateResponse, type PinpointClientConfig } from '@aws-sdk/client-pinpoint';
import { LookupRejectedError, LookupUnavailableError, type LookupLineType, type LookupResult, type PhoneLookup } from '#ports/phone-lookup';
import { throttlingOnlyRetryStrategy } from '../telephony/throttling-only-retry.ts';

/**
 * The client this adapter needs; build it once, at module scope. Every request is billed, and a failed lookup is
 * retried on the number's next identification anyway (nothing is cached), so the SDK resends only what the service
 * refused unbilled (throttling), and gives up on a slow answer after a few seconds: the caller is often an inbound call.
 */
export function createPinpointClient(config: PinpointClientConfig = {}): PinpointClient {
  return new PinpointClient({ requestHandler: { connectionTimeout: 1_000, requestTimeout: 2_000 }, ...config, retryStrategy: throttlingOnlyRetryStrategy() });
}

/** The service's PhoneType, and PhoneTypeCode for an answer that carries only the code. */
const phoneTypes: Record<string, LookupLineType> = { MOBILE: 'mobile', LANDLINE: 'landline', VOIP: 'voip', INVALID: 'invalid', OTHER: 'other', PREPAID: 'prepaid' };
const phoneTypeCodes: Record<number, LookupLineType> = { 0: 'mobile', 1: 'landline', 2: 'voip', 3: 'invalid', 4: 'other', 5: 'prepaid' };

export class PinpointPhoneLookup implements PhoneLookup {
  constructor(private readonly client: PinpointClient) {}

  async lookup(e164: string): Promise<LookupResult> {
    let response: NumberValidateResponse | undefined;
    try {
      // E.164 carries its country: no IsoCountryCode, which would only be used to read a national number.
      ({ NumberValidateResponse: response } = await this.client.send(new PhoneNumberValidateCommand({ NumberValidateRequest: { PhoneNumber: e164 } })));
    } catch (error) {
      throw pinpointError(error);
    }
    if (response === undefined) throw new LookupUnavailableError('unavailable', 'NoNumberValidateResponse');
    const carrier = response.Carrier?.trim();
    return { lineType: lineTypeOf(response), ...(carrier ? { carrier } : {}) };
  }
}

/** A type the service adds later reads as `other`: a valid number, not known to be a mobile. */
function lineTypeOf(response: NumberValidateResponse): LookupLineType {
  const byName = response.PhoneType === undefined ? undefined : phoneTypes[response.PhoneType.toUpperCase()];
  const byCode = response.PhoneTypeCode === undefined ? undefined : phoneTypeCodes[response.PhoneTypeCode];
  return byName ?? byCode ?? 'other';
}

/** The service's message may quote the number: only codes travel on. */
function pinpointError(error: unknown): Error {
  if (!(error instanceof PinpointServiceException)) {
    // Network failures and timeouts: a lookup changes nothing, so asking again later is always safe.
    const code = error instanceof Error ? ((error as { code?: string }).code ?? error.name) : 'UnknownError';
    return new LookupUnavailableError('unavailable', code);
  }
  if (error.name === 'TooManyRequestsException') return new LookupUnavailableError('throttled', error.name);
  if (error.$fault === 'server') return new LookupUnavailableError('unavailable', error.name);
  return new LookupRejectedError(refusal(error.name), error.name);
}

function refusal(code: string): string {
  if (code === 'BadRequestException') return 'the request is not valid';
  if (code === 'ForbiddenException' || code === 'AccessDeniedException') return 'not allowed to validate phone numbers (mobiletargeting:PhoneNumberValidate)';
  return 'the request was refused';
}

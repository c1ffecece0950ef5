// The Pinpoint lookup adapter with the real SDK client against recorded replies: the request it serializes, the
// answers it maps, the errors it raises, and the resends its client makes (throttling only: every request is billed).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createPinpointClient, PinpointPhoneLookup } from '../../../functions/adapters/lookup/pinpoint-phone-lookup.ts';
import { LookupRejectedError, LookupUnavailableError } from '../../../functions/ports/phone-lookup.ts';
import { networkError, offlineClientConfig, RecordingHttpHandler, type RecordedResponse } from '../telephony/recorded-http.ts';

const number = '+12065550142';

function recorded(name: string): RecordedResponse {
  const file = new URL(`./recorded/${name}.json`, import.meta.url);
  return (JSON.parse(readFileSync(file, 'utf8')) as { response: RecordedResponse }).response;
}

function adapterAnswering(...replies: Array<RecordedResponse | Error>) {
  const http = new RecordingHttpHandler(replies);
  return { http, lookup: new PinpointPhoneLookup(createPinpointClient({ ...offlineClientConfig, requestHandler: http })) };
}

describe('PinpointPhoneLookup', () => {
  it('sends the number as NumberValidateRequest.PhoneNumber to the validate path, and reads a mobile with its carrier', async () => {
    // Prepare
    const { http, lookup } = adapterAnswering(recorded('pinpoint-validate-mobile.200'));

    // Act
    const result = await lookup.lookup(number);

    // Assess
    expect(result).toEqual({ lineType: 'mobile', carrier: 'Verizon Wireless' });
    expect(http.sent).toHaveLength(1);
    expect(http.sent[0]).toMatchObject({ method: 'POST', path: '/v1/phone/number/validate' });
    expect(http.sent[0]!.body).toEqual({ PhoneNumber: number });
    expect(http.sent[0]!.headers.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=AKIDTEST\/\d{8}\/us-east-1\/mobiletargeting\/aws4_request/);
  });

  it.each([
    ['pinpoint-validate-landline.200', { lineType: 'landline', carrier: 'Verizon New York Inc.' }],
    ['pinpoint-validate-voip.200', { lineType: 'voip', carrier: 'Bandwidth.com CLEC' }],
    ['pinpoint-validate-invalid.200', { lineType: 'invalid' }],
  ])('maps %s', async (fixture, expected) => {
    // Prepare
    const { lookup } = adapterAnswering(recorded(fixture));

    // Act
    const result = await lookup.lookup(number);

    // Assess
    expect(result).toEqual(expected);
  });

  it.each([
    ['PREPAID', undefined, 'prepaid'],
    ['OTHER', undefined, 'other'],
    ['mobile', undefined, 'mobile'],
    [undefined, 1, 'landline'],
    [undefined, 5, 'prepaid'],
    ['SATELLITE', undefined, 'other'],
    [undefined, undefined, 'other'],
  ] as const)('reads PhoneType %s / PhoneTypeCode %s as %s', async (phoneType, phoneTypeCode, expected) => {
    // Prepare
    const reply = recorded('pinpoint-validate-mobile.200');
    const { lookup } = adapterAnswering({ ...reply, body: { ...(reply.body as object), Carrier: undefined, PhoneType: phoneType, PhoneTypeCode: phoneTypeCode } });

    // Act
    const result = await lookup.lookup(number);

    // Assess
    expect(result).toEqual({ lineType: expected });
  });

  it.each([
    ['pinpoint-bad-request.400', LookupRejectedError, 'BadRequestException'],
    ['pinpoint-forbidden.403', LookupRejectedError, 'ForbiddenException'],
    ['pinpoint-internal-server-error.500', LookupUnavailableError, 'InternalServerErrorException'],
    ['pinpoint-too-many-requests.429', LookupUnavailableError, 'TooManyRequestsException'],
  ] as const)('maps %s to %o with the provider code and no number', async (fixture, errorClass, providerCode) => {
    // Prepare
    const { lookup } = adapterAnswering(recorded(fixture));

    // Act
    const error = await lookup.lookup(number).catch((caught: unknown) => caught);

    // Assess
    expect(error).toBeInstanceOf(errorClass);
    expect(error).toMatchObject({ name: errorClass.name, providerCode });
    expect(JSON.stringify({ message: (error as Error).message, ...(error as object) })).not.toContain(number.slice(2));
  });

  it('says throttled when the service keeps refusing for too many requests', async () => {
    // Prepare
    const { http, lookup } = adapterAnswering(recorded('pinpoint-too-many-requests.429'));

    // Act
    const error = await lookup.lookup(number).catch((caught: unknown) => caught);

    // Assess
    expect(error).toMatchObject({ name: 'LookupUnavailableError', reason: 'throttled' });
    expect(http.sent).toHaveLength(3);
  });

  it('resends a throttled request, which was refused before anything was looked up', async () => {
    // Prepare
    const { http, lookup } = adapterAnswering(recorded('pinpoint-too-many-requests.429'), recorded('pinpoint-validate-mobile.200'));

    // Act
    const result = await lookup.lookup(number);

    // Assess
    expect(result.lineType).toBe('mobile');
    expect(http.sent).toHaveLength(2);
    expect(http.sent[1]!.body).toEqual(http.sent[0]!.body);
  });

  it('never resends after a server fault: that request may be billed, and the next identification asks again', async () => {
    // Prepare
    const { http, lookup } = adapterAnswering(recorded('pinpoint-internal-server-error.500'), recorded('pinpoint-validate-mobile.200'));

    // Act
    const error = await lookup.lookup(number).catch((caught: unknown) => caught);

    // Assess
    expect(error).toMatchObject({ name: 'LookupUnavailableError', reason: 'unavailable' });
    expect(http.sent).toHaveLength(1);
  });

  it.each(['ECONNREFUSED', 'ECONNRESET'])('turns a network failure (%s) into an unavailable lookup', async (code) => {
    // Prepare
    const { http, lookup } = adapterAnswering(networkError(code), recorded('pinpoint-validate-mobile.200'));

    // Act
    const error = await lookup.lookup(number).catch((caught: unknown) => caught);

    // Assess
    expect(error).toBeInstanceOf(LookupUnavailableError);
    expect(error).toMatchObject({ reason: 'unavailable', providerCode: code });
    expect(http.sent).toHaveLength(1);
  });
});

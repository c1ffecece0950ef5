// The End User Messaging voice adapter with the real SDK client: the request it serializes, the errors it raises,
// and the retries its client makes (throttling only: a voice message has no client token).
import { describe, expect, it } from 'vitest';
import { createEumVoiceClient, EumVoiceTelephony } from '../../../functions/adapters/telephony/eum-voice-telephony.ts';
import {
  CallPlacementUncertainError,
  DestinationRejectedError,
  TelephonyRequestRejectedError,
  TelephonyUnavailableError,
  type EumVoiceBackend,
  type PlaceCallRequest,
} from '../../../functions/ports/telephony.ts';
import { networkError, offlineClientConfig, recorded, RecordingHttpHandler, type RecordedResponse } from './recorded-http.ts';

const destination = '+447700900123';
const backend: EumVoiceBackend = {
  type: 'eum-voice',
  originationIdentity: 'pool-0123456789abcdef',
  messageBody: '<speak>Your appointment is tomorrow at ten.</speak>',
  messageBodyType: 'SSML',
  voiceId: 'AMY',
  configurationSetName: 'contactable-voice',
  timeToLiveSeconds: 900,
};
const request: PlaceCallRequest = { attemptId: 'attempt-91b2', destination, campaignId: 'campaign-2', contactId: 'contact-2', backend };

function adapterAnswering(...replies: Array<RecordedResponse | Error>) {
  const http = new RecordingHttpHandler(replies);
  return { http, telephony: new EumVoiceTelephony(createEumVoiceClient({ ...offlineClientConfig, requestHandler: http })) };
}

describe('EumVoiceTelephony', () => {
  it('sends the voice message with our ids as context and returns the message id', async () => {
    // Prepare
    const { http, telephony } = adapterAnswering(recorded('eum-send-voice-message.200'));

    // Act
    const placed = await telephony.placeCall(request);

    // Assess
    expect(placed).toEqual({ providerCallId: '862a8790-60c0-4430-9b2b-658bdexample' });
    expect(http.sent).toHaveLength(1);
    expect(http.sent[0]).toMatchObject({ method: 'POST', path: '/' });
    expect(http.sent[0]!.headers['x-amz-target']).toBe('PinpointSMSVoiceV2.SendVoiceMessage');
    expect(http.sent[0]!.body).toEqual({
      DestinationPhoneNumber: destination,
      OriginationIdentity: 'pool-0123456789abcdef',
      MessageBody: '<speak>Your appointment is tomorrow at ten.</speak>',
      MessageBodyTextType: 'SSML',
      VoiceId: 'AMY',
      ConfigurationSetName: 'contactable-voice',
      TimeToLive: 900,
      Context: { attemptId: 'attempt-91b2', campaignId: 'campaign-2', contactId: 'contact-2' },
    });
  });

  it.each([
    ['eum-validation-destination-country-blocked.400', DestinationRejectedError, 'DESTINATION_COUNTRY_BLOCKED'],
    ['eum-validation-destination-field.400', DestinationRejectedError, 'FIELD_VALIDATION_FAILED'],
    ['eum-conflict-opted-out.400', DestinationRejectedError, 'DESTINATION_PHONE_NUMBER_OPTED_OUT'],
    ['eum-validation-voice-capability.400', TelephonyRequestRejectedError, 'VOICE_CAPABILITY_NOT_AVAILABLE'],
    ['eum-quota-spend-limit.400', TelephonyRequestRejectedError, 'MONTHLY_SPEND_LIMIT_REACHED_FOR_VOICE'],
    ['eum-access-denied.400', TelephonyRequestRejectedError, 'AccessDeniedException'],
    ['eum-throttling.400', TelephonyUnavailableError, 'ThrottlingException'],
    ['eum-internal-server.500', CallPlacementUncertainError, 'InternalServerException'],
  ] as const)('maps %s to %o', async (fixture, errorClass, providerCode) => {
    // Prepare
    const { telephony } = adapterAnswering(recorded(fixture));

    // Act
    const error = await telephony.placeCall(request).catch((caught: unknown) => caught);

    // Assess
    expect(error).toBeInstanceOf(errorClass);
    expect(error).toMatchObject({ name: errorClass.name, backend: 'eum-voice', providerCode });
    expect(JSON.stringify({ message: (error as Error).message, ...(error as object) })).not.toContain(destination.slice(1));
  });

  it('never resends after a server fault: the call may have been dialled', async () => {
    // Prepare
    const { http, telephony } = adapterAnswering(recorded('eum-internal-server.500'), recorded('eum-send-voice-message.200'));

    // Act
    const error = await telephony.placeCall(request).catch((caught: unknown) => caught);

    // Assess
    expect(error).toBeInstanceOf(CallPlacementUncertainError);
    expect(http.sent).toHaveLength(1);
  });

  it('resends a throttled request, which was refused before anything was dialled', async () => {
    // Prepare
    const { http, telephony } = adapterAnswering(recorded('eum-throttling.400'), recorded('eum-send-voice-message.200'));

    // Act
    const placed = await telephony.placeCall(request);

    // Assess
    expect(placed.providerCallId).toBe('862a8790-60c0-4430-9b2b-658bdexample');
    expect(http.sent).toHaveLength(2);
    expect(http.sent[1]!.body).toEqual(http.sent[0]!.body);
  });

  it.each([
    ['ECONNREFUSED', TelephonyUnavailableError],
    ['ECONNRESET', CallPlacementUncertainError],
  ] as const)('tells a connection never made (%s) from one that may have delivered the request', async (code, errorClass) => {
    // Prepare
    const { http, telephony } = adapterAnswering(networkError(code), recorded('eum-send-voice-message.200'));

    // Act
    const error = await telephony.placeCall(request).catch((caught: unknown) => caught);

    // Assess
    expect(error).toBeInstanceOf(errorClass);
    expect(error).toMatchObject({ providerCode: code });
    expect(http.sent).toHaveLength(1);
  });
});

// The Amazon Connect adapter with the real SDK client: the request it serializes and the errors it raises.
import { ConnectClient } from '@aws-sdk/client-connect';
import { describe, expect, it } from 'vitest';
import { ConnectTelephony } from '../../../functions/adapters/telephony/connect-telephony.ts';
import { CallPlacementUncertainError, DestinationRejectedError, TelephonyRequestRejectedError, TelephonyUnavailableError, type ConnectBackend, type PlaceCallRequest } from '../../../functions/ports/telephony.ts';
import { networkError, offlineClientConfig, recorded, RecordingHttpHandler, type RecordedResponse } from './recorded-http.ts';

const destination = '+447700900123';
const withDetection: ConnectBackend = { type: 'connect', instanceId: 'instance-1', contactFlowId: 'flow-1', queueId: 'queue-1', answeringMachineDetection: true, awaitAnswerMachinePrompt: true };
const request = (backend: ConnectBackend = withDetection): PlaceCallRequest => ({ attemptId: 'attempt-7f3a', destination, campaignId: 'campaign-1', contactId: 'contact-1', backend });

function adapterAnswering(...replies: Array<RecordedResponse | Error>) {
  const http = new RecordingHttpHandler(replies);
  // One attempt: these tests look at one request and its error, not at the SDK's retries.
  return { http, telephony: new ConnectTelephony(new ConnectClient({ ...offlineClientConfig, maxAttempts: 1, requestHandler: http })) };
}

describe('ConnectTelephony', () => {
  it('starts an outbound voice contact with the attempt as client token and returns the contact id', async () => {
    // Prepare
    const { http, telephony } = adapterAnswering(recorded('connect-start-outbound-voice-contact.200'));

    // Act
    const placed = await telephony.placeCall(request());

    // Assess
    expect(placed).toEqual({ providerCallId: '5f3c2f0e-8d7b-4c1a-9e6f-2a1b3c4d5e6f' });
    expect(http.sent).toHaveLength(1);
    expect(http.sent[0]).toMatchObject({ method: 'PUT', path: '/contact/outbound-voice' });
    expect(http.sent[0]!.headers.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=AKIDTEST\/\d{8}\/us-east-1\/connect\//);
    expect(http.sent[0]!.body).toEqual({
      InstanceId: 'instance-1',
      ContactFlowId: 'flow-1',
      QueueId: 'queue-1',
      DestinationPhoneNumber: destination,
      ClientToken: 'attempt-7f3a',
      Attributes: { attemptId: 'attempt-7f3a', campaignId: 'campaign-1', contactId: 'contact-1' },
      TrafficType: 'CAMPAIGN',
      AnswerMachineDetectionConfig: { EnableAnswerMachineDetection: true, AwaitAnswerMachinePrompt: true },
    });
  });

  it('dials with the general traffic type and no detection when detection is off', async () => {
    // Prepare
    const { http, telephony } = adapterAnswering(recorded('connect-start-outbound-voice-contact.200'));
    const backend: ConnectBackend = { type: 'connect', instanceId: 'instance-1', contactFlowId: 'flow-1', sourcePhoneNumber: '+15550100001', answeringMachineDetection: false, ringTimeoutSeconds: 25 };

    // Act
    await telephony.placeCall(request(backend));

    // Assess
    const body = http.sent[0]!.body;
    expect(body).toMatchObject({ TrafficType: 'GENERAL', SourcePhoneNumber: '+15550100001', RingTimeoutInSeconds: 25 });
    expect(body).not.toHaveProperty('AnswerMachineDetectionConfig');
    expect(body).not.toHaveProperty('QueueId');
  });

  it.each([
    ['connect-destination-not-allowed.403', DestinationRejectedError, 'DestinationNotAllowedException'],
    ['connect-invalid-destination-parameter.400', DestinationRejectedError, 'InvalidParameterException'],
    ['connect-invalid-flow-parameter.400', TelephonyRequestRejectedError, 'InvalidParameterException'],
    ['connect-resource-not-found.404', TelephonyRequestRejectedError, 'ResourceNotFoundException'],
    ['connect-limit-exceeded.429', TelephonyUnavailableError, 'LimitExceededException'],
    ['connect-internal-service.500', CallPlacementUncertainError, 'InternalServiceException'],
  ] as const)('maps %s to %o', async (fixture, errorClass, providerCode) => {
    // Prepare
    const { telephony } = adapterAnswering(recorded(fixture));

    // Act
    const error = await telephony.placeCall(request()).catch((caught: unknown) => caught);

    // Assess
    expect(error).toBeInstanceOf(errorClass);
    expect(error).toMatchObject({ name: errorClass.name, backend: 'connect', providerCode });
    expect(JSON.stringify({ message: (error as Error).message, ...(error as object) })).not.toContain(destination.slice(1));
  });

  it('says whether a throttled or an unreachable Connect is worth retrying: nothing was dialled', async () => {
    // Prepare
    const throttled = adapterAnswering(recorded('connect-limit-exceeded.429')).telephony;
    const refused = adapterAnswering(networkError('ECONNREFUSED')).telephony;

    // Act
    const errors = await Promise.all([throttled.placeCall(request()).catch((caught: unknown) => caught), refused.placeCall(request()).catch((caught: unknown) => caught)]);

    // Assess
    expect(errors.map((error) => [(error as Error).name, (error as TelephonyUnavailableError).reason])).toEqual([
      ['TelephonyUnavailableError', 'throttled'],
      ['TelephonyUnavailableError', 'unavailable'],
    ]);
  });

  it('treats a connection lost mid-request as uncertain: Connect may have started the contact, so it is not redialled', async () => {
    // Prepare
    const { telephony } = adapterAnswering(networkError('ECONNRESET'));

    // Act
    const error = await telephony.placeCall(request()).catch((caught: unknown) => caught);

    // Assess
    expect(error).toBeInstanceOf(CallPlacementUncertainError);
    expect(error).toMatchObject({ providerCode: 'ECONNRESET' });
  });

  it('refuses a request meant for another back end without calling Connect', async () => {
    // Prepare
    const { http, telephony } = adapterAnswering(recorded('connect-start-outbound-voice-contact.200'));

    // Act
    const attempt = telephony.placeCall({ ...request(), backend: { type: 'simulator' } });

    // Assess
    await expect(attempt).rejects.toBeInstanceOf(TelephonyRequestRejectedError);
    expect(http.sent).toHaveLength(0);
  });
});

// Telephony on Amazon Connect: StartOutboundVoiceContact dials the customer, then runs the campaign's contact flow.
import { ConnectServiceException, StartOutboundVoiceContactCommand, type ConnectClient, type StartOutboundVoiceContactCommandInput } from '@aws-sdk/client-connect';
import { CallPlacementUncertainError, DestinationRejectedError, TelephonyRequestRejectedError, TelephonyUnavailableError, type ConnectBackend, type PlaceCallRequest, type PlacedCall, type Telephony } from '#ports/telephony';

/** Connect classes these as throttling or quota: nothing was dialled. */
const throttlingErrors = new Set(['ThrottlingException', 'TooManyRequestsException', 'LimitExceededException', 'ServiceQuotaExceededException']);
/** The connection was refused or never made: the request never reached Connect. */
const notSentNetworkErrors = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN']);
/** Our settings are wrong or not allowed: retrying does not help until someone fixes the campaign. */
const requestErrors = new Set(['ResourceNotFoundException', 'AccessDeniedException', 'OutboundContactNotPermittedException', 'InvalidRequestException', 'IdempotencyException', 'ConflictException']);

export class ConnectTelephony implements Telephony {
  constructor(private readonly client: ConnectClient) {}

  /**
   * The attempt id is the ClientToken: Connect answers a repeated request with the contact it already started (for
   * 7 days), so the SDK's own retries after a timeout or a 5xx never dial twice. What still fails after them may
   * have dialled: it is reported as uncertain, and the dialer waits for the outcome rather than dialling again under
   * a new attempt (a new token). The attributes let the contact flow and the contact record name our attempt,
   * campaign and contact.
   */
  async placeCall(request: PlaceCallRequest): Promise<PlacedCall> {
    const backend = request.backend;
    if (backend.type !== 'connect') throw new TelephonyRequestRejectedError(backend.type, 'the Amazon Connect adapter got a request for another back end');
    let contactId: string | undefined;
    try {
      ({ ContactId: contactId } = await this.client.send(new StartOutboundVoiceContactCommand(startOutboundVoiceContactInput(request, backend))));
    } catch (error) {
      throw connectError(error);
    }
    // A success without an id is a service fault after which the contact may exist.
    if (!contactId) throw new CallPlacementUncertainError('connect', 'NoContactId');
    return { providerCallId: contactId };
  }
}

function startOutboundVoiceContactInput(request: PlaceCallRequest, backend: ConnectBackend): StartOutboundVoiceContactCommandInput {
  return {
    InstanceId: backend.instanceId,
    ContactFlowId: backend.contactFlowId,
    DestinationPhoneNumber: request.destination,
    ClientToken: request.attemptId,
    QueueId: backend.queueId,
    SourcePhoneNumber: backend.sourcePhoneNumber,
    Attributes: { attemptId: request.attemptId, campaignId: request.campaignId, contactId: request.contactId },
    // Connect requires the CAMPAIGN traffic type for answering machine detection, and GENERAL otherwise.
    TrafficType: backend.answeringMachineDetection ? 'CAMPAIGN' : 'GENERAL',
    AnswerMachineDetectionConfig: backend.answeringMachineDetection
      ? { EnableAnswerMachineDetection: true, AwaitAnswerMachinePrompt: backend.awaitAnswerMachinePrompt ?? false }
      : undefined,
    RingTimeoutInSeconds: backend.ringTimeoutSeconds,
  };
}

/** The provider's message may quote the number: only the exception's name travels on. */
function connectError(error: unknown): Error {
  if (!(error instanceof ConnectServiceException)) {
    const name = errorName(error);
    return notSentNetworkErrors.has(name) ? new TelephonyUnavailableError('connect', 'unavailable', name) : new CallPlacementUncertainError('connect', name);
  }
  const code = error.name;
  if (code === 'DestinationNotAllowedException') return new DestinationRejectedError('connect', code);
  // Connect says only "one of the parameters is not valid"; the message tells whether it was the destination.
  if (code === 'InvalidParameterException') {
    return namesDestination(error.message) ? new DestinationRejectedError('connect', code) : new TelephonyRequestRejectedError('connect', 'a parameter is not valid', code);
  }
  if (throttlingErrors.has(code)) return new TelephonyUnavailableError('connect', 'throttled', code);
  if (requestErrors.has(code)) return new TelephonyRequestRejectedError('connect', describe(code), code);
  // InternalServiceException and any other fault, after the SDK's retries: Connect may have started the contact.
  return new CallPlacementUncertainError('connect', code);
}

function namesDestination(message: string): boolean {
  return /destination/i.test(message) || (/phone ?number/i.test(message) && !/source/i.test(message));
}

function describe(code: string): string {
  switch (code) {
    case 'ResourceNotFoundException':
      return 'the instance, contact flow or queue does not exist';
    case 'AccessDeniedException':
      return 'not allowed to start outbound calls';
    case 'OutboundContactNotPermittedException':
      return 'outbound calls are not permitted on this instance';
    case 'IdempotencyException':
      return 'the attempt id was already used for a different call';
    default:
      return 'the request is not valid';
  }
}

function errorName(error: unknown): string {
  return error instanceof Error ? ((error as { code?: string }).code ?? error.name) : 'UnknownError';
}

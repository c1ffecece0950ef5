// Telephony on AWS End User Messaging voice: SendVoiceMessage plays a spoken message to whoever answers (agentless).
import {
  ConflictException,
  PinpointSMSVoiceV2Client,
  PinpointSMSVoiceV2ServiceException,
  SendVoiceMessageCommand,
  ServiceQuotaExceededException,
  ValidationException,
  type PinpointSMSVoiceV2ClientConfig,
  type SendVoiceMessageCommandInput,
  type VoiceId,
} from '@aws-sdk/client-pinpoint-sms-voice-v2';
import {
  CallPlacementUncertainError,
  DestinationRejectedError,
  TelephonyRequestRejectedError,
  TelephonyUnavailableError,
  type EumVoiceBackend,
  type PlaceCallRequest,
  type PlacedCall,
  type Telephony,
} from '#ports/telephony';
import { throttlingOnlyRetryStrategy } from './throttling-only-retry.ts';

/**
 * The client this adapter needs: SendVoiceMessage takes no client token, so the SDK must not resend it after a
 * timeout or a 5xx (it may have dialled). Build it once, at module scope, with this function.
 */
export function createEumVoiceClient(config: PinpointSMSVoiceV2ClientConfig = {}): PinpointSMSVoiceV2Client {
  return new PinpointSMSVoiceV2Client({ ...config, retryStrategy: throttlingOnlyRetryStrategy() });
}

/**
 * How one attempt never dials twice without a client token:
 * 1. the place-call task claims the attempt with a conditional write (attempt id not yet claimed) before it calls
 *    this adapter, so a redelivered or retried task finds the claim and does not send again;
 * 2. within one call, the client from createEumVoiceClient retries throttling only (refused, so nothing was sent);
 * 3. a 5xx or a timeout becomes CallPlacementUncertainError: the workflow waits for the outcome event (its
 *    `context` carries the attempt id, so it matches even without a MessageId) or the task timeout, and never
 *    redials that attempt.
 */
export class EumVoiceTelephony implements Telephony {
  constructor(private readonly client: PinpointSMSVoiceV2Client) {}

  async placeCall(request: PlaceCallRequest): Promise<PlacedCall> {
    const backend = request.backend;
    if (backend.type !== 'eum-voice') throw new TelephonyRequestRejectedError(backend.type, 'the End User Messaging adapter got a request for another back end');
    let messageId: string | undefined;
    try {
      ({ MessageId: messageId } = await this.client.send(new SendVoiceMessageCommand(sendVoiceMessageInput(request, backend))));
    } catch (error) {
      throw eumError(error);
    }
    if (!messageId) throw new CallPlacementUncertainError('eum-voice', 'NoMessageId');
    return { providerCallId: messageId };
  }
}

function sendVoiceMessageInput(request: PlaceCallRequest, backend: EumVoiceBackend): SendVoiceMessageCommandInput {
  return {
    DestinationPhoneNumber: request.destination,
    OriginationIdentity: backend.originationIdentity,
    MessageBody: backend.messageBody,
    MessageBodyTextType: backend.messageBodyType,
    // The service validates the voice name; the port keeps it a string so the domain needs no SDK enum.
    VoiceId: backend.voiceId as VoiceId | undefined,
    ConfigurationSetName: backend.configurationSetName,
    TimeToLive: backend.timeToLiveSeconds,
    MaxPricePerMinute: backend.maxPricePerMinute,
    ProtectConfigurationId: backend.protectConfigurationId,
    // Logged to the event destinations and carried by the VOICE_* events.
    Context: { attemptId: request.attemptId, campaignId: request.campaignId, contactId: request.contactId },
  };
}

/** Validation reasons that concern where the call goes rather than how we asked. */
const destinationValidationReasons = new Set(['DESTINATION_COUNTRY_BLOCKED', 'COUNTRY_NOT_ENABLED', 'INVALID_IDENTITY_FOR_DESTINATION_COUNTRY', 'INTERNATIONAL_SENDING_NOT_SUPPORTED']);
/** Network failures before the request left: nothing can have been dialled. */
const notSentCodes = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

/** The provider's message may quote the number: only codes travel on. */
function eumError(error: unknown): Error {
  if (!(error instanceof PinpointSMSVoiceV2ServiceException)) {
    const code = error instanceof Error ? ((error as { code?: string }).code ?? error.name) : 'UnknownError';
    return notSentCodes.has(code) ? new TelephonyUnavailableError('eum-voice', 'unavailable', code) : new CallPlacementUncertainError('eum-voice', code);
  }
  if (error instanceof ValidationException) {
    const reason = error.Reason ?? 'ValidationException';
    const aboutDestination = destinationValidationReasons.has(reason) || (error.Fields ?? []).some((field) => field.Name === 'DestinationPhoneNumber');
    return aboutDestination ? new DestinationRejectedError('eum-voice', reason) : new TelephonyRequestRejectedError('eum-voice', `the request is not valid (${reason})`, reason);
  }
  if (error instanceof ConflictException) {
    // Opted out, blocked by a protect configuration, not verified (sandbox): all about the destination.
    const reason = error.Reason ?? 'ConflictException';
    return reason.startsWith('DESTINATION_') ? new DestinationRejectedError('eum-voice', reason) : new TelephonyRequestRejectedError('eum-voice', `conflict (${reason})`, reason);
  }
  if (error instanceof ServiceQuotaExceededException) {
    // A monthly spend limit does not lift by waiting a few minutes; rate and count quotas do.
    const reason = error.Reason ?? 'ServiceQuotaExceededException';
    return reason.includes('SPEND_LIMIT') ? new TelephonyRequestRejectedError('eum-voice', `quota reached (${reason})`, reason) : new TelephonyUnavailableError('eum-voice', 'throttled', reason);
  }
  if (error.name === 'ThrottlingException') return new TelephonyUnavailableError('eum-voice', 'throttled', error.name);
  if (error.$fault === 'server') return new CallPlacementUncertainError('eum-voice', error.name);
  return new TelephonyRequestRejectedError('eum-voice', refusal(error.name), error.name);
}

function refusal(code: string): string {
  if (code === 'AccessDeniedException') return 'not allowed to send voice messages';
  if (code === 'ResourceNotFoundException') return 'the origination identity or configuration set does not exist';
  return 'the request was refused';
}

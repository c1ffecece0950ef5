// SMS on AWS End User Messaging: SendTextMessage, transactional, from one origination identity.
import {
  ConflictException,
  PinpointSMSVoiceV2Client,
  PinpointSMSVoiceV2ServiceException,
  SendTextMessageCommand,
  ServiceQuotaExceededException,
  ValidationException,
  type PinpointSMSVoiceV2ClientConfig,
  type SendTextMessageCommandInput,
} from '@aws-sdk/client-pinpoint-sms-voice-v2';
import { codeValidityMs } from '#domain/verification/one-time-code';
import { SmsDestinationRejectedError, SmsRequestRejectedError, SmsSendUncertainError, SmsUnavailableError, type SmsKind, type SmsMessage, type SmsReceipt, type SmsSender } from '#ports/sms-sender';
import { throttlingOnlyRetryStrategy } from '#adapters/telephony/throttling-only-retry';

/**
 * The client this adapter needs: SendTextMessage takes no client token, so the SDK must not resend it after a timeout
 * or a 5xx (an opt-out confirmation is sent once at most). It is configured as createEumVoiceClient's, so one client
 * can serve both. Build it once, at module scope.
 */
export function createEumSmsClient(config: PinpointSMSVoiceV2ClientConfig = {}): PinpointSMSVoiceV2Client {
  return new PinpointSMSVoiceV2Client({ ...config, retryStrategy: throttlingOnlyRetryStrategy() });
}

export interface EumSmsConfig {
  /** Phone number, phone number id or ARN, sender id, pool id or ARN (full ARN for a shared resource). */
  originationIdentity: string;
  /** Where the TEXT_* delivery events go. */
  configurationSetName?: string;
  /**
   * How long the provider keeps trying to hand a message off, per kind (the service's default is 72 hours). A
   * verification code is dead after 10 minutes, so is its message unless configured otherwise.
   */
  timeToLiveSeconds?: Partial<Record<SmsKind, number>>;
  protectConfigurationId?: string;
  /** Refuse messages costing more than this, in US dollars per message part. */
  maxPrice?: string;
}

const defaultTimeToLiveSeconds: Partial<Record<SmsKind, number>> = { verification: codeValidityMs / 1000 };

export class EumSmsSender implements SmsSender {
  constructor(
    private readonly client: PinpointSMSVoiceV2Client,
    private readonly config: EumSmsConfig,
  ) {}

  async send(message: SmsMessage): Promise<SmsReceipt> {
    let messageId: string | undefined;
    try {
      ({ MessageId: messageId } = await this.client.send(new SendTextMessageCommand(this.sendTextMessageInput(message))));
    } catch (error) {
      throw eumSmsError(error);
    }
    // A success without an id is a service fault after which the message may have gone.
    if (!messageId) throw new SmsSendUncertainError('NoMessageId');
    return { messageId };
  }

  private sendTextMessageInput(message: SmsMessage): SendTextMessageCommandInput {
    return {
      DestinationPhoneNumber: message.to,
      OriginationIdentity: this.config.originationIdentity,
      MessageBody: message.body,
      // Codes and keyword replies answer the person: time-sensitive, and routed as such.
      MessageType: 'TRANSACTIONAL',
      ConfigurationSetName: this.config.configurationSetName,
      TimeToLive: { ...defaultTimeToLiveSeconds, ...this.config.timeToLiveSeconds }[message.kind],
      ProtectConfigurationId: this.config.protectConfigurationId,
      MaxPrice: this.config.maxPrice,
      // Logged to the event destinations with the message's events.
      Context: { kind: message.kind },
    };
  }
}

/** Validation reasons that concern where the message goes rather than how we asked. */
const destinationValidationReasons = new Set(['DESTINATION_COUNTRY_BLOCKED', 'COUNTRY_NOT_ENABLED', 'INVALID_IDENTITY_FOR_DESTINATION_COUNTRY', 'INTERNATIONAL_SENDING_NOT_SUPPORTED']);
/** Network failures before the request left: nothing can have been sent. */
const notSentCodes = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

/** The provider's message may quote the number: only codes travel on. */
function eumSmsError(error: unknown): Error {
  if (!(error instanceof PinpointSMSVoiceV2ServiceException)) {
    const code = error instanceof Error ? ((error as { code?: string }).code ?? error.name) : 'UnknownError';
    return notSentCodes.has(code) ? new SmsUnavailableError('unavailable', code) : new SmsSendUncertainError(code);
  }
  if (error instanceof ValidationException) {
    const reason = error.Reason ?? 'ValidationException';
    if (destinationValidationReasons.has(reason)) return new SmsDestinationRejectedError('blocked', reason);
    if ((error.Fields ?? []).some((field) => field.Name === 'DestinationPhoneNumber')) return new SmsDestinationRejectedError('invalid', reason);
    return new SmsRequestRejectedError(`the request is not valid (${reason})`, reason);
  }
  if (error instanceof ConflictException) {
    // Opted out (the provider's opt-out list), blocked by a protect configuration, or not verified (sandbox).
    const reason = error.Reason ?? 'ConflictException';
    if (reason === 'DESTINATION_PHONE_NUMBER_OPTED_OUT') return new SmsDestinationRejectedError('opted-out', reason);
    return reason.startsWith('DESTINATION_') ? new SmsDestinationRejectedError('blocked', reason) : new SmsRequestRejectedError(`conflict (${reason})`, reason);
  }
  if (error instanceof ServiceQuotaExceededException) {
    // A monthly spend limit does not lift by waiting a few minutes; rate and count quotas do.
    const reason = error.Reason ?? 'ServiceQuotaExceededException';
    return reason.includes('SPEND_LIMIT') ? new SmsRequestRejectedError(`quota reached (${reason})`, reason) : new SmsUnavailableError('throttled', reason);
  }
  if (error.name === 'ThrottlingException') return new SmsUnavailableError('throttled', error.name);
  if (error.$fault === 'server') return new SmsSendUncertainError(error.name);
  return new SmsRequestRejectedError(refusal(error.name), error.name);
}

function refusal(code: string): string {
  if (code === 'AccessDeniedException') return 'not allowed to send text messages';
  if (code === 'ResourceNotFoundException') return 'the origination identity or configuration set does not exist';
  return 'the request was refused';
}

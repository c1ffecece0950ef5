// The telephony port: the place-call task dials one call through it, whatever the campaign's back end.
import { DomainError } from '#domain/errors';

/** Amazon Connect (agent campaigns): the contact flow runs when the customer answers, then queues to an agent. */
export type ConnectBackend = {
  type: 'connect';
  instanceId: string;
  contactFlowId: string;
  /** Connect tells answering machines from people; it then requires the CAMPAIGN traffic type. */
  answeringMachineDetection: boolean;
  /** With detection on: wait for the machine's greeting to end before the flow goes on (to leave a message). */
  awaitAnswerMachinePrompt?: boolean;
  ringTimeoutSeconds?: number;
} & ConnectCallerId;

/** Connect needs a queue (its outbound caller id is used) or a source number, or both. */
export type ConnectCallerId = { queueId: string; sourcePhoneNumber?: string } | { queueId?: string; sourcePhoneNumber: string };

/**
 * AWS End User Messaging voice (agentless): a spoken message played to whoever answers.
 * There is no language setting: in the v2 API the Polly voice (`voiceId`) decides the language.
 */
export interface EumVoiceBackend {
  type: 'eum-voice';
  /** Phone number, phone number id or ARN, pool id or ARN (full ARN for a shared resource). */
  originationIdentity: string;
  messageBody: string;
  /** TEXT up to 3000 characters, SSML up to 6000. */
  messageBodyType: 'TEXT' | 'SSML';
  /** A Polly voice name as End User Messaging spells it (e.g. `JOANNA`); the service defaults to MATTHEW. */
  voiceId?: string;
  /** Where the VOICE_* events go; without one there is no outcome event and every call ends by timeout. */
  configurationSetName?: string;
  /** Keep it shorter than the callback timeout, so VOICE_TTL_EXPIRED arrives before the task gives up (default 72 h). */
  timeToLiveSeconds?: number;
  maxPricePerMinute?: string;
  protectConfigurationId?: string;
}

/** The local simulator (local runtime and tests): outcomes are scripted per number. */
export interface SimulatorBackend {
  type: 'simulator';
}

export type TelephonyBackend = ConnectBackend | EumVoiceBackend | SimulatorBackend;
export type TelephonyBackendType = TelephonyBackend['type'];

export interface PlaceCallRequest {
  /** One attempt is one dialled call: the idempotency key, and the client token where the provider takes one. */
  attemptId: string;
  /** E.164. Never logged in clear. */
  destination: string;
  campaignId: string;
  contactId: string;
  backend: TelephonyBackend;
}

export interface PlacedCall {
  /** The provider's id of the call (Connect ContactId, End User Messaging MessageId): outcome events carry it. */
  providerCallId: string;
}

export interface Telephony {
  /**
   * Dial one call. Throws TelephonyUnavailableError (retry later), DestinationRejectedError (the provider refuses
   * this number), TelephonyRequestRejectedError (our settings are wrong) or CallPlacementUncertainError (the
   * provider may have dialled and cannot be asked again safely).
   */
  placeCall(request: PlaceCallRequest): Promise<PlacedCall>;
}

// Named errors the place-call task throws so the state machine can catch them by name. Names are literal, not
// taken from the constructor, because bundling may rename classes. Messages never carry the destination number.

export abstract class TelephonyError extends DomainError {
  constructor(
    readonly backend: TelephonyBackendType,
    message: string,
    /** The provider's own error code or exception name, for diagnosis. */
    readonly providerCode: string | undefined,
  ) {
    super(message);
  }
}

/** Throttled, over a rate or concurrency quota, or unavailable: nothing was dialled, or retrying cannot dial twice. */
export class TelephonyUnavailableError extends TelephonyError {
  override readonly name = 'TelephonyUnavailableError';

  constructor(
    backend: TelephonyBackendType,
    readonly reason: 'throttled' | 'unavailable',
    providerCode?: string,
  ) {
    super(backend, `${backend} telephony is ${reason === 'throttled' ? 'throttling calls' : 'unavailable'}: retry later`, providerCode);
  }
}

/** The provider refuses to dial this destination (not allowed, opted out, blocked country, invalid): not placed. */
export class DestinationRejectedError extends TelephonyError {
  override readonly name = 'DestinationRejectedError';

  constructor(backend: TelephonyBackendType, providerCode?: string) {
    super(backend, `${backend} telephony refused the destination${providerCode ? ` (${providerCode})` : ''}: the call was not placed`, providerCode);
  }
}

/** The provider refuses the request itself (unknown instance or flow, no permission, bad settings): not placed. */
export class TelephonyRequestRejectedError extends TelephonyError {
  override readonly name = 'TelephonyRequestRejectedError';

  constructor(backend: TelephonyBackendType, detail: string, providerCode?: string) {
    super(backend, `${backend} telephony refused the request: ${detail}`, providerCode);
  }
}

/**
 * The request may have reached the provider and dialled, and the provider has no idempotency key to ask again
 * (End User Messaging). Redialling could call the person twice: wait for the outcome event or the task timeout.
 */
export class CallPlacementUncertainError extends TelephonyError {
  override readonly name = 'CallPlacementUncertainError';

  constructor(backend: TelephonyBackendType, providerCode?: string) {
    super(backend, `${backend} telephony may or may not have placed the call: do not redial this attempt`, providerCode);
  }
}

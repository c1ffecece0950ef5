// What a telephony provider's event means for a dialled call, in our call statuses: the one place that decides it.
import { callStatuses, type CallStatus } from './call-status.ts';

/*
 * Every provider event reaches the outcome handler through EventBridge (one rule per source below):
 * - Amazon Connect publishes "Amazon Connect Contact Event" (source aws.connect) to the default bus, best effort,
 *   unordered. One contact emits INITIATED, CONNECTED_TO_SYSTEM (with the answering machine detection status),
 *   QUEUED, CONNECTED_TO_AGENT, DISCONNECTED, COMPLETED. Only DISCONNECTED is terminal: it carries the state the
 *   contact reached (detection status, connectedToSystemTimestamp, agentInfo.connectedToAgentTimestamp,
 *   disconnectReason). COMPLETED repeats it after after-contact work: ignored, so that the rule can match
 *   DISCONNECTED alone and keep one outcome invocation per call (DESIGN §9).
 * - AWS End User Messaging. A configuration set's event destinations deliver to CloudWatch Logs, Data Firehose or
 *   SNS only, not EventBridge; but the service also publishes every voice status directly to EventBridge as
 *   "Voice Message Delivery Status Updated" (source aws.sms-voice), best effort, with the same JSON as the event
 *   destinations as `detail`. We use the EventBridge path (no topic to own; the same route as Connect). Should SNS be
 *   used instead, its Message is that same JSON: wrap it as `detail` of an envelope with this source and detail-type.
 *   Carriers may report up to 72 hours late; the callback task's timeout bounds the wait.
 * - The local simulator emits "Simulated Call Ended" (source contactable.telephony-simulator) when a call ends.
 *
 * The mapping, first matching row wins (AGENT_REJECT never comes from a provider: our preview flow sets it).
 *
 * Amazon Connect, eventType DISCONNECTED of a VOICE contact started by our API call (initiationMethod API):
 * | evidence                                                                  | status         |
 * |---------------------------------------------------------------------------|----------------|
 * | detection VOICEMAIL_BEEP, VOICEMAIL_NO_BEEP, FAX_MACHINE_DETECTED         | MACHINE (even if an agent was connected: reached means a person) |
 * | agentInfo.connectedToAgentTimestamp set                                   | REACHED        |
 * | detection AMD_UNANSWERED (kept ringing)                                   | NO_ANSWER      |
 * | detection SIT_TONE_BUSY                                                   | BUSY           |
 * | detection SIT_TONE_INVALID_NUMBER                                         | NO_SUCH_NUMBER |
 * | detection SIT_TONE_DETECTED (other intercept / no circuit / reorder tones)| CONGESTION     |
 * | detection HUMAN_ANSWERED, AMD_UNRESOLVED, AMD_UNRESOLVED_SILENCE, AMD_ERROR (and the older ANSWERED, UNDETECTED, ERROR): answered, no agent joined |
 * |   … disconnectReason TELECOM_PROBLEM (the line failed)                    | DROP           |
 * |   … any other reason (hung up, flow ended it, no agent in time)          | ABANDONED      |
 * | otherwise (detection off, AMD_NOT_APPLICABLE or absent), by disconnectReason:               |
 * |   TELECOM_BUSY                                                            | BUSY           |
 * |   TELECOM_NUMBER_INVALID, OUTBOUND_DESTINATION_ENDPOINT_ERROR             | NO_SUCH_NUMBER |
 * |   TELECOM_UNANSWERED, TELECOM_TIMEOUT, TELECOM_ORIGINATOR_CANCEL (60 s)   | NO_ANSWER      |
 * |   TELECOM_POTENTIAL_BLOCKING, OUTBOUND_RESOURCE_ERROR, OUTBOUND_ATTEMPT_FAILED, EXPIRED | CONGESTION |
 * |   TELECOM_PROBLEM after connectedToSystemTimestamp (answered)             | DROP           |
 * |   TELECOM_PROBLEM before any answer                                       | CONGESTION     |
 * |   any other reason after connectedToSystemTimestamp                       | ABANDONED      |
 * |   any other reason (or none) without an answer                            | NO_ANSWER      |
 * Other event types, other channels, other initiation methods: ignored. Timestamps at the epoch are Connect's
 * placeholders for "not set". endedAt is disconnectTimestamp, else the envelope's time.
 *
 * AWS End User Messaging voice (eventType):
 * | VOICE_INITIATED, VOICE_RINGING, VOICE_ANSWERED | ignored: the call goes on                                   |
 * | VOICE_COMPLETED                                | REACHED: the message was played to whoever answered; the service has no machine detection, so a voicemail counts too |
 * | VOICE_BUSY                                     | BUSY                                                        |
 * | VOICE_NO_ANSWER                                | NO_ANSWER (neither the person nor a voicemail answered)     |
 * | VOICE_FAILED                                   | CONGESTION: not delivered, cause unknown; retried as a network failure |
 * | VOICE_TTL_EXPIRED                              | CONGESTION: the service could not place it within its time to live |
 * endedAt is eventTimestamp (epoch milliseconds), else the envelope's time. The adapter puts attemptId in the
 * message context, and the event carries it back.
 *
 * Simulator: the scripted status as it is (any status but AGENT_REJECT), ended at its endedAt.
 */

/** What a provider can say about a call: every status but AGENT_REJECT, which only our preview flow sets. */
export type ProviderCallStatus = Exclude<CallStatus, 'AGENT_REJECT'>;
export const providerCallStatuses: readonly ProviderCallStatus[] = callStatuses.filter((status): status is ProviderCallStatus => status !== 'AGENT_REJECT');

export const connectContactEvents = { source: 'aws.connect', detailType: 'Amazon Connect Contact Event' } as const;
export const eumVoiceEvents = { source: 'aws.sms-voice', detailType: 'Voice Message Delivery Status Updated' } as const;
export const simulatedCallEvents = { source: 'contactable.telephony-simulator', detailType: 'Simulated Call Ended' } as const;

/** An EventBridge event as its target receives it. `detail` is the provider's JSON and is read defensively. */
export interface ProviderEvent {
  source: string;
  'detail-type': string;
  time?: string;
  detail: unknown;
}

/** The fields of a Connect contact event this mapping reads (the docs show camelCase and PascalCase: both are read). */
export interface ConnectContactEventDetail {
  eventType: string;
  contactId: string;
  channel?: string;
  initiationMethod?: string;
  connectedToSystemTimestamp?: string;
  disconnectTimestamp?: string;
  disconnectReason?: string | { code?: string };
  answeringMachineDetectionStatus?: string;
  agentInfo?: { connectedToAgentTimestamp?: string };
}

/** End User Messaging's voice event, normalised to the fields we read (the same JSON via EventBridge or SNS). */
export interface EumVoiceEventDetail {
  eventType: string;
  messageId: string;
  /** Epoch milliseconds. */
  eventTimestamp?: number;
  isFinal?: boolean;
  messageStatus?: string;
  /** The `Context` the adapter sent: attemptId, campaignId, contactId. */
  context?: Record<string, string>;
}

export interface SimulatedCallEndedDetail {
  providerCallId: string;
  attemptId: string;
  status: ProviderCallStatus;
  startedAt: string;
  endedAt: string;
}

export type ProviderOutcome =
  | {
      outcome: 'terminal';
      providerCallId: string;
      status: ProviderCallStatus;
      /** ISO 8601. */
      endedAt: string;
      /** The provider's evidence, e.g. `answeringMachineDetectionStatus=VOICEMAIL_BEEP`: for History and logs. */
      cause: string;
      /** When the event carries our attempt id (End User Messaging context, simulator). */
      attemptId?: string;
    }
  | { outcome: 'ignored'; reason: string; providerCallId?: string };

/** Map one provider event to a call's end in our terms, or say why it is not one. Pure: no I/O, no clock. */
export function mapProviderEvent(event: ProviderEvent): ProviderOutcome {
  const detail = asRecord(event.detail);
  if (!detail) return ignored('the event has no detail object');
  if (event.source === connectContactEvents.source && event['detail-type'] === connectContactEvents.detailType) return fromConnect(detail, event.time);
  if (event.source === eumVoiceEvents.source && event['detail-type'] === eumVoiceEvents.detailType) return fromEumVoice(detail, event.time);
  if (event.source === simulatedCallEvents.source && event['detail-type'] === simulatedCallEvents.detailType) return fromSimulator(detail);
  return ignored(`not a telephony outcome: ${event.source} / ${event['detail-type']}`);
}

type Verdict = { status: ProviderCallStatus; cause: string };

const machineDetections = new Set(['VOICEMAIL_BEEP', 'VOICEMAIL_NO_BEEP', 'FAX_MACHINE_DETECTED']);
const answeredDetections = new Set(['HUMAN_ANSWERED', 'AMD_UNRESOLVED', 'AMD_UNRESOLVED_SILENCE', 'AMD_ERROR', 'ANSWERED', 'UNDETECTED', 'ERROR']);
const unansweredByDetection: Readonly<Record<string, ProviderCallStatus>> = {
  AMD_UNANSWERED: 'NO_ANSWER',
  SIT_TONE_BUSY: 'BUSY',
  SIT_TONE_INVALID_NUMBER: 'NO_SUCH_NUMBER',
  SIT_TONE_DETECTED: 'CONGESTION',
};
const byDisconnectReason: Readonly<Record<string, ProviderCallStatus>> = {
  TELECOM_BUSY: 'BUSY',
  TELECOM_NUMBER_INVALID: 'NO_SUCH_NUMBER',
  OUTBOUND_DESTINATION_ENDPOINT_ERROR: 'NO_SUCH_NUMBER',
  TELECOM_UNANSWERED: 'NO_ANSWER',
  TELECOM_TIMEOUT: 'NO_ANSWER',
  TELECOM_ORIGINATOR_CANCEL: 'NO_ANSWER',
  TELECOM_POTENTIAL_BLOCKING: 'CONGESTION',
  OUTBOUND_RESOURCE_ERROR: 'CONGESTION',
  OUTBOUND_ATTEMPT_FAILED: 'CONGESTION',
  EXPIRED: 'CONGESTION',
};

function fromConnect(detail: Record<string, unknown>, envelopeTime: string | undefined): ProviderOutcome {
  const contactId = text(read(detail, 'contactId'));
  if (!contactId) return ignored('Connect event without contactId');
  const eventType = text(read(detail, 'eventType'));
  const channel = text(read(detail, 'channel'));
  if (channel && channel.toUpperCase() !== 'VOICE') return ignored(`Connect ${channel} contact, not a call`, contactId);
  const initiationMethod = text(read(detail, 'initiationMethod'));
  if (initiationMethod && initiationMethod !== 'API') return ignored(`Connect contact initiated by ${initiationMethod}, not by StartOutboundVoiceContact`, contactId);
  if (eventType !== 'DISCONNECTED') return ignored(`Connect ${eventType ?? 'untyped'} event: the call ends with DISCONNECTED`, contactId);
  const endedAt = isoTime(read(detail, 'disconnectTimestamp')) ?? isoTime(envelopeTime);
  if (!endedAt) return ignored('Connect DISCONNECTED event without a time', contactId);
  const verdict = connectVerdict(detail);
  return { outcome: 'terminal', providerCallId: contactId, endedAt, ...verdict };
}

function connectVerdict(detail: Record<string, unknown>): Verdict {
  const detection = text(read(detail, 'answeringMachineDetectionStatus'));
  const reasonField = read(detail, 'disconnectReason');
  const reason = text(reasonField) ?? text(read(asRecord(reasonField) ?? {}, 'code'));
  const agentJoined = isoTime(read(asRecord(read(detail, 'agentInfo')) ?? {}, 'connectedToAgentTimestamp')) !== undefined;
  const answered = isoTime(read(detail, 'connectedToSystemTimestamp')) !== undefined;
  const byDetection = `answeringMachineDetectionStatus=${detection}`;
  const byReason = `disconnectReason=${reason ?? 'none'}`;

  if (detection && machineDetections.has(detection)) return { status: 'MACHINE', cause: byDetection };
  if (agentJoined) return { status: 'REACHED', cause: 'connected to an agent' };
  const unanswered = detection ? unansweredByDetection[detection] : undefined;
  if (unanswered) return { status: unanswered, cause: byDetection };
  if (detection && answeredDetections.has(detection)) {
    return { status: reason === 'TELECOM_PROBLEM' ? 'DROP' : 'ABANDONED', cause: `${byDetection}, ${byReason}, no agent` };
  }
  const mapped = reason ? byDisconnectReason[reason] : undefined;
  if (mapped) return { status: mapped, cause: byReason };
  if (reason === 'TELECOM_PROBLEM') return { status: answered ? 'DROP' : 'CONGESTION', cause: `${byReason}, ${answered ? 'after' : 'before'} answer` };
  return answered ? { status: 'ABANDONED', cause: `${byReason}, answered, no agent` } : { status: 'NO_ANSWER', cause: `${byReason}, never answered` };
}

const eumInProgress = new Set(['VOICE_INITIATED', 'VOICE_RINGING', 'VOICE_ANSWERED']);
const byEumEventType: Readonly<Record<string, ProviderCallStatus>> = {
  VOICE_COMPLETED: 'REACHED',
  VOICE_BUSY: 'BUSY',
  VOICE_NO_ANSWER: 'NO_ANSWER',
  VOICE_FAILED: 'CONGESTION',
  VOICE_TTL_EXPIRED: 'CONGESTION',
};

function fromEumVoice(detail: Record<string, unknown>, envelopeTime: string | undefined): ProviderOutcome {
  const messageId = text(detail.messageId);
  if (!messageId) return ignored('End User Messaging event without messageId');
  const eventType = text(detail.eventType) ?? 'untyped';
  if (eumInProgress.has(eventType)) return ignored(`End User Messaging ${eventType}: the call goes on`, messageId);
  const status = byEumEventType[eventType];
  if (!status) return ignored(`End User Messaging ${eventType} is not a voice outcome`, messageId);
  const endedAt = isoTime(detail.eventTimestamp) ?? isoTime(envelopeTime);
  if (!endedAt) return ignored(`End User Messaging ${eventType} without a time`, messageId);
  const attemptId = text(read(asRecord(detail.context) ?? {}, 'attemptId'));
  return { outcome: 'terminal', providerCallId: messageId, status, endedAt, cause: `eventType=${eventType}`, ...(attemptId ? { attemptId } : {}) };
}

function fromSimulator(detail: Record<string, unknown>): ProviderOutcome {
  const providerCallId = text(detail.providerCallId);
  if (!providerCallId) return ignored('simulated call without providerCallId');
  const status = text(detail.status);
  if (!isProviderCallStatus(status)) return ignored(`simulated status ${status ?? 'missing'} is not a provider outcome`, providerCallId);
  const endedAt = isoTime(detail.endedAt);
  if (!endedAt) return ignored('simulated call without endedAt', providerCallId);
  const attemptId = text(detail.attemptId);
  return { outcome: 'terminal', providerCallId, status, endedAt, cause: `simulated ${status}`, ...(attemptId ? { attemptId } : {}) };
}

export function isProviderCallStatus(value: unknown): value is ProviderCallStatus {
  return (providerCallStatuses as readonly unknown[]).includes(value);
}

function ignored(reason: string, providerCallId?: string): ProviderOutcome {
  return providerCallId === undefined ? { outcome: 'ignored', reason } : { outcome: 'ignored', reason, providerCallId };
}

function asRecord(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

/** `contactId` or `ContactId`: Connect's documented samples use both spellings. */
function read(record: Record<string, unknown>, camelName: string): unknown {
  return record[camelName] ?? record[camelName[0]!.toUpperCase() + camelName.slice(1)];
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

/** Connect fills unset timestamps with the epoch (1970-01-01T00:00:00.001Z): before 2000 means "not set". */
const notSetBefore = Date.UTC(2000, 0, 1);

function isoTime(value: unknown): string | undefined {
  const millis = typeof value === 'number' ? value : typeof value === 'string' && value !== '' ? Date.parse(value) : Number.NaN;
  return Number.isFinite(millis) && millis >= notSetBefore ? new Date(millis).toISOString() : undefined;
}

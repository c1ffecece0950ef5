// Provider events mapped to our call statuses: every Connect detection status and disconnect reason, every End User
// Messaging voice event type, every simulated status, and the events that are not outcomes.
import { describe, expect, it } from 'vitest';
import { retryableStatuses, type CallStatus } from '#domain/dialer/call-status';
import { mapProviderEvent, providerCallStatuses, type ProviderEvent } from '#domain/dialer/provider-outcome';

const contactId = '5f3c2f0e-8d7b-4c1a-9e6f-2a1b3c4d5e6f';
const initiated = '2026-03-02T10:00:00.000Z';
const answeredAt = '2026-03-02T10:00:09.000Z';
const agentAt = '2026-03-02T10:00:14.000Z';
const disconnectedAt = '2026-03-02T10:01:30.000Z';

/** A contact event as EventBridge delivers it, after the documented samples. */
function connectEvent(detail: Record<string, unknown>): ProviderEvent {
  return {
    source: 'aws.connect',
    'detail-type': 'Amazon Connect Contact Event',
    time: '2026-03-02T10:01:31Z',
    detail: {
      eventType: 'DISCONNECTED',
      contactId,
      channel: 'VOICE',
      instanceArn: 'arn:aws:connect:us-east-1:111122223333:instance/12345678-1234-1234-1234-123456789012',
      initiationMethod: 'API',
      initiationTimestamp: initiated,
      disconnectTimestamp: disconnectedAt,
      tags: { 'aws:connect:instanceId': '12345678-1234-1234-1234-123456789012' },
      ...detail,
    },
  };
}

const answered = { connectedToSystemTimestamp: answeredAt };
const agent = { ...answered, agentInfo: { agentArn: 'arn:aws:connect:us-east-1:111122223333:instance/x/agent/y', connectedToAgentTimestamp: agentAt } };
const detection = (status: string, more: Record<string, unknown> = {}) => ({ answeringMachineDetectionStatus: status, ...more });

/** [case, detail, status]: every row is a DISCONNECTED voice contact we started. */
const connectTable: Array<[string, Record<string, unknown>, CallStatus]> = [
  ['HUMAN_ANSWERED then CONNECTED_TO_AGENT', { ...agent, ...detection('HUMAN_ANSWERED'), disconnectReason: 'AGENT_DISCONNECT' }, 'REACHED'],
  ['HUMAN_ANSWERED, hung up before an agent joined', { ...answered, ...detection('HUMAN_ANSWERED'), disconnectReason: 'CUSTOMER_DISCONNECT' }, 'ABANDONED'],
  ['HUMAN_ANSWERED, the flow ended it with no agent', { ...answered, ...detection('HUMAN_ANSWERED'), disconnectReason: 'CONTACT_FLOW_DISCONNECT' }, 'ABANDONED'],
  ['HUMAN_ANSWERED, the line failed', { ...answered, ...detection('HUMAN_ANSWERED'), disconnectReason: 'TELECOM_PROBLEM' }, 'DROP'],
  ['VOICEMAIL_BEEP', { ...answered, ...detection('VOICEMAIL_BEEP'), disconnectReason: 'CONTACT_FLOW_DISCONNECT' }, 'MACHINE'],
  ['VOICEMAIL_NO_BEEP', { ...answered, ...detection('VOICEMAIL_NO_BEEP'), disconnectReason: 'CONTACT_FLOW_DISCONNECT' }, 'MACHINE'],
  ['VOICEMAIL_BEEP even if an agent was connected', { ...agent, ...detection('VOICEMAIL_BEEP') }, 'MACHINE'],
  ['FAX_MACHINE_DETECTED', { ...answered, ...detection('FAX_MACHINE_DETECTED') }, 'MACHINE'],
  ['AMD_UNANSWERED', { ...detection('AMD_UNANSWERED'), disconnectReason: 'TELECOM_ORIGINATOR_CANCEL' }, 'NO_ANSWER'],
  ['SIT_TONE_BUSY', detection('SIT_TONE_BUSY'), 'BUSY'],
  ['SIT_TONE_INVALID_NUMBER', detection('SIT_TONE_INVALID_NUMBER'), 'NO_SUCH_NUMBER'],
  ['SIT_TONE_DETECTED', detection('SIT_TONE_DETECTED'), 'CONGESTION'],
  ['AMD_UNRESOLVED, no agent', { ...answered, ...detection('AMD_UNRESOLVED'), disconnectReason: 'CUSTOMER_DISCONNECT' }, 'ABANDONED'],
  ['AMD_UNRESOLVED_SILENCE, no agent', { ...answered, ...detection('AMD_UNRESOLVED_SILENCE'), disconnectReason: 'CONTACT_FLOW_DISCONNECT' }, 'ABANDONED'],
  ['AMD_ERROR, then an agent', { ...agent, ...detection('AMD_ERROR') }, 'REACHED'],
  ['AMD_ERROR, no agent', { ...answered, ...detection('AMD_ERROR'), disconnectReason: 'CUSTOMER_DISCONNECT' }, 'ABANDONED'],
  ['AMD_NOT_APPLICABLE: decided by the disconnect reason', { ...detection('AMD_NOT_APPLICABLE'), disconnectReason: 'TELECOM_NUMBER_INVALID' }, 'NO_SUCH_NUMBER'],
  ['detection off, TELECOM_BUSY', { disconnectReason: 'TELECOM_BUSY' }, 'BUSY'],
  ['detection off, TELECOM_NUMBER_INVALID', { disconnectReason: 'TELECOM_NUMBER_INVALID' }, 'NO_SUCH_NUMBER'],
  ['detection off, TELECOM_UNANSWERED', { disconnectReason: 'TELECOM_UNANSWERED' }, 'NO_ANSWER'],
  ['detection off, TELECOM_TIMEOUT', { disconnectReason: 'TELECOM_TIMEOUT' }, 'NO_ANSWER'],
  ['detection off, TELECOM_ORIGINATOR_CANCEL after 60 s of ringing', { disconnectReason: 'TELECOM_ORIGINATOR_CANCEL' }, 'NO_ANSWER'],
  ['detection off, TELECOM_POTENTIAL_BLOCKING', { disconnectReason: 'TELECOM_POTENTIAL_BLOCKING' }, 'CONGESTION'],
  ['detection off, TELECOM_PROBLEM before any answer', { disconnectReason: 'TELECOM_PROBLEM' }, 'CONGESTION'],
  ['detection off, TELECOM_PROBLEM after the answer', { ...answered, disconnectReason: 'TELECOM_PROBLEM' }, 'DROP'],
  ['detection off, OUTBOUND_DESTINATION_ENDPOINT_ERROR', { disconnectReason: 'OUTBOUND_DESTINATION_ENDPOINT_ERROR' }, 'NO_SUCH_NUMBER'],
  ['detection off, OUTBOUND_RESOURCE_ERROR', { disconnectReason: 'OUTBOUND_RESOURCE_ERROR' }, 'CONGESTION'],
  ['detection off, OUTBOUND_ATTEMPT_FAILED', { disconnectReason: 'OUTBOUND_ATTEMPT_FAILED' }, 'CONGESTION'],
  ['detection off, EXPIRED (no capacity)', { disconnectReason: 'EXPIRED' }, 'CONGESTION'],
  ['detection off, answered, customer hung up before an agent', { ...answered, disconnectReason: 'CUSTOMER_DISCONNECT' }, 'ABANDONED'],
  ['detection off, answered, the flow hung up', { ...answered, disconnectReason: 'CONTACT_FLOW_DISCONNECT' }, 'ABANDONED'],
  ['detection off, never answered, no reason given', {}, 'NO_ANSWER'],
  ['detection off, agent connected, customer hung up', { ...agent, disconnectReason: 'CUSTOMER_DISCONNECT' }, 'REACHED'],
  ['detection off, agent connected, agent hung up', { ...agent, disconnectReason: 'AGENT_DISCONNECT' }, 'REACHED'],
  ['detection off, agent connected, third party hung up', { ...agent, disconnectReason: 'THIRD_PARTY_DISCONNECT' }, 'REACHED'],
  ['detection off, agent connected, supervisor barged', { ...agent, disconnectReason: 'BARGED' }, 'REACHED'],
  ['disconnect reason given as { code }', { disconnectReason: { code: 'TELECOM_BUSY' } }, 'BUSY'],
  ["Connect's epoch placeholder is not an agent", { ...answered, agentInfo: { connectedToAgentTimestamp: '1970-01-01T00:00:00.001Z' }, disconnectReason: 'CUSTOMER_DISCONNECT' }, 'ABANDONED'],
  ["Connect's epoch placeholder is not an answer", { connectedToSystemTimestamp: '1970-01-01T00:00:00.001Z', disconnectReason: 'TELECOM_PROBLEM' }, 'CONGESTION'],
];

/** End User Messaging voice: [eventType, status or undefined when the call goes on]. */
const eumTable: Array<[string, CallStatus | undefined]> = [
  ['VOICE_INITIATED', undefined],
  ['VOICE_RINGING', undefined],
  ['VOICE_ANSWERED', undefined],
  ['VOICE_COMPLETED', 'REACHED'],
  ['VOICE_BUSY', 'BUSY'],
  ['VOICE_NO_ANSWER', 'NO_ANSWER'],
  ['VOICE_FAILED', 'CONGESTION'],
  ['VOICE_TTL_EXPIRED', 'CONGESTION'],
];

function eumEvent(eventType: string, more: Record<string, unknown> = {}): ProviderEvent {
  return {
    source: 'aws.sms-voice',
    'detail-type': 'Voice Message Delivery Status Updated',
    time: '2026-03-02T10:02:00Z',
    detail: {
      eventType,
      eventVersion: '1.0',
      eventTimestamp: Date.parse('2026-03-02T10:01:45.250Z'),
      isFinal: true,
      originationPhoneNumber: '+15550100001',
      destinationPhoneNumber: '+447700900123',
      messageId: '862a8790-60c0-4430-9b2b-658bdexample',
      messageRequestTimestamp: Date.parse('2026-03-02T10:00:00.000Z'),
      context: { attemptId: 'attempt-91b2', campaignId: 'campaign-2', contactId: 'contact-2' },
      ...more,
    },
  };
}

function simulatedEvent(detail: Record<string, unknown>): ProviderEvent {
  return { source: 'contactable.telephony-simulator', 'detail-type': 'Simulated Call Ended', time: '2026-03-02T10:03:00.000Z', detail };
}

describe('mapProviderEvent', () => {
  describe('Amazon Connect', () => {
    it.each(connectTable.map(([name, detail, status]) => [name, status, detail] as const))('%s → %s', (_case, status, detail) => {
      // Act
      const outcome = mapProviderEvent(connectEvent(detail));

      // Assess
      expect(outcome).toMatchObject({ outcome: 'terminal', providerCallId: contactId, status, endedAt: disconnectedAt });
      expect(outcome.outcome === 'terminal' && outcome.cause).toBeTruthy();
    });

    it.each(['INITIATED', 'CONNECTED_TO_SYSTEM', 'CONTACT_DATA_UPDATED', 'QUEUED', 'CONNECTED_TO_AGENT', 'COMPLETED', 'PAUSED', 'RESUMED', 'AMD_DISABLED'])('ignores %s: the call ends with DISCONNECTED', (eventType) => {
      // Act
      const outcome = mapProviderEvent(connectEvent({ ...agent, ...detection('HUMAN_ANSWERED'), eventType }));

      // Assess
      expect(outcome).toEqual({ outcome: 'ignored', providerCallId: contactId, reason: `Connect ${eventType} event: the call ends with DISCONNECTED` });
    });

    it.each([
      ['a chat', { channel: 'CHAT' }, /CHAT contact/],
      ['an inbound call', { initiationMethod: 'INBOUND' }, /initiated by INBOUND/],
      ['a transferred call', { initiationMethod: 'TRANSFER' }, /initiated by TRANSFER/],
      ['an event without contact id', { contactId: undefined }, /without contactId/],
    ])('ignores %s', (_case, detail, reason) => {
      // Act
      const outcome = mapProviderEvent(connectEvent(detail));

      // Assess
      expect(outcome.outcome).toBe('ignored');
      expect(outcome.outcome === 'ignored' && outcome.reason).toMatch(reason);
    });

    it('reads the PascalCase spelling of the documented samples, and the Voice channel in any case', () => {
      // Prepare
      const event: ProviderEvent = {
        source: 'aws.connect',
        'detail-type': 'Amazon Connect Contact Event',
        detail: { EventType: 'DISCONNECTED', ContactId: contactId, Channel: 'Voice', InitiationMethod: 'API', DisconnectTimestamp: disconnectedAt, AgentInfo: { ConnectedToAgentTimestamp: agentAt } },
      };

      // Act
      const outcome = mapProviderEvent(event);

      // Assess
      expect(outcome).toMatchObject({ outcome: 'terminal', status: 'REACHED', endedAt: disconnectedAt });
    });

    it("takes the envelope's time when the contact has no disconnect timestamp", () => {
      // Act
      const outcome = mapProviderEvent(connectEvent({ disconnectTimestamp: undefined, disconnectReason: 'TELECOM_BUSY' }));

      // Assess
      expect(outcome).toMatchObject({ outcome: 'terminal', status: 'BUSY', endedAt: '2026-03-02T10:01:31.000Z' });
    });

    it('names the evidence in the cause', () => {
      // Act
      const outcome = mapProviderEvent(connectEvent({ ...answered, ...detection('VOICEMAIL_BEEP') }));

      // Assess
      expect(outcome).toMatchObject({ cause: 'answeringMachineDetectionStatus=VOICEMAIL_BEEP' });
    });
  });

  describe('AWS End User Messaging voice', () => {
    it.each(eumTable)('%s → %s', (eventType, status) => {
      // Act
      const outcome = mapProviderEvent(eumEvent(eventType));

      // Assess
      if (status === undefined) {
        expect(outcome).toEqual({ outcome: 'ignored', providerCallId: '862a8790-60c0-4430-9b2b-658bdexample', reason: `End User Messaging ${eventType}: the call goes on` });
      } else {
        expect(outcome).toEqual({
          outcome: 'terminal',
          providerCallId: '862a8790-60c0-4430-9b2b-658bdexample',
          attemptId: 'attempt-91b2',
          status,
          endedAt: '2026-03-02T10:01:45.250Z',
          cause: `eventType=${eventType}`,
        });
      }
    });

    it('ignores text and media events that share the source', () => {
      // Act
      const outcome = mapProviderEvent({ ...eumEvent('TEXT_SUCCESSFUL'), 'detail-type': 'Text Message Delivery Status Updated' });

      // Assess
      expect(outcome).toMatchObject({ outcome: 'ignored', reason: expect.stringContaining('Text Message Delivery Status Updated') });
    });

    it("takes the envelope's time without an event timestamp, and has no attempt id without context", () => {
      // Act
      const outcome = mapProviderEvent(eumEvent('VOICE_BUSY', { eventTimestamp: undefined, context: undefined }));

      // Assess
      expect(outcome).toEqual({ outcome: 'terminal', providerCallId: '862a8790-60c0-4430-9b2b-658bdexample', status: 'BUSY', endedAt: '2026-03-02T10:02:00.000Z', cause: 'eventType=VOICE_BUSY' });
    });
  });

  describe('simulator', () => {
    it.each(providerCallStatuses)('%s → %s', (status) => {
      // Act
      const outcome = mapProviderEvent(simulatedEvent({ providerCallId: 'sim-000001', attemptId: 'a-1', status, startedAt: '2026-03-02T10:00:00.000Z', endedAt: '2026-03-02T10:00:30.000Z' }));

      // Assess
      expect(outcome).toEqual({ outcome: 'terminal', providerCallId: 'sim-000001', attemptId: 'a-1', status, endedAt: '2026-03-02T10:00:30.000Z', cause: `simulated ${status}` });
    });

    it.each([
      ['AGENT_REJECT, which only our preview flow sets', { status: 'AGENT_REJECT' }],
      ['an unknown status', { status: 'RINGING' }],
      ['no end time', { status: 'BUSY', endedAt: undefined }],
    ])('ignores %s', (_case, detail) => {
      // Act
      const outcome = mapProviderEvent(simulatedEvent({ providerCallId: 'sim-000001', attemptId: 'a-1', endedAt: '2026-03-02T10:00:30.000Z', ...detail }));

      // Assess
      expect(outcome).toMatchObject({ outcome: 'ignored', providerCallId: 'sim-000001' });
    });
  });

  it.each([
    ['another source', { source: 'aws.s3', 'detail-type': 'Object Created', detail: {} }],
    ['a Connect event without detail', { source: 'aws.connect', 'detail-type': 'Amazon Connect Contact Event', detail: null }],
  ])('ignores %s', (_case, event) => {
    // Act
    const outcome = mapProviderEvent(event as ProviderEvent);

    // Assess
    expect(outcome.outcome).toBe('ignored');
  });

  it('can give every status of DESIGN §5 but AGENT_REJECT from the providers, and AGENT_REJECT from none', () => {
    // Prepare
    const events = [...connectTable.map(([, detail]) => connectEvent(detail)), ...eumTable.map(([eventType]) => eumEvent(eventType)), simulatedEvent({ providerCallId: 's', attemptId: 'a', status: 'AGENT_REJECT', endedAt: initiated })];

    // Act
    const statuses = new Set(events.map(mapProviderEvent).flatMap((outcome) => (outcome.outcome === 'terminal' ? [outcome.status] : [])));

    // Assess
    expect([...statuses].sort()).toEqual(['REACHED', ...retryableStatuses.filter((status) => status !== 'AGENT_REJECT')].sort());
  });
});

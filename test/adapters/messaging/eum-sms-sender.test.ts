// The End User Messaging SMS adapter with the real SDK client: the request it serializes, the errors it raises, and
// the retries its client makes (throttling only: a text message has no client token).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createEumSmsClient, EumSmsSender, type EumSmsConfig } from '../../../functions/adapters/messaging/eum-sms-sender.ts';
import { SmsDestinationRejectedError, SmsRequestRejectedError, SmsSendUncertainError, SmsUnavailableError, type SmsMessage } from '../../../functions/ports/sms-sender.ts';
import { networkError, offlineClientConfig, RecordingHttpHandler, type RecordedResponse } from '../telephony/recorded-http.ts';

/** A recorded reply from ./recorded, as the telephony helper reads its own. */
function recorded(name: string): RecordedResponse {
  const file = new URL(`./recorded/${name}.json`, import.meta.url);
  return (JSON.parse(readFileSync(file, 'utf8')) as { response: RecordedResponse }).response;
}

const to = '+447700900123';
const config: EumSmsConfig = { originationIdentity: 'pool-0123456789abcdef', configurationSetName: 'contactable-sms' };
const verification: SmsMessage = { to, body: 'Your Contactable code is 048213. It expires in 10 minutes.', kind: 'verification' };
const messageId = '0d4b2c3e-7a1f-4e5d-9c8b-1a2b3cexample';

function senderAnswering(replies: Array<RecordedResponse | Error>, senderConfig: EumSmsConfig = config) {
  const http = new RecordingHttpHandler(replies);
  return { http, sender: new EumSmsSender(createEumSmsClient({ ...offlineClientConfig, requestHandler: http }), senderConfig) };
}

describe('EumSmsSender', () => {
  it('sends a transactional text message with its kind as context and returns the message id', async () => {
    // Prepare
    const { http, sender } = senderAnswering([recorded('eum-send-text-message.200')]);

    // Act
    const receipt = await sender.send(verification);

    // Assess
    expect(receipt).toEqual({ messageId });
    expect(http.sent).toHaveLength(1);
    expect(http.sent[0]).toMatchObject({ method: 'POST', path: '/' });
    expect(http.sent[0]!.headers['x-amz-target']).toBe('PinpointSMSVoiceV2.SendTextMessage');
    expect(http.sent[0]!.body).toEqual({
      DestinationPhoneNumber: to,
      OriginationIdentity: 'pool-0123456789abcdef',
      MessageBody: 'Your Contactable code is 048213. It expires in 10 minutes.',
      MessageType: 'TRANSACTIONAL',
      ConfigurationSetName: 'contactable-sms',
      // A verification code dies after 10 minutes, and so does its message.
      TimeToLive: 600,
      Context: { kind: 'verification' },
    });
  });

  it('leaves out what is not configured, and takes each kind its own time to live', async () => {
    // Prepare
    const { http, sender } = senderAnswering([recorded('eum-send-text-message.200')], {
      originationIdentity: '+447700900999',
      timeToLiveSeconds: { verification: 300, 'opt-out-confirmation': 3600 },
    });

    // Act
    await sender.send({ to, body: 'You will get no more texts from Contactable. Reply START to resubscribe.', kind: 'opt-out-confirmation' });
    await sender.send(verification);
    await sender.send({ to, body: 'Contactable: help at 0800 000 000.', kind: 'help' });

    // Assess
    expect(http.sent.map((request) => request.body.TimeToLive)).toEqual([3600, 300, undefined]);
    expect(http.sent[0]!.body).toEqual({
      DestinationPhoneNumber: to,
      OriginationIdentity: '+447700900999',
      MessageBody: 'You will get no more texts from Contactable. Reply START to resubscribe.',
      MessageType: 'TRANSACTIONAL',
      TimeToLive: 3600,
      Context: { kind: 'opt-out-confirmation' },
    });
  });

  it.each([
    ['eum-sms-conflict-opted-out.400', SmsDestinationRejectedError, 'DESTINATION_PHONE_NUMBER_OPTED_OUT', { reason: 'opted-out' }],
    ['eum-sms-conflict-protect-blocked.400', SmsDestinationRejectedError, 'DESTINATION_COUNTRY_BLOCKED_BY_PROTECT_CONFIGURATION', { reason: 'blocked' }],
    ['eum-sms-validation-country-blocked.400', SmsDestinationRejectedError, 'DESTINATION_COUNTRY_BLOCKED', { reason: 'blocked' }],
    ['eum-sms-validation-destination-field.400', SmsDestinationRejectedError, 'FIELD_VALIDATION_FAILED', { reason: 'invalid' }],
    ['eum-sms-validation-message-body.400', SmsRequestRejectedError, 'FIELD_VALIDATION_FAILED', {}],
    ['eum-sms-conflict-message-type.400', SmsRequestRejectedError, 'MESSAGE_TYPE_MISMATCH', {}],
    ['eum-sms-quota-spend-limit.400', SmsRequestRejectedError, 'MONTHLY_SPEND_LIMIT_REACHED_FOR_TEXT', {}],
    ['eum-sms-resource-not-found.400', SmsRequestRejectedError, 'ResourceNotFoundException', {}],
    ['eum-sms-throttling.400', SmsUnavailableError, 'ThrottlingException', { reason: 'throttled' }],
    ['eum-sms-internal-server.500', SmsSendUncertainError, 'InternalServerException', {}],
  ] as const)('maps %s to %o', async (fixture, errorClass, providerCode, details) => {
    // Prepare
    const { sender } = senderAnswering([recorded(fixture)]);

    // Act
    const error = await sender.send(verification).catch((caught: unknown) => caught);

    // Assess
    expect(error).toBeInstanceOf(errorClass);
    expect(error).toMatchObject({ name: errorClass.name, providerCode, ...details });
    expect(JSON.stringify({ message: (error as Error).message, ...(error as object) })).not.toContain(to.slice(1));
  });

  it('never resends after a server fault: the message may have been sent', async () => {
    // Prepare
    const { http, sender } = senderAnswering([recorded('eum-sms-internal-server.500'), recorded('eum-send-text-message.200')]);

    // Act
    const error = await sender.send(verification).catch((caught: unknown) => caught);

    // Assess
    expect(error).toBeInstanceOf(SmsSendUncertainError);
    expect(http.sent).toHaveLength(1);
  });

  it('resends a throttled request, which was refused before anything was sent', async () => {
    // Prepare
    const { http, sender } = senderAnswering([recorded('eum-sms-throttling.400'), recorded('eum-send-text-message.200')]);

    // Act
    const receipt = await sender.send(verification);

    // Assess
    expect(receipt.messageId).toBe(messageId);
    expect(http.sent).toHaveLength(2);
    expect(http.sent[1]!.body).toEqual(http.sent[0]!.body);
  });

  it.each([
    ['ECONNREFUSED', SmsUnavailableError],
    ['ECONNRESET', SmsSendUncertainError],
  ] as const)('tells a connection never made (%s) from one that may have delivered the request', async (code, errorClass) => {
    // Prepare
    const { http, sender } = senderAnswering([networkError(code), recorded('eum-send-text-message.200')]);

    // Act
    const error = await sender.send(verification).catch((caught: unknown) => caught);

    // Assess
    expect(error).toBeInstanceOf(errorClass);
    expect(error).toMatchObject({ providerCode: code });
    expect(http.sent).toHaveLength(1);
  });
});

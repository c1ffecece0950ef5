// The SMS sender of the functions that text people: End User Messaging in AWS, an in-process outbox locally.
import { createEumSmsClient, EumSmsSender } from '#adapters/messaging/eum-sms-sender';
import { SimulatorSmsSender } from '#adapters/messaging/simulator-sms-sender';
import { ServiceUnavailableError } from '#domain/errors';
import type { SmsSender } from '#ports/sms-sender';
import { optionalEnv } from '#shared/env';
import { traced } from '#shared/observability';
import { smsEnvVars } from '#shared/sms';


let simulator: SimulatorSmsSender | undefined;
let eumSender: EumSmsSender | undefined;

/** The one simulated sender of this process: the local runtime reads its outbox (`/_local/sms/outbox`). */
export function simulatedSmsOutbox(): SimulatorSmsSender {
  simulator ??= new SimulatorSmsSender();
  return simulator;
}

/**
 * Built at first use, so a function that never sends never asks for the settings. A stack deployed without an
 * origination identity (CDK context `smsOriginationIdentity`) answers 503 on sending routes rather than failing them all.
 */
export function smsSender(): SmsSender {
  if (optionalEnv(smsEnvVars.simulator) === 'in-process') return simulatedSmsOutbox();
  eumSender ??= (() => {
    const originationIdentity = optionalEnv(smsEnvVars.originationIdentity);
    if (originationIdentity === undefined) throw new ServiceUnavailableError('SMS is not configured in this deployment (no origination identity)', 'sms');
    return new EumSmsSender(traced(createEumSmsClient()), { originationIdentity, configurationSetName: optionalEnv(smsEnvVars.configurationSetName) });
  })();
  return eumSender;
}

// One Telephony for the place-call task: each call goes to the adapter of its campaign's back end.
import type { ConnectClient } from '@aws-sdk/client-connect';
import type { PinpointSMSVoiceV2Client } from '@aws-sdk/client-pinpoint-sms-voice-v2';
import { TelephonyRequestRejectedError, type PlaceCallRequest, type PlacedCall, type Telephony, type TelephonyBackendType } from '#ports/telephony';
import { ConnectTelephony } from './connect-telephony.ts';
import { EumVoiceTelephony } from './eum-voice-telephony.ts';
import { SimulatorTelephony } from './simulator-telephony.ts';

/**
 * What this deployment can dial with; clients are built once at module scope by the composition root (the End
 * User Messaging client with createEumVoiceClient). The simulator is there only where its URL is configured
 * (the local runtime), so a deployed stack can never dial the simulator, nor a local run a real phone.
 */
export interface TelephonyClients {
  connect?: ConnectClient;
  eumVoice?: PinpointSMSVoiceV2Client;
  simulatorBaseUrl?: string;
}

export function createTelephony(clients: TelephonyClients): Telephony {
  const adapters: Partial<Record<TelephonyBackendType, Telephony>> = {
    ...(clients.connect ? { connect: new ConnectTelephony(clients.connect) } : {}),
    ...(clients.eumVoice ? { 'eum-voice': new EumVoiceTelephony(clients.eumVoice) } : {}),
    ...(clients.simulatorBaseUrl ? { simulator: new SimulatorTelephony(clients.simulatorBaseUrl) } : {}),
  };
  return {
    async placeCall(request: PlaceCallRequest): Promise<PlacedCall> {
      const adapter = adapters[request.backend.type];
      if (!adapter) throw new TelephonyRequestRejectedError(request.backend.type, `this deployment has no ${request.backend.type} back end`);
      return adapter.placeCall(request);
    },
  };
}

// The composition root of the workflow's functions: SDK clients once per process, adapters from the environment.
import { ConnectClient } from '@aws-sdk/client-connect';
import { SFNClient } from '@aws-sdk/client-sfn';
import { processDocumentClient } from '#adapters/dynamodb/document-client';
import { DynamoDbCallLedger } from '#adapters/dynamodb/dynamodb-call-ledger';
import { DynamoDbConsentStore } from '#adapters/dynamodb/dynamodb-consent-store';
import { DynamoDbPreviewOffers } from '#adapters/dynamodb/dynamodb-preview-offers';
import { PowertoolsMetrics } from '#adapters/metrics/powertools-metrics';
import { StepFunctionsWorkflowEngine } from '#adapters/step-functions/step-functions-workflow-engine';
import { systemClock } from '#adapters/system-clock';
import { createEumVoiceClient } from '#adapters/telephony/eum-voice-telephony';
import { createTelephony } from '#adapters/telephony/telephony-factory';
import type { DialerDependencies } from '#domain/use-cases/dialer/dialer-dependencies';
import { requireEnv } from '#shared/env';
import { operationsLog, traced } from '#shared/observability';
import { contactsTable, dialerTable } from '#shared/tables';

/** Set only by the local runtime: the simulator is never reachable from a deployed stack. */
export const telephonySimulatorEnvVar = 'TELEPHONY_SIMULATOR_URL';
export const stateMachineEnvVar = 'DIALER_STATE_MACHINE_ARN';

let dialerDeps: DialerDependencies | undefined;

export function dialerDependencies(): DialerDependencies {
  dialerDeps ??= (() => {
    const simulatorBaseUrl = process.env[telephonySimulatorEnvVar];
    const documentClient = processDocumentClient();
    const tableName = requireEnv(dialerTable.envVar);
    const now = () => systemClock.now();
    const calls = new DynamoDbCallLedger(documentClient, tableName, now);
    return {
      calls,
      offers: new DynamoDbPreviewOffers(documentClient, tableName, calls, now),
      telephony: createTelephony({ connect: traced(new ConnectClient({})), eumVoice: traced(createEumVoiceClient()), ...(simulatorBaseUrl ? { simulatorBaseUrl } : {}) }),
      workflows: new StepFunctionsWorkflowEngine(traced(new SFNClient({})), process.env[stateMachineEnvVar]),
      // Built on first use: the call task and a preview accept read it, the outcome notes a reach; the other dialer
      // functions are not bound to the contacts table and never build it.
      consent: {
        contactabilityInputs: (...args) => consentStoreOf().contactabilityInputs(...args),
        getStates: (...args) => consentStoreOf().getStates(...args),
        replaceState: (...args) => consentStoreOf().replaceState(...args),
      },
      clock: systemClock,
      log: operationsLog,
      metrics: new PowertoolsMetrics(),
    };
  })();
  return dialerDeps;
}

let consentStore: DynamoDbConsentStore | undefined;

function consentStoreOf(): DynamoDbConsentStore {
  consentStore ??= new DynamoDbConsentStore(processDocumentClient(), requireEnv(contactsTable.envVar));
  return consentStore;
}

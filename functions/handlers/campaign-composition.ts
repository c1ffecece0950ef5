// The composition root of the campaign functions (API routes and the starter). Each adapter is built on first use,
// so a function reads only the variables of what it uses: a read-only route never needs the scheduler's settings.
import { LambdaClient } from '@aws-sdk/client-lambda';
import { SchedulerClient } from '@aws-sdk/client-scheduler';
import { SFNClient } from '@aws-sdk/client-sfn';
import { processDocumentClient } from '#adapters/dynamodb/document-client';
import { DynamoDbCallLedger } from '#adapters/dynamodb/dynamodb-call-ledger';
import { DynamoDbCampaignRepository } from '#adapters/dynamodb/dynamodb-campaign-repository';
import { DynamoDbConsentStore } from '#adapters/dynamodb/dynamodb-consent-store';
import { DynamoDbContactRepository } from '#adapters/dynamodb/dynamodb-contact-repository';
import { DynamoDbImportJobRepository } from '#adapters/dynamodb/dynamodb-import-job-repository';
import { DynamoDbItemTypeRepository } from '#adapters/dynamodb/dynamodb-item-type-repository';
import { randomIds } from '#adapters/id-generators';
import { PowertoolsMetrics } from '#adapters/metrics/powertools-metrics';
import { LambdaCampaignStarter } from '#adapters/lambda/lambda-campaign-starter';
import { EventBridgeCampaignScheduler } from '#adapters/scheduler/eventbridge-campaign-scheduler';
import { StepFunctionsWorkflowEngine } from '#adapters/step-functions/step-functions-workflow-engine';
import { systemClock } from '#adapters/system-clock';
import type { CampaignDependencies } from '#domain/use-cases/campaigns/campaign-dependencies';
import { defaultStarterLimits, type StarterOptions } from '#domain/use-cases/campaigns/start-campaign-run';
import { optionalEnv, requireEnv } from '#shared/env';
import { operationsLog, traced } from '#shared/observability';
import { contactsTable, dialerTable } from '#shared/tables';

let campaignDeps: CampaignDependencies | undefined;

export function campaignDependencies(): CampaignDependencies {
  campaignDeps ??= buildDependencies();
  return campaignDeps;
}

/** How fast the starter goes: optional variables, the defaults otherwise. */
export function starterOptions(): StarterOptions {
  const pauseMs = numberFromEnv('CAMPAIGN_START_PAUSE_MS', defaultPauseMs);
  return {
    ...defaultStarterLimits,
    maxStartsPerInvocation: numberFromEnv('CAMPAIGN_MAX_STARTS_PER_INVOCATION', defaultStarterLimits.maxStartsPerInvocation),
    pause: () => new Promise((resolve) => setTimeout(resolve, pauseMs)),
  };
}

/**
 * Pages of 100 started 10 at a time, then half a second's pause: about 125 starts a second, under the smallest
 * regions' StartExecution refill (150 a second), while the bucket (800) absorbs the first pages.
 */
const defaultPauseMs = 500;

function buildDependencies(): CampaignDependencies {
  const dialerTableName = once(() => requireEnv(dialerTable.envVar));
  const contactsTableName = once(() => requireEnv(contactsTable.envVar));
  const campaigns = once(() => new DynamoDbCampaignRepository(processDocumentClient(), dialerTableName(), () => systemClock.now()));
  const contacts = once(() => new DynamoDbContactRepository(processDocumentClient(), contactsTableName()));
  const itemTypes = once(() => new DynamoDbItemTypeRepository(processDocumentClient(), contactsTableName()));
  const importJobs = once(() => new DynamoDbImportJobRepository(processDocumentClient(), contactsTableName()));
  const calls = once(() => new DynamoDbCallLedger(processDocumentClient(), dialerTableName(), () => systemClock.now()));
  const consent = once(() => new DynamoDbConsentStore(processDocumentClient(), contactsTableName()));
  const workflows = once(() => new StepFunctionsWorkflowEngine(traced(new SFNClient({})), requireEnv('DIALER_STATE_MACHINE_ARN')));
  const starter = once(() => new LambdaCampaignStarter(traced(new LambdaClient({})), requireEnv('CAMPAIGN_STARTER_FUNCTION_NAME')));
  const schedules = once(
    () =>
      new EventBridgeCampaignScheduler(traced(new SchedulerClient({})), {
        groupName: requireEnv('CAMPAIGN_SCHEDULE_GROUP_NAME'),
        targetArn: requireEnv('CAMPAIGN_STARTER_FUNCTION_ARN'),
        roleArn: requireEnv('CAMPAIGN_SCHEDULER_ROLE_ARN'),
        deadLetterArn: optionalEnv('CAMPAIGN_START_DLQ_ARN'),
      }),
  );
  return {
    get campaigns() {
      return campaigns();
    },
    get contacts() {
      return contacts();
    },
    get itemTypes() {
      return itemTypes();
    },
    get importJobs() {
      return importJobs();
    },
    get calls() {
      return calls();
    },
    get consent() {
      return consent();
    },
    get workflows() {
      return workflows();
    },
    get schedules() {
      return schedules();
    },
    get starter() {
      return starter();
    },
    ids: randomIds,
    clock: systemClock,
    log: operationsLog,
    metrics: new PowertoolsMetrics(),
  };
}

function once<T>(make: () => T): () => T {
  let value: T | undefined;
  return () => (value ??= make());
}

function numberFromEnv(name: string, fallback: number): number {
  const value = optionalEnv(name);
  if (value === undefined) return fallback;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0) throw new Error(`environment variable ${name}=${value} must be a whole number`);
  return parsed;
}

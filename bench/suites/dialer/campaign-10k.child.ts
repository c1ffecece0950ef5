// Child process: the local runtime runs one campaign of N contacts (argv, default 10,000) from its start until
// campaign time has nothing left to do; prints the run's figures and its peak RSS.
import '../../../local/handler-log-level.ts';
import { performance } from 'node:perf_hooks';
import { stateMachineEnvVar } from '#handlers/dialer-composition';
import { ApiClient } from '../../../local/api-client.ts';
import { handlerInvocationCounts } from '../../../local/handler-modules.ts';
import { startLocalRuntime } from '../../../local/runtime.ts';
import { childrenPeakRssMb } from '../../lib/children-peak-rss.ts';
import { reportPeakRss } from '../../lib/peak-rss.ts';
import { countFinalRows, prepareLargeCampaign } from './campaign-10k-setup.ts';
import { executionStatuses } from './execution-statuses.ts';
import { tenOClockToday } from './seed-campaign.ts';

const contacts = Number(process.argv[2] ?? 10_000);
const runtime = await startLocalRuntime({ clockStart: tenOClockToday() });
try {
  const api = new ApiClient(runtime.url);
  const campaignId = await prepareLargeCampaign(api, contacts);
  const before = new Map(handlerInvocationCounts());
  const campaignStart = runtime.clock.now().getTime();

  const start = performance.now();
  let allStartedSeconds: number | undefined;
  // In process and without I/O, so that watching costs the run nothing.
  const watch = setInterval(() => {
    if (allStartedSeconds === undefined && runtime.stepFunctions.totals().executions >= contacts) allStartedSeconds = (performance.now() - start) / 1000;
  }, 100);
  await api.request('POST', `/campaigns/${campaignId}/start`);
  // Every contact closed, or (when executions failed) nothing left that could close one.
  await runtime.idle();
  const wallSeconds = (performance.now() - start) / 1000;
  clearInterval(watch);

  const statuses = executionStatuses(runtime.stepFunctions, process.env[stateMachineEnvVar]!);
  if (statuses.failures.length > 0) console.error(`campaign of ${contacts}: executions ${JSON.stringify(statuses.byStatus)}; for example ${statuses.failures.join(' | ')}`);
  const { calls } = await api.request<{ calls: unknown[] }>('GET', '/_local/telephony/calls');
  const invoked = (name: string) => (handlerInvocationCounts().get(name) ?? 0) - (before.get(name) ?? 0);
  const figures: Record<string, number> = {
    contacts,
    closedContacts: await countFinalRows(api, campaignId),
    failedExecutions: contacts - (statuses.byStatus.SUCCEEDED ?? 0),
    wallSeconds,
    allStartedSeconds: allStartedSeconds ?? wallSeconds,
    campaignMinutes: (runtime.clock.now().getTime() - campaignStart) / 60_000,
    calls: calls.length,
    stateTransitions: runtime.stepFunctions.totals().stateTransitions,
    placeCallInvocations: invoked('dialer/place-call'),
    outcomeInvocations: invoked('dialer/call-outcome'),
    lostCallInvocations: invoked('dialer/call-lost'),
  };
  const dynamodbLocalPeakRssMb = await childrenPeakRssMb();
  if (dynamodbLocalPeakRssMb !== undefined) figures.dynamodbLocalPeakRssMb = dynamodbLocalPeakRssMb;
  await runtime.stop();
  reportPeakRss(figures);
} catch (error) {
  await runtime.stop();
  throw error;
}

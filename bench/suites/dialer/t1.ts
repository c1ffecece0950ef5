// DESIGN §9's per-call budgets, measured on T1 (DESIGN §8) run by the real local runtime: state transitions,
// Lambda invocations and DynamoDB requests per dialled call, the wall time, and what Step Functions would bill.
import '../../../local/handler-log-level.ts';
import { stateMachineEnvVar } from '#handlers/dialer-composition';
import { dialerTable } from '#shared/tables';
import { ApiClient } from '../../../local/api-client.ts';
import { startLocalRuntime } from '../../../local/runtime.ts';
import { startDynamoDbRequestProxy } from '../../lib/dynamodb-request-proxy.ts';
import { awsPrices, costOf, lambdaAssumptions } from '../../lib/aws-cost.ts';
import type { Measure } from '../../lib/measure.ts';
import { summariseRequests } from './call-path-requests.ts';
import { dialerDefinitionStates } from './per-call-states.ts';
import { createItemTypes, tenOClockToday } from './seed-campaign.ts';
import { runT1 } from './t1-run.ts';


export async function measureT1(): Promise<Measure[]> {
  const runtime = await startLocalRuntime({ clockStart: tenOClockToday() });
  // The handlers build their DynamoDB clients from AWS_ENDPOINT_URL_DYNAMODB when their modules first load, which
  // is after this line: every request any handler sends passes the proxy. The modules stay loaded for the life of
  // the process, hence no other runtime in this process after this one. One local hop costs well under a
  // millisecond, against the ~50 requests of a T1 run.
  const proxy = await startDynamoDbRequestProxy(runtime.dynamodbEndpoint);
  process.env.AWS_ENDPOINT_URL_DYNAMODB = proxy.url;
  try {
    const api = new ApiClient(runtime.url);
    const stateMachineArn = requiredEnv(stateMachineEnvVar);
    const itemTypes = await createItemTypes(api);
    // The first run loads the dialer's handler modules, as `npm start` does; the second finds them loaded.
    const cold = await runT1(runtime, api, itemTypes, 1, proxy, stateMachineArn);
    const warm = await runT1(runtime, api, itemTypes, 2, proxy, stateMachineArn);
    const { calls } = cold;

    /**
     * The steady path is the loop the definition repeats for every call (WaitForCallTime → PlaceCallAndWait →
     * NextStep, and SettleLostCall when a call is lost). Subtracted: the transitions into states that lie on no
     * cycle of the definition, which an execution enters at most once however many calls it makes — today only
     * the Succeed state `Closed`, entered when the contact closes; the definition starts on the loop's Wait, so
     * there is no start-up state to subtract. The first Wait counts as the first call's: every call has one.
     */
    const { once } = dialerDefinitionStates(stateMachineArn);
    const overhead = Object.entries(cold.transitionsByState).reduce((sum, [state, count]) => sum + (once.has(state) ? count : 0), 0);
    const steadyTransitionsPerCall = (cold.stateTransitions - overhead) / calls;
    const rawTransitionsPerCall = cold.stateTransitions / calls;

    // The outcome handler is invoked by the simulator's events (EventBridge in AWS), not by the state machine.
    const outcomeInvocations = cold.handlerInvocations.get('dialer/call-outcome') ?? 0;
    const lambdaPerCall = (cold.stateMachineLambdaInvocations + outcomeInvocations) / calls;
    const allHandlerInvocations = [...cold.handlerInvocations.values()].reduce((sum, count) => sum + count, 0);

    /**
     * Counted: the requests the proxy saw from the start request (POST /campaigns/{id}/start) until the runtime
     * was idle, retries included. Setup (item types, contact, campaign, enrolment) came before; the bench's reads
     * of History and Final come after. The budgeted figure keeps the requests naming a call item (attempt, its
     * copy under the provider's call id, line counter, History, Final) and the consent check before each dial; the
     * other figure adds the campaign
     * start's own (the start route and the starter read the campaign, run, enrolments, item types and contacts,
     * and write the run).
     */
    const requests = summariseRequests(cold.dynamodbRequests, requiredEnv(dialerTable.envVar));
    if (requests.callPath === 0) throw new Error('no DynamoDB request named a call item: the proxy was bypassed, or the call items changed their keys');

    // T1's one contact, start to close, as AWS would bill it: a heavy contact (nine calls, none answered).
    const cost = costOf({ stateTransitions: cold.stateTransitions, lambdaInvocations: allHandlerInvocations, dynamodbRequests: cold.dynamodbRequests });
    console.error(`dialer: T1's contact would cost $${cost.totalUsd.toFixed(6)}: Step Functions $${cost.stepFunctionsUsd.toFixed(6)}, Lambda $${cost.lambdaUsd.toFixed(6)} (${allHandlerInvocations} invocations, assumed ${lambdaAssumptions.memoryGb * 1024} MB × ${lambdaAssumptions.billedSeconds * 1000} ms each), DynamoDB $${cost.dynamodbUsd.toFixed(6)} (${cost.readUnits} read and ${cost.writeUnits} write request units)`);
    console.error(`dialer: T1 transitions by state ${JSON.stringify(cold.transitionsByState)} (start/close overhead: ${[...once].join(', ')})`);
    console.error(`dialer: T1 handler invocations ${JSON.stringify(Object.fromEntries(cold.handlerInvocations))}`);
    console.error(`dialer: T1 DynamoDB requests from the start request to idle ${JSON.stringify(Object.fromEntries(requests.byShape))}`);
    return [
      { measure: 'transitionsPerCall', value: round(steadyTransitionsPerCall), target: '≤ 3', met: steadyTransitionsPerCall <= 3 },
      { measure: 'transitionsPerCallIncludingStartAndClose', value: round(rawTransitionsPerCall) },
      { measure: 'lambdaInvocationsPerCall', value: round(lambdaPerCall), target: '≤ 2', met: lambdaPerCall <= 2 },
      // Every handler invoked from the start request on: the start route, the starter, the line reclaim on close.
      { measure: 'lambdaInvocationsPerCallAllHandlers', value: round(allHandlerInvocations / calls) },
      // 4 for the call's own items, and 1 consistent read of consent and do-not-call right before the dial (DESIGN §4).
      { measure: 'dynamodbRequestsPerCall', value: round(requests.callPath / calls), target: '≤ 5', met: requests.callPath / calls <= 5 },
      { measure: 'dynamodbRequestsPerCallIncludingStart', value: round(requests.total / calls) },
      { measure: 't1WallSeconds', value: round(cold.wallSeconds, 2), target: '≤ 5', met: cold.wallSeconds <= 5 },
      { measure: 't1WallSecondsWarm', value: round(warm.wallSeconds, 2) },
      // What AWS bills: every transition, start and close included.
      { measure: 'sfnCostPer1000Calls', value: round(rawTransitionsPerCall * 1000 * awsPrices.stepFunctionsTransitionUsd, 5) },
      // Step Functions + Lambda + DynamoDB for 1,000 contacts like T1's (DESIGN §8: nine calls each, all unanswered).
      { measure: 'costPer1000ContactsUsd', value: round(cost.totalUsd * 1000, 4) },
      { measure: 'costPer1000ContactsStepFunctionsUsd', value: round(cost.stepFunctionsUsd * 1000, 4) },
      { measure: 'costPer1000ContactsLambdaUsd', value: round(cost.lambdaUsd * 1000, 4) },
      { measure: 'costPer1000ContactsDynamoDbUsd', value: round(cost.dynamodbUsd * 1000, 4) },
    ];
  } finally {
    await runtime.stop();
    await proxy.close();
  }
}

function requiredEnv(name: string): string {
  const value = process.env[name];
  if (value === undefined) throw new Error(`the local runtime set no ${name}`);
  return value;
}

function round(value: number, digits = 4): number {
  return Number(value.toFixed(digits));
}

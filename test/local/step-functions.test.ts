// The local Step Functions service, driven through the SDK's SFNClient over HTTP: callbacks, errors into Catch,
// timeouts and Waits on virtual time, and the API's rules (names, tokens, stop, list).
import {
  DescribeExecutionCommand,
  ExecutionAlreadyExists,
  ExecutionDoesNotExist,
  InvalidToken,
  ListExecutionsCommand,
  SendTaskFailureCommand,
  SendTaskHeartbeatCommand,
  SendTaskSuccessCommand,
  StartExecutionCommand,
  StateMachineDoesNotExist,
  StopExecutionCommand,
  TaskDoesNotExist,
  TaskTimedOut,
} from '@aws-sdk/client-sfn';
import { afterEach, describe, expect, it } from 'vitest';
import { LocalStepFunctions, localFunctionArn, localStateMachineArn } from '../../local/step-functions/index.ts';
import { VirtualClock } from '../../local/virtual-clock.ts';
import { campaignStart, eventually, machine, minutesAfter, startStepFunctionsHarness, type StepFunctionsHarness } from './fixtures/step-functions-harness.ts';

const invoke = 'arn:aws:states:::lambda:invoke';
const invokeWithToken = 'arn:aws:states:::lambda:invoke.waitForTaskToken';

/** A callback task as the dialer places a call: the handler gets the token, the outcome comes back by SendTaskSuccess. */
function callTask(next: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  return {
    Type: 'Task',
    Resource: invokeWithToken,
    Parameters: { FunctionName: localFunctionArn('PlaceCall'), Payload: { 'phone.$': '$.phone', 'taskToken.$': '$$.Task.Token' } },
    TimeoutSeconds: 7200,
    ResultPath: '$.outcome',
    ...next,
    ...extra,
  };
}

const callOnce = machine('CallOnce', { StartAt: 'Call', States: { Call: callTask({ End: true }) } });
const callOnceArn = localStateMachineArn('CallOnce');

let harness: StepFunctionsHarness;
afterEach(async () => {
  await harness?.stop();
});

async function describeExecution(executionArn: string) {
  return harness.client.send(new DescribeExecutionCommand({ executionArn }));
}

/** The error a call fails with, captured at once (a rejection awaited later would count as unhandled meanwhile). */
function failureOf(call: Promise<unknown>): Promise<unknown> {
  return call.then(
    () => undefined,
    (error: unknown) => error,
  );
}

/** Starts an execution while the clock is held (as an outside caller must), and resolves with the token its call received. */
async function startAndTakeToken(stateMachineArn: string, name: string, input: unknown) {
  const { executionArn } = await harness.client.send(new StartExecutionCommand({ stateMachineArn, name, input: JSON.stringify(input) }));
  const token = await eventually(() => harness.invocations.find((call) => call.event.taskToken && call.event.phone === (input as { phone?: string }).phone)?.event.taskToken as string | undefined);
  return { executionArn: executionArn!, token };
}

describe('callback tasks', () => {
  it('resume with the output SendTaskSuccess sends, which lands at the ResultPath', async () => {
    // Prepare
    harness = await startStepFunctionsHarness([callOnce], { PlaceCall: () => ({ placed: true }) });
    const release = harness.clock.hold();
    const { executionArn, token } = await startAndTakeToken(callOnceArn, 'contact-1', { phone: '+15550100' });

    // Act
    await harness.client.send(new SendTaskSuccessCommand({ taskToken: token, output: JSON.stringify({ status: 'NO_ANSWER' }) }));
    release();
    await harness.clock.idle();

    // Assess
    const execution = await describeExecution(executionArn);
    expect(execution.status).toBe('SUCCEEDED');
    expect(JSON.parse(execution.output!)).toEqual({ phone: '+15550100', outcome: { status: 'NO_ANSWER' } });
    expect(token).toMatch(/^AQ[\w-]{64}$/);
    expect(harness.service.executionStats(executionArn)).toEqual({ stateTransitions: 1, lambdaInvocations: 1 });
  });

  it('fail with the error SendTaskFailure names, and Catch takes them', async () => {
    // Prepare
    const withCatch = machine('CallWithCatch', {
      StartAt: 'Call',
      States: { Call: callTask({ Next: 'Answered' }, { Catch: [{ ErrorEquals: ['CallRejected'], ResultPath: '$.failure', Next: 'Rejected' }] }), Answered: { Type: 'Succeed' }, Rejected: { Type: 'Pass', End: true } },
    });
    harness = await startStepFunctionsHarness([withCatch], { PlaceCall: () => null });
    const release = harness.clock.hold();
    const { executionArn, token } = await startAndTakeToken(withCatch.arn, 'contact-2', { phone: '+15550101' });

    // Act
    await harness.client.send(new SendTaskFailureCommand({ taskToken: token, error: 'CallRejected', cause: 'carrier said no' }));
    release();
    await harness.clock.idle();

    // Assess
    const execution = await describeExecution(executionArn);
    expect(execution.status).toBe('SUCCEEDED');
    expect(JSON.parse(execution.output!).failure).toEqual({ Error: 'CallRejected', Cause: 'carrier said no' });
  });

  it('time out on virtual time: two hours pass at once, and Catch takes States.Timeout past a States.TaskFailed catcher', async () => {
    // Prepare
    const timingOut = machine('TimingOut', {
      StartAt: 'Call',
      States: {
        Call: callTask({ Next: 'Answered' }, { Catch: [{ ErrorEquals: ['States.TaskFailed'], ResultPath: '$.failure', Next: 'Failed' }, { ErrorEquals: ['States.Timeout'], ResultPath: '$.failure', Next: 'TimedOut' }] }),
        Answered: { Type: 'Succeed' },
        Failed: { Type: 'Fail', Error: 'WrongCatcher' },
        TimedOut: { Type: 'Pass', End: true },
      },
    });
    harness = await startStepFunctionsHarness([timingOut], { PlaceCall: () => null });
    const wallStart = Date.now();

    // Act
    const { executionArn } = await harness.client.send(new StartExecutionCommand({ stateMachineArn: timingOut.arn, name: 'lost-outcome', input: '{"phone":"+15550102"}' }));
    await harness.clock.idle();

    // Assess
    const execution = await describeExecution(executionArn!);
    expect(execution.status).toBe('SUCCEEDED');
    expect(JSON.parse(execution.output!).failure.Error).toBe('States.Timeout');
    expect(execution.stopDate?.toISOString()).toBe(minutesAfter(campaignStart, 120));
    expect(harness.clock.now().toISOString()).toBe(minutesAfter(campaignStart, 120));
    expect(Date.now() - wallStart).toBeLessThan(3000);
    const token = harness.invocations[0]!.event.taskToken as string;
    expect(await failureOf(harness.client.send(new SendTaskSuccessCommand({ taskToken: token, output: '{}' })))).toBeInstanceOf(TaskTimedOut);
  });

  it('fail with States.HeartbeatTimeout once heartbeats stop for HeartbeatSeconds of virtual time', async () => {
    // Prepare
    const heartbeating = machine('Heartbeating', {
      StartAt: 'Call',
      States: { Call: callTask({ End: true }, { HeartbeatSeconds: 300, Catch: [{ ErrorEquals: ['States.HeartbeatTimeout'], ResultPath: '$.failure', Next: 'Silent' }] }), Silent: { Type: 'Pass', End: true } },
    });
    harness = await startStepFunctionsHarness([heartbeating], {
      // One heartbeat after four minutes, then silence.
      PlaceCall: (event, { clock, client }) => {
        clock.schedule(new Date(clock.now().getTime() + 4 * 60_000), () => client.send(new SendTaskHeartbeatCommand({ taskToken: event.taskToken })));
      },
    });

    // Act
    const { executionArn } = await harness.client.send(new StartExecutionCommand({ stateMachineArn: heartbeating.arn, input: '{"phone":"+15550111"}' }));
    await harness.clock.idle();

    // Assess
    const execution = await describeExecution(executionArn!);
    expect(JSON.parse(execution.output!).failure.Error).toBe('States.HeartbeatTimeout');
    expect(execution.stopDate?.toISOString()).toBe(minutesAfter(campaignStart, 9));
  });

  it('answer a second SendTaskSuccess with TaskTimedOut, a malformed token with InvalidToken, an unknown one with TaskDoesNotExist', async () => {
    // Prepare
    harness = await startStepFunctionsHarness([callOnce], { PlaceCall: () => null });
    const release = harness.clock.hold();
    const { token } = await startAndTakeToken(callOnceArn, 'contact-3', { phone: '+15550103' });
    await harness.client.send(new SendTaskSuccessCommand({ taskToken: token, output: '{"status":"REACHED"}' }));
    release();

    // Act
    const duplicate = failureOf(harness.client.send(new SendTaskSuccessCommand({ taskToken: token, output: '{"status":"REACHED"}' })));
    const malformed = failureOf(harness.client.send(new SendTaskSuccessCommand({ taskToken: 'not a token', output: '{}' })));
    const unknown = failureOf(harness.client.send(new SendTaskFailureCommand({ taskToken: `AQ${'x'.repeat(64)}`, error: 'Whatever' })));

    // Assess
    expect(await duplicate).toBeInstanceOf(TaskTimedOut);
    expect(await malformed).toBeInstanceOf(InvalidToken);
    expect(await unknown).toBeInstanceOf(TaskDoesNotExist);
  });
});

describe('Lambda tasks', () => {
  it('report a handler exception under its own name, with the error payload as cause, to Catch', async () => {
    // Prepare
    class NoLineFreeError extends Error {
      override name = 'NoLineFreeError';
    }
    const placing = machine('Placing', {
      StartAt: 'Place',
      States: {
        Place: { Type: 'Task', Resource: invoke, Parameters: { FunctionName: localFunctionArn('PlaceCall'), 'Payload.$': '$' }, Catch: [{ ErrorEquals: ['NoLineFreeError'], ResultPath: '$.failure', Next: 'NoLine' }], End: true },
        NoLine: { Type: 'Pass', End: true },
      },
    });
    harness = await startStepFunctionsHarness([placing], {
      PlaceCall: () => {
        throw new NoLineFreeError('all 3 lines busy');
      },
    });

    // Act
    const { executionArn } = await harness.client.send(new StartExecutionCommand({ stateMachineArn: placing.arn, input: '{"phone":"+15550104"}' }));
    await harness.clock.idle();

    // Assess
    const failure = JSON.parse((await describeExecution(executionArn!)).output!).failure;
    expect(failure.Error).toBe('NoLineFreeError');
    expect(JSON.parse(failure.Cause)).toMatchObject({ errorType: 'NoLineFreeError', errorMessage: 'all 3 lines busy' });
  });

  it('answer lambda:invoke with the Invoke response and a function ARN with the bare result; a Wait then sleeps 90 virtual minutes until the computed time', async () => {
    // Prepare
    const routing = machine('Routing', {
      StartAt: 'Route',
      States: {
        Route: { Type: 'Task', Resource: invoke, Parameters: { FunctionName: localFunctionArn('Route'), 'Payload.$': '$' }, ResultPath: '$.routed', Next: 'Pick' },
        Pick: { Type: 'Pass', Parameters: { 'at.$': '$.routed.Payload.at', 'statusCode.$': '$.routed.StatusCode', 'version.$': '$.routed.ExecutedVersion' }, ResultPath: '$.next', Next: 'WaitForNextCall' },
        WaitForNextCall: { Type: 'Wait', TimestampPath: '$.next.at', Next: 'Dial' },
        Dial: { Type: 'Task', Resource: localFunctionArn('Dial'), End: true },
      },
    });
    const dialledAt: string[] = [];
    harness = await startStepFunctionsHarness([routing], {
      Route: (_event, { clock }) => ({ at: new Date(clock.now().getTime() + 90 * 60_000).toISOString() }),
      Dial: (event, { clock }) => {
        dialledAt.push(clock.now().toISOString());
        return { dialled: event.next.at };
      },
    });
    const wallStart = Date.now();

    // Act
    const { executionArn } = await harness.client.send(new StartExecutionCommand({ stateMachineArn: routing.arn, input: '{}' }));
    await harness.clock.idle();

    // Assess
    const execution = await describeExecution(executionArn!);
    expect(execution.status).toBe('SUCCEEDED');
    expect(JSON.parse(execution.output!)).toEqual({ dialled: minutesAfter(campaignStart, 90) });
    expect(dialledAt).toEqual([minutesAfter(campaignStart, 90)]);
    expect(harness.invocations.find((call) => call.handler === 'Dial')!.event.next).toEqual({ at: minutesAfter(campaignStart, 90), statusCode: 200, version: '$LATEST' });
    expect(Date.now() - wallStart).toBeLessThan(3000);
  });

  it('treat ResultPath "$" as AWS does (the result replaces the input), which the interpreter alone gets wrong', async () => {
    // Prepare
    const replacing = machine('Replacing', { StartAt: 'Route', States: { Route: { Type: 'Task', Resource: localFunctionArn('Route'), ResultPath: '$', End: true } } });
    harness = await startStepFunctionsHarness([replacing], { Route: () => ({ routed: true }) });

    // Act
    const { executionArn } = await harness.client.send(new StartExecutionCommand({ stateMachineArn: replacing.arn, input: '{"phone":"+15550112"}' }));
    await harness.clock.idle();

    // Assess
    expect(JSON.parse((await describeExecution(executionArn!)).output!)).toEqual({ routed: true });
  });

  it('sleep their Retry intervals on the virtual clock (IntervalSeconds × BackoffRate^n), each retry billed as a transition', async () => {
    // Prepare
    const retrying = machine('Retrying', {
      StartAt: 'Place',
      States: { Place: { Type: 'Task', Resource: localFunctionArn('Flaky'), Retry: [{ ErrorEquals: ['TransientError'], IntervalSeconds: 60, BackoffRate: 2, MaxAttempts: 3 }], End: true } },
    });
    const attemptsAt: string[] = [];
    harness = await startStepFunctionsHarness([retrying], {
      Flaky: (_event, { clock }) => {
        attemptsAt.push(clock.now().toISOString());
        if (attemptsAt.length < 3) throw Object.assign(new Error('try again'), { name: 'TransientError' });
        return 'placed';
      },
    });

    // Act
    const { executionArn } = await harness.client.send(new StartExecutionCommand({ stateMachineArn: retrying.arn, input: '{}' }));
    await harness.clock.idle();

    // Assess
    expect((await describeExecution(executionArn!)).status).toBe('SUCCEEDED');
    expect(attemptsAt).toEqual([minutesAfter(campaignStart, 0), minutesAfter(campaignStart, 1), minutesAfter(campaignStart, 3)]);
    expect(harness.service.executionStats(executionArn!)).toEqual({ stateTransitions: 3, lambdaInvocations: 3 });
  });
});

describe('the dialer loop shape', () => {
  it('calls at exactly 10:00, 10:01 and 10:02 when each Wait is computed from the clock, and bills its transitions', async () => {
    // Prepare
    const dialer = machine('Dialer', {
      StartAt: 'Call',
      States: {
        Call: callTask({ Next: 'Route' }),
        Route: { Type: 'Task', Resource: invoke, Parameters: { FunctionName: localFunctionArn('Route'), 'Payload.$': '$' }, ResultSelector: { 'calls.$': '$.Payload.calls', 'at.$': '$.Payload.at' }, ResultPath: '$.next', Next: 'More' },
        More: { Type: 'Choice', Choices: [{ Variable: '$.next.calls', NumericLessThan: 3, Next: 'Pause' }], Default: 'Done' },
        Pause: { Type: 'Wait', TimestampPath: '$.next.at', Next: 'Call' },
        Done: { Type: 'Succeed' },
      },
    });
    const callsAt: string[] = [];
    harness = await startStepFunctionsHarness([dialer], {
      // The telephony simulator's way: the outcome event arrives later, as an action on the virtual clock.
      PlaceCall: (event, { clock, client }) => {
        callsAt.push(clock.now().toISOString());
        clock.schedule(clock.now(), () => client.send(new SendTaskSuccessCommand({ taskToken: event.taskToken, output: '{"status":"NO_ANSWER"}' })));
      },
      Route: (event, { clock }) => ({ calls: (event.next?.calls ?? 0) + 1, at: new Date(clock.now().getTime() + 60_000).toISOString() }),
    });

    // Act
    const { executionArn } = await harness.client.send(new StartExecutionCommand({ stateMachineArn: dialer.arn, input: '{"phone":"+15550105"}' }));
    await harness.clock.idle();

    // Assess
    expect((await describeExecution(executionArn!)).status).toBe('SUCCEEDED');
    expect(callsAt).toEqual([minutesAfter(campaignStart, 0), minutesAfter(campaignStart, 1), minutesAfter(campaignStart, 2)]);
    // Call, Route, More three times; Pause twice; Done once.
    expect(harness.service.executionStats(executionArn!)).toEqual({ stateTransitions: 12, lambdaInvocations: 6 });
  });
});

describe('the execution API', () => {
  it('starts one execution for a name delivered twice with the same input, and refuses another input or a closed execution', async () => {
    // Prepare
    harness = await startStepFunctionsHarness([callOnce], { PlaceCall: () => null });
    const release = harness.clock.hold();
    const first = await startAndTakeToken(callOnceArn, 'campaign-contact-run', { phone: '+15550106' });

    // Act
    const again = await harness.client.send(new StartExecutionCommand({ stateMachineArn: callOnceArn, name: 'campaign-contact-run', input: '{"phone":"+15550106"}' }));
    const otherInput = failureOf(harness.client.send(new StartExecutionCommand({ stateMachineArn: callOnceArn, name: 'campaign-contact-run', input: '{"phone":"+15550199"}' })));
    await harness.client.send(new SendTaskSuccessCommand({ taskToken: first.token, output: '{}' }));
    release();
    await harness.clock.idle();
    const afterClose = failureOf(harness.client.send(new StartExecutionCommand({ stateMachineArn: callOnceArn, name: 'campaign-contact-run', input: '{"phone":"+15550106"}' })));

    // Assess
    expect(again.executionArn).toBe(first.executionArn);
    expect(await otherInput).toBeInstanceOf(ExecutionAlreadyExists);
    expect(await afterClose).toBeInstanceOf(ExecutionAlreadyExists);
    expect(harness.invocations).toHaveLength(1);
  });

  it('StopExecution aborts at once: ABORTED with its error and cause, the pending token dead, no timer left, an ABORTED event', async () => {
    // Prepare
    harness = await startStepFunctionsHarness([callOnce], { PlaceCall: () => null });
    const release = harness.clock.hold();
    const { executionArn, token } = await startAndTakeToken(callOnceArn, 'to-stop', { phone: '+15550107' });

    // Act
    const { stopDate } = await harness.client.send(new StopExecutionCommand({ executionArn, error: 'ConsentWithdrawn', cause: 'the contact opted out' }));
    const lateOutcome = failureOf(harness.client.send(new SendTaskSuccessCommand({ taskToken: token, output: '{}' })));
    release();
    await harness.clock.idle();

    // Assess
    const execution = await describeExecution(executionArn);
    expect(execution).toMatchObject({ status: 'ABORTED', error: 'ConsentWithdrawn', cause: 'the contact opted out' });
    expect(stopDate?.toISOString()).toBe(campaignStart.toISOString());
    expect(await lateOutcome).toBeInstanceOf(TaskTimedOut);
    expect(harness.clock.state().pendingTimers).toBe(0);
    expect(harness.clock.now()).toEqual(campaignStart);
    expect(harness.events.map((event) => event.detail.status)).toEqual(['ABORTED']);
  });

  it('ListExecutions lists the newest first, filters by status and pages with nextToken', async () => {
    // Prepare
    const maybeCall = machine('MaybeCall', {
      StartAt: 'Decide',
      States: { Decide: { Type: 'Choice', Choices: [{ Variable: '$.call', BooleanEquals: true, Next: 'Call' }], Default: 'Skip' }, Call: callTask({ End: true }), Skip: { Type: 'Succeed' } },
    });
    harness = await startStepFunctionsHarness([maybeCall], { PlaceCall: () => null });
    const release = harness.clock.hold();
    for (const [name, call] of [['first', false], ['second', true], ['third', false]] as const) {
      await harness.client.send(new StartExecutionCommand({ stateMachineArn: maybeCall.arn, name, input: JSON.stringify({ call, phone: '+15550108' }) }));
    }
    await eventually(() => (harness.invocations.length === 1 ? true : undefined));

    // Act
    const succeeded = await harness.client.send(new ListExecutionsCommand({ stateMachineArn: maybeCall.arn, statusFilter: 'SUCCEEDED' }));
    const running = await harness.client.send(new ListExecutionsCommand({ stateMachineArn: maybeCall.arn, statusFilter: 'RUNNING' }));
    const firstPage = await harness.client.send(new ListExecutionsCommand({ stateMachineArn: maybeCall.arn, maxResults: 2 }));
    const secondPage = await harness.client.send(new ListExecutionsCommand({ stateMachineArn: maybeCall.arn, maxResults: 2, nextToken: firstPage.nextToken }));
    release();

    // Assess
    expect(succeeded.executions?.map((execution) => execution.name)).toEqual(['third', 'first']);
    expect(running.executions?.map((execution) => [execution.name, execution.status])).toEqual([['second', 'RUNNING']]);
    expect(firstPage.executions?.map((execution) => execution.name)).toEqual(['third', 'second']);
    expect(secondPage.executions?.map((execution) => execution.name)).toEqual(['first']);
    expect(secondPage.nextToken).toBeUndefined();
    expect(succeeded.executions?.[0]?.startDate).toEqual(campaignStart);
  });

  it('fails an execution on an uncaught error and tells the status-change callback in the EventBridge shape', async () => {
    // Prepare
    const failing = machine('Failing', { StartAt: 'Place', States: { Place: { Type: 'Task', Resource: localFunctionArn('Broken'), End: true } } });
    harness = await startStepFunctionsHarness([failing], {
      Broken: () => {
        throw Object.assign(new Error('no telephony'), { name: 'TelephonyDownError' });
      },
    });

    // Act
    const { executionArn } = await harness.client.send(new StartExecutionCommand({ stateMachineArn: failing.arn, name: 'doomed', input: '{"contactId":"c-1"}' }));
    await harness.clock.idle();

    // Assess
    const execution = await describeExecution(executionArn!);
    expect(execution.status).toBe('FAILED');
    expect(execution.error).toBe('TelephonyDownError');
    expect(harness.events).toHaveLength(1);
    const event = harness.events[0]!;
    expect(event).toMatchObject({ source: 'aws.states', 'detail-type': 'Step Functions Execution Status Change', resources: [executionArn], time: '2025-03-03T10:00:00Z' });
    expect(event.detail).toMatchObject({ executionArn, stateMachineArn: failing.arn, name: 'doomed', status: 'FAILED', startDate: campaignStart.getTime(), stopDate: campaignStart.getTime(), input: '{"contactId":"c-1"}', output: null, error: 'TelephonyDownError' });
    expect(JSON.parse(event.detail.cause!)).toMatchObject({ errorType: 'TelephonyDownError', errorMessage: 'no telephony' });
  });

  it('times an execution out after its TimeoutSeconds on the virtual clock', async () => {
    // Prepare
    const slow = machine('Slow', { TimeoutSeconds: 3600, StartAt: 'Pause', States: { Pause: { Type: 'Wait', Seconds: 7200, End: true } } });
    harness = await startStepFunctionsHarness([slow], {});

    // Act
    const { executionArn } = await harness.client.send(new StartExecutionCommand({ stateMachineArn: slow.arn, input: '{}' }));
    await harness.clock.idle();

    // Assess
    const execution = await describeExecution(executionArn!);
    expect(execution).toMatchObject({ status: 'TIMED_OUT', error: 'States.Timeout' });
    expect(execution.stopDate?.toISOString()).toBe(minutesAfter(campaignStart, 60));
    expect(harness.clock.now().toISOString()).toBe(minutesAfter(campaignStart, 60));
    expect(harness.events.map((event) => event.detail.status)).toEqual(['TIMED_OUT']);
  });

  it('answers an unknown state machine or execution with the named errors', async () => {
    // Prepare
    harness = await startStepFunctionsHarness([callOnce], {});

    // Act
    const start = failureOf(harness.client.send(new StartExecutionCommand({ stateMachineArn: localStateMachineArn('Nope'), input: '{}' })));
    const describing = failureOf(describeExecution(`${callOnceArn.replace(':stateMachine:', ':execution:')}:nope`));

    // Assess
    expect(await start).toBeInstanceOf(StateMachineDoesNotExist);
    expect(await describing).toBeInstanceOf(ExecutionDoesNotExist);
  });

  it('stop() aborts what runs, leaves no timer behind and sends no status-change event', async () => {
    // Prepare
    harness = await startStepFunctionsHarness([callOnce], { PlaceCall: () => null });
    const release = harness.clock.hold();
    const { executionArn } = await startAndTakeToken(callOnceArn, 'interrupted', { phone: '+15550109' });
    release();

    // Act
    await harness.service.stop();

    // Assess
    expect(harness.service.describeExecution({ executionArn }).status).toBe('ABORTED');
    expect(harness.clock.state()).toMatchObject({ pendingTimers: 0, activity: 0 });
    expect(harness.events).toEqual([]);
  });
});

describe('definitions', () => {
  it('run a Wait with its InputPath, SecondsPath and OutputPath as AWS does', async () => {
    // Prepare
    const waiting = machine('Waiting', { StartAt: 'Pause', States: { Pause: { Type: 'Wait', InputPath: '$.call', SecondsPath: '$.delay', OutputPath: '$.phone', End: true } } });
    harness = await startStepFunctionsHarness([waiting], {});

    // Act
    const { executionArn } = await harness.client.send(new StartExecutionCommand({ stateMachineArn: waiting.arn, input: JSON.stringify({ call: { delay: 60, phone: '+15550113' }, other: 1 }) }));
    await harness.clock.idle();

    // Assess
    const execution = await describeExecution(executionArn!);
    expect(JSON.parse(execution.output!)).toBe('+15550113');
    expect(execution.stopDate?.toISOString()).toBe(minutesAfter(campaignStart, 1));
    expect(harness.service.executionStats(executionArn!)).toEqual({ stateTransitions: 1, lambdaInvocations: 0 });
  });

  it('are refused at start when they use an integration the local service cannot run', async () => {
    // Prepare
    const direct = machine('Direct', { StartAt: 'Save', States: { Save: { Type: 'Task', Resource: 'arn:aws:states:::dynamodb:putItem', Parameters: { TableName: 'Calls', Item: {} }, End: true } } });
    const clock = new VirtualClock({ start: campaignStart });

    // Act
    const starting = LocalStepFunctions.start({ stateMachines: [direct], functions: new Map(), clock });

    // Assess
    await expect(starting).rejects.toThrow(/Direct.*state Save.*Lambda tasks only/);
  });
});

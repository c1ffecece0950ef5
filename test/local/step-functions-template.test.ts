// A state machine exactly as CDK synthesizes it (DefinitionString as Fn::Join with Ref AWS::Partition and GetAtt of
// the functions) loads, runs its handler modules named in template metadata, and resolves in function environments.
import { DescribeExecutionCommand, SendTaskSuccessCommand, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { App, Duration, Stack } from 'aws-cdk-lib';
import { Code, Function as LambdaFunction, Runtime, type CfnFunction } from 'aws-cdk-lib/aws-lambda';
import { Choice, Condition, DefinitionBody, IntegrationPattern, JsonPath, StateMachine, Succeed, TaskInput, Timeout, Wait, WaitTime } from 'aws-cdk-lib/aws-stepfunctions';
import { LambdaInvoke } from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { handlerMetadataKey } from '../../infra/constructs/project-function.ts';
import type { CloudFormationTemplate } from '../../local/dynamodb-local.ts';
import { localStateMachineArn, stepFunctionsFromTemplates, stepFunctionsPhysicalNames } from '../../local/step-functions/index.ts';
import { functionEnvironment } from '../../local/synthesized-app.ts';
import { campaignStart, minutesAfter, startStepFunctionsHarness, type StepFunctionsHarness } from './fixtures/step-functions-harness.ts';

/** A two-call dialer loop in CDK: callback call, route (payload only, so a bare function ARN), choice, wait. */
function synthesizeDialerFixture(): CloudFormationTemplate {
  const stack = new Stack(new App(), 'DialerFixture');
  const fn = (id: string, handler: string) => {
    const created = new LambdaFunction(stack, id, { runtime: Runtime.NODEJS_24_X, handler: 'index.handler', code: Code.fromInline('exports.handler = async () => null;') });
    (created.node.defaultChild as CfnFunction).addMetadata(handlerMetadataKey, handler);
    return created;
  };
  const call = new LambdaInvoke(stack, 'Call', {
    lambdaFunction: fn('PlaceCall', 'dialer/place-call'),
    integrationPattern: IntegrationPattern.WAIT_FOR_TASK_TOKEN,
    payload: TaskInput.fromObject({ taskToken: JsonPath.taskToken, phone: JsonPath.stringAt('$.phone') }),
    taskTimeout: Timeout.duration(Duration.hours(2)),
    resultPath: '$.outcome',
  });
  const route = new LambdaInvoke(stack, 'Route', { lambdaFunction: fn('RouteCall', 'dialer/route'), payloadResponseOnly: true, resultPath: '$.next' });
  const pause = new Wait(stack, 'Pause', { time: WaitTime.timestampPath('$.next.at') });
  const more = new Choice(stack, 'More').when(Condition.numberLessThan('$.next.calls', 2), pause.next(call)).otherwise(new Succeed(stack, 'Done'));
  const dialer = new StateMachine(stack, 'Dialer', { definitionBody: DefinitionBody.fromChainable(call.next(route).next(more)) });
  new LambdaFunction(stack, 'Starter', { runtime: Runtime.NODEJS_24_X, handler: 'index.handler', code: Code.fromInline('exports.handler = async () => null;'), environment: { DIALER_STATE_MACHINE_ARN: dialer.stateMachineArn } });
  return App.of(stack)!.synth().getStackByName('DialerFixture').template as CloudFormationTemplate;
}

describe('a CDK-synthesized state machine', () => {
  let template: CloudFormationTemplate;
  let dialerLogicalId: string;
  let harness: StepFunctionsHarness | undefined;

  beforeAll(() => {
    template = synthesizeDialerFixture();
    dialerLogicalId = Object.keys(template.Resources).find((id) => template.Resources[id]!.Type === 'AWS::StepFunctions::StateMachine')!;
  });
  afterEach(async () => {
    await harness?.stop();
  });

  it('gives a function environment holding Ref of the state machine its local ARN', () => {
    // Prepare
    const physicalNames = stepFunctionsPhysicalNames([template]);

    // Act
    const environment = functionEnvironment({ data: { Resources: {} }, compute: template }, physicalNames);

    // Assess
    expect(environment.DIALER_STATE_MACHINE_ARN).toBe(localStateMachineArn(dialerLogicalId));
  });

  it('resolves the definition and the handler modules from the template', () => {
    // Act
    const { stateMachines, functions } = stepFunctionsFromTemplates([template], new Map());

    // Assess
    expect(stateMachines.map(({ name, arn }) => ({ name, arn }))).toEqual([{ name: dialerLogicalId, arn: localStateMachineArn(dialerLogicalId) }]);
    const states = stateMachines[0]!.definition.States;
    expect(states.Call!.Resource).toBe('arn:aws:states:::lambda:invoke.waitForTaskToken');
    expect((states.Call!.Parameters as { FunctionName: string }).FunctionName).toMatch(/^arn:aws:lambda:us-east-1:000000000000:function:PlaceCall\w+$/);
    expect(states.Route!.Resource).toMatch(/^arn:aws:lambda:us-east-1:000000000000:function:RouteCall\w+$/);
    expect([...functions.values()].sort()).toEqual(['dialer/place-call', 'dialer/route']);
  });

  it('runs as synthesized: the callback, the bare-ARN task and the Wait, at exact campaign times', async () => {
    // Prepare
    const { stateMachines, functions } = stepFunctionsFromTemplates([template], new Map());
    const callsAt: string[] = [];
    harness = await startStepFunctionsHarness(
      stateMachines,
      {
        'dialer/place-call': (event, { clock, client }) => {
          callsAt.push(clock.now().toISOString());
          clock.schedule(clock.now(), () => client.send(new SendTaskSuccessCommand({ taskToken: event.taskToken, output: '{"status":"NO_ANSWER"}' })));
        },
        'dialer/route': (event, { clock }) => ({ calls: (event.next?.calls ?? 0) + 1, at: new Date(clock.now().getTime() + 60_000).toISOString() }),
      },
      functions,
    );

    // Act
    const { executionArn } = await harness.client.send(new StartExecutionCommand({ stateMachineArn: localStateMachineArn(dialerLogicalId), input: '{"phone":"+15550110"}' }));
    await harness.clock.idle();

    // Assess
    const execution = await harness.client.send(new DescribeExecutionCommand({ executionArn }));
    expect(execution.status).toBe('SUCCEEDED');
    expect(JSON.parse(execution.output!)).toMatchObject({ phone: '+15550110', outcome: { status: 'NO_ANSWER' }, next: { calls: 2 } });
    expect(callsAt).toEqual([minutesAfter(campaignStart, 0), minutesAfter(campaignStart, 1)]);
    expect(harness.service.executionStats(executionArn!)).toEqual({ stateTransitions: 8, lambdaInvocations: 4 });
  });
});

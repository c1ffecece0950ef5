// The dialer: one Standard execution per contact (wait → call → route), its task functions, the outcome and
// line-reclaim rules, the campaign starter and the Scheduler that invokes it.
import { ArnFormat, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { Effect, PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { CfnScheduleGroup } from 'aws-cdk-lib/aws-scheduler';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import { Choice, Condition, DefinitionBody, IntegrationPattern, JsonPath, LogLevel, StateMachine, StateMachineType, Succeed, TaskInput, Timeout, Wait, WaitTime } from 'aws-cdk-lib/aws-stepfunctions';
import { LambdaInvoke } from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { Construct } from 'constructs';
import { callTaskTimeoutMinutes } from '../../functions/domain/dialer/preview-offer.ts';
import { connectContactEvents, eumVoiceEvents } from '../../functions/domain/dialer/provider-outcome.ts';
import { reclaimedExecutionStatuses } from '../../functions/domain/use-cases/dialer/reclaim-lines.ts';
import { contactsTable, dialerTable } from '../../functions/shared/tables.ts';
import type { ContactTables } from './contact-tables.ts';
import { deadLetterQueue, eventDeadLetters, grantDeadLetterSending, ruleTargetWithDeadLetters, sendFailedInvocationsTo } from './dead-letters.ts';
import { ProjectFunction } from './project-function.ts';
import { acknowledgeWildcardResource } from '../security.ts';

export interface DialerWorkflowProps {
  tables: ContactTables;
  environment: Record<string, string>;
}

/** A call whose outcome has not come after this long is settled as DROP and the contact goes on. */
export const callTimeout = Duration.minutes(callTaskTimeoutMinutes);
const eumTerminalEvents = ['VOICE_COMPLETED', 'VOICE_BUSY', 'VOICE_NO_ANSWER', 'VOICE_FAILED', 'VOICE_TTL_EXPIRED'];

export class DialerWorkflow extends Construct {
  readonly stateMachine: StateMachine;
  readonly starter: ProjectFunction;
  private readonly scheduleGroup: CfnScheduleGroup;
  private readonly schedulerRole: Role;
  private readonly startDeadLetters: Queue;
  private readonly starterName: string;

  constructor(scope: Construct, id: string, props: DialerWorkflowProps) {
    super(scope, id);
    const { tables, environment } = props;
    const stack = Stack.of(this);
    const dialerFunction = (name: string, handler: string) => new ProjectFunction(this, name, { handler: `dialer/${handler}`, environment }).bindTable(tables.dialer, dialerTable, 'readWrite');

    // The call task reads each number's consent, do-not-call entries and suppression right before it dials.
    const placeCall = dialerFunction('PlaceCall', 'place-call').bindTable(tables.contacts, contactsTable, 'read');
    // A call that reached someone keeps its number fresh (the stale-number job reads when it was last reached).
    const callOutcome = dialerFunction('CallOutcome', 'call-outcome').bindTable(tables.contacts, contactsTable, 'readWrite');
    const callLost = dialerFunction('CallLost', 'call-lost');
    const reclaimLines = dialerFunction('ReclaimLines', 'reclaim-lines');
    this.grantDial(placeCall);

    const waitForCall = new Wait(this, 'WaitForCallTime', { time: WaitTime.timestampPath('$.next.at') });
    const call = new LambdaInvoke(this, 'PlaceCallAndWait', {
      lambdaFunction: placeCall.function,
      integrationPattern: IntegrationPattern.WAIT_FOR_TASK_TOKEN,
      payload: TaskInput.fromObject({ taskToken: JsonPath.taskToken, executionName: JsonPath.stringAt('$$.Execution.Name'), workflow: JsonPath.entirePayload }),
      resultPath: '$',
      taskTimeout: Timeout.duration(callTimeout),
    });
    const settleLostCall = new LambdaInvoke(this, 'SettleLostCall', {
      lambdaFunction: callLost.function,
      payload: TaskInput.fromObject({ executionName: JsonPath.stringAt('$$.Execution.Name'), workflow: JsonPath.entirePayload, failure: JsonPath.objectAt('$.failure') }),
      payloadResponseOnly: true,
      resultPath: '$',
    });
    const route = new Choice(this, 'NextStep').when(Condition.stringEquals('$.next.kind', 'call'), waitForCall).otherwise(new Succeed(this, 'Closed'));
    // Throttling never ran the task, so trying again cannot dial twice; what still fails passes the phone over.
    call.addRetry({ errors: ['Lambda.TooManyRequestsException'], interval: Duration.seconds(2), backoffRate: 2, maxAttempts: 5 });
    call.addCatch(settleLostCall, { errors: ['States.ALL'], resultPath: '$.failure' });
    // Settling is idempotent (it re-reads the attempt), and an execution that fails here would close without Final.
    settleLostCall.addRetry({ errors: ['States.ALL'], interval: Duration.seconds(2), backoffRate: 2, maxAttempts: 8 });
    settleLostCall.next(route);
    this.stateMachine = new StateMachine(this, 'PerContact', {
      stateMachineType: StateMachineType.STANDARD,
      definitionBody: DefinitionBody.fromChainable(waitForCall.next(call).next(route)),
      comment: 'One contact of one campaign run: wait for the call time, call, route (DESIGN §5).',
      // Every state transition, but no execution data: the input and output carry the contact's numbers.
      logs: { destination: new LogGroup(this, 'PerContactLogs', { retention: RetentionDays.ONE_MONTH, removalPolicy: RemovalPolicy.DESTROY }), level: LogLevel.ALL, includeExecutionData: false },
      tracingEnabled: true,
    });
    const stateMachineRole = this.stateMachine.role;
    for (const task of [placeCall, callLost]) {
      acknowledgeWildcardResource(stateMachineRole, `${task.function.functionArn}:*`, "Step Functions' Lambda task grant covers the function's versions and aliases; the state machine invokes only its two task functions.");
    }
    acknowledgeWildcardResource(stateMachineRole, '*', 'Execution logging (logs:CreateLogDelivery, logs:PutResourcePolicy and the like) and X-Ray tracing (xray:PutTraceSegments) support no resource-level permission.');

    // The call tasks resume executions by token. Naming the state machine to them would be a reference cycle
    // (it names them), so they may answer any task of this account and region's state machines.
    const anyStateMachine = stack.formatArn({ service: 'states', resource: 'stateMachine', resourceName: '*', arnFormat: ArnFormat.COLON_RESOURCE_NAME });
    this.grantAnswerTasks(placeCall, anyStateMachine);
    this.grantAnswerTasks(callOutcome, anyStateMachine);

    // An outcome that cannot be recorded is a call whose execution waits for the call timeout (then DROP): kept for
    // an operator. The function's own failures (after Lambda's two retries) land in the same queue.
    const outcomeDeadLetters = eventDeadLetters(this);
    new Rule(this, 'ConnectCallEnded', {
      eventPattern: { source: [connectContactEvents.source], detailType: [connectContactEvents.detailType], detail: { eventType: ['DISCONNECTED'], initiationMethod: ['API'] } },
      targets: [ruleTargetWithDeadLetters(callOutcome, outcomeDeadLetters, 4)],
    });
    new Rule(this, 'VoiceMessageEnded', {
      eventPattern: { source: [eumVoiceEvents.source], detailType: [eumVoiceEvents.detailType], detail: { eventType: eumTerminalEvents } },
      targets: [ruleTargetWithDeadLetters(callOutcome, outcomeDeadLetters, 4)],
    });
    sendFailedInvocationsTo(callOutcome, outcomeDeadLetters);
    const reclaimDeadLetters = eventDeadLetters(this);
    new Rule(this, 'ExecutionEndedBadly', {
      eventPattern: { source: ['aws.states'], detailType: ['Step Functions Execution Status Change'], detail: { stateMachineArn: [this.stateMachine.stateMachineArn], status: [...reclaimedExecutionStatuses] } },
      targets: [ruleTargetWithDeadLetters(reclaimLines, reclaimDeadLetters, 4)],
    });
    new Rule(this, 'SweepStaleLines', { schedule: Schedule.rate(Duration.minutes(15)), targets: [ruleTargetWithDeadLetters(reclaimLines, reclaimDeadLetters)] });
    sendFailedInvocationsTo(reclaimLines, reclaimDeadLetters);

    // The starter continues a large run by invoking itself: it is named so that it can know its own name.
    const starterName = `${stack.stackName}-campaign-starter`;
    this.starterName = starterName;
    this.starter = new ProjectFunction(this, 'StartCampaign', {
      handler: 'dialer/start-campaign',
      functionName: starterName,
      timeout: Duration.minutes(5),
      environment: { ...environment, DIALER_STATE_MACHINE_ARN: this.stateMachine.stateMachineArn, CAMPAIGN_STARTER_FUNCTION_NAME: starterName },
    })
      .bindTable(tables.dialer, dialerTable, 'readWrite')
      .bindTable(tables.contacts, contactsTable, 'read');
    this.stateMachine.grantStartExecution(this.starter.function);
    this.starter.function.addToRolePolicy(new PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: [stack.formatArn({ service: 'lambda', resource: 'function', resourceName: starterName, arnFormat: ArnFormat.COLON_RESOURCE_NAME })] }));

    this.scheduleGroup = new CfnScheduleGroup(this, 'CampaignSchedules', {});
    // Scheduler's undeliverable starts (it retries for an hour) and the starter's failed asynchronous invocations (a
    // start now, a continuation) after Lambda's two retries: a run that did not start, or stopped half-way.
    this.startDeadLetters = deadLetterQueue(this, 'StartDeadLetters');
    sendFailedInvocationsTo(this.starter, this.startDeadLetters);
    // Only this account's schedules of this group may assume it (confused-deputy protection).
    const schedulerCaller = { StringEquals: { 'aws:SourceAccount': stack.account, 'aws:SourceArn': this.scheduleGroup.attrArn } };
    this.schedulerRole = new Role(this, 'SchedulerRole', { assumedBy: new ServicePrincipal('scheduler.amazonaws.com', { conditions: schedulerCaller }) });
    this.grantInvokeStarter(this.schedulerRole);
    grantDeadLetterSending(this.startDeadLetters, this.schedulerRole);
  }

  /** The preview routes: rejecting an offer resumes its execution; accepting one also dials it, as the call task does. */
  bindCallControl(fn: ProjectFunction, access: 'resume' | 'dial'): void {
    this.grantAnswerTasks(fn, this.stateMachine.stateMachineArn);
    if (access === 'dial') this.grantDial(fn);
  }

  private grantDial(fn: ProjectFunction): void {
    const stack = Stack.of(this);
    fn.function.addToRolePolicy(new PolicyStatement({ actions: ['connect:StartOutboundVoiceContact'], resources: [stack.formatArn({ service: 'connect', resource: 'instance', resourceName: '*/contact/*' })] }));
    fn.function.addToRolePolicy(new PolicyStatement({ actions: ['sms-voice:SendVoiceMessage'], resources: ['*'] }));
    acknowledgeWildcardResource(fn.role, stack.formatArn({ service: 'connect', resource: 'instance', resourceName: '*/contact/*' }), 'StartOutboundVoiceContact is authorized on the contact it creates, whose id exists only once the call does; the instance is a deployment setting. This account and region only.');
    acknowledgeWildcardResource(fn.role, '*', 'sms-voice:SendVoiceMessage (End User Messaging voice) supports no resource-level permission.');
  }

  /** Invoking the starter itself, unqualified (the campaign code and the schedules name no version or alias). */
  private grantInvokeStarter(grantee: Role): void {
    grantee.addToPrincipalPolicy(new PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: [this.starter.function.functionArn] }));
  }

  private grantAnswerTasks(fn: ProjectFunction, stateMachineArn: string): void {
    fn.function.addToRolePolicy(new PolicyStatement({ actions: ['states:SendTaskSuccess'], resources: [stateMachineArn] }));
    if (stateMachineArn !== this.stateMachine.stateMachineArn) {
      acknowledgeWildcardResource(fn.role, stateMachineArn, 'A call task answers its own execution by token; naming the state machine to the function it invokes would be a reference cycle. This account and region only.');
    }
  }

  /** What the campaign API needs to schedule, start and stop runs: its variables and exactly those grants. */
  bindCampaignControl(fn: ProjectFunction): void {
    const target = fn.function;
    target.addEnvironment('CAMPAIGN_SCHEDULE_GROUP_NAME', this.scheduleGroup.ref);
    target.addEnvironment('CAMPAIGN_STARTER_FUNCTION_ARN', this.starter.function.functionArn);
    target.addEnvironment('CAMPAIGN_STARTER_FUNCTION_NAME', this.starterName);
    target.addEnvironment('CAMPAIGN_SCHEDULER_ROLE_ARN', this.schedulerRole.roleArn);
    target.addEnvironment('CAMPAIGN_START_DLQ_ARN', this.startDeadLetters.queueArn);
    target.addEnvironment('DIALER_STATE_MACHINE_ARN', this.stateMachine.stateMachineArn);
    const stack = Stack.of(this);
    target.addToRolePolicy(
      new PolicyStatement({
        actions: ['scheduler:CreateSchedule', 'scheduler:UpdateSchedule', 'scheduler:DeleteSchedule', 'scheduler:GetSchedule'],
        resources: [stack.formatArn({ service: 'scheduler', resource: 'schedule', resourceName: `${this.scheduleGroup.ref}/*` })],
      }),
    );
    target.addToRolePolicy(new PolicyStatement({ effect: Effect.ALLOW, actions: ['iam:PassRole'], resources: [this.schedulerRole.roleArn], conditions: { StringEquals: { 'iam:PassedToService': 'scheduler.amazonaws.com' } } }));
    this.grantInvokeStarter(fn.role);
    target.addToRolePolicy(new PolicyStatement({ actions: ['states:ListExecutions'], resources: [this.stateMachine.stateMachineArn] }));
    const executions = stack.formatArn({ service: 'states', resource: 'execution', resourceName: `${this.stateMachine.stateMachineName}:*`, arnFormat: ArnFormat.COLON_RESOURCE_NAME });
    target.addToRolePolicy(new PolicyStatement({ actions: ['states:StopExecution'], resources: [executions] }));
    acknowledgeWildcardResource(fn.role, stack.formatArn({ service: 'scheduler', resource: 'schedule', resourceName: `${this.scheduleGroup.ref}/*` }), "Each campaign's schedule is named at run time; the grant covers this app's schedule group only.");
    acknowledgeWildcardResource(fn.role, executions, "Executions are named per contact as a run starts; the grant covers the dialer state machine's executions only.");
  }
}

// Dead-letter queues for what runs with nobody waiting on its answer: asynchronous invocations, EventBridge rule and
// SNS subscription deliveries, Scheduler targets. Every queue of the compute stack is one, and each raises an alarm
// as soon as it holds a message (monitoring.ts).
//
// One queue for the stack's event functions, not one each: the compute stack is close to CloudFormation's 500
// resources (a queue and its policy are two), and a dead letter says itself where it failed (Lambda adds the
// request id and error as message attributes; EventBridge adds the rule's ARN).
import { Duration, Stack } from 'aws-cdk-lib';
import type { IRuleTarget } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import type { CfnFunction } from 'aws-cdk-lib/aws-lambda';
import type { IGrantable } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import type { Construct, IConstruct } from 'constructs';
import { acknowledgeWildcardAction } from '../security.ts';
import type { ProjectFunction } from './project-function.ts';

/** Long enough to notice over a holiday and replay by hand: SQS's longest retention. */
export const deadLetterRetention = Duration.days(14);

const deadLetterKeys = new WeakMap<Stack, IKey>();

/** Dead letters carry what their events carried (numbers of inbound SMS, call outcomes): the stack's queues use `key`. */
export function encryptDeadLettersWith(stack: Stack, key: IKey): void {
  deadLetterKeys.set(stack, key);
}

/** A queue for failed deliveries: SSL only, kept 14 days, under the personal-data key its stack was given. */
export function deadLetterQueue(scope: Construct, id: string): Queue {
  const key = deadLetterKeys.get(Stack.of(scope));
  if (key === undefined) throw new Error(`no key for the dead letters of ${Stack.of(scope).stackName}: call encryptDeadLettersWith first`);
  return new Queue(scope, id, { encryption: QueueEncryption.KMS, encryptionMasterKey: key, enforceSSL: true, retentionPeriod: deadLetterRetention });
}

/** What a sender to an encrypted queue needs of its key (CDK's grant), acknowledged on the sender's role. */
export function grantDeadLetterSending(queue: Queue, grantee: IGrantable & IConstruct): void {
  queue.grantSendMessages(grantee);
  for (const action of ['kms:ReEncrypt*', 'kms:GenerateDataKey*']) {
    acknowledgeWildcardAction(grantee, action, 'CDK\'s grant to send to a queue under a customer key: on the personal-data key of the dead letters only.');
  }
}

const eventDeadLettersId = 'EventDeadLetters';

/** The stack's one queue for its event functions' dead letters, made on first use. */
export function eventDeadLetters(scope: Construct): Queue {
  const stack = Stack.of(scope);
  return (stack.node.tryFindChild(eventDeadLettersId) as Queue | undefined) ?? deadLetterQueue(stack, eventDeadLettersId);
}

/**
 * Where an asynchronous invocation of `fn` goes once Lambda's own retries (two by default) are spent: the function's
 * dead-letter queue. A property of the function, so it costs the stack no resource (an on-failure destination would
 * be one more each), and the grant joins the role's policy.
 */
export function sendFailedInvocationsTo(fn: ProjectFunction, queue: Queue): void {
  (fn.function.node.defaultChild as CfnFunction).deadLetterConfig = { targetArn: queue.queueArn };
  grantDeadLetterSending(queue, fn.role);
}

/**
 * An EventBridge rule target for `fn` whose undeliverable events (EventBridge could not invoke it after `retryAttempts`)
 * land in `queue`; what the function itself fails on goes to its dead-letter queue (sendFailedInvocationsTo).
 */
export function ruleTargetWithDeadLetters(fn: ProjectFunction, queue: Queue, retryAttempts = 2): IRuleTarget {
  return new LambdaFunction(fn.function, { retryAttempts, deadLetterQueue: queue });
}

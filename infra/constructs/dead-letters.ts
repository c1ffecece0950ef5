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
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import type { ProjectFunction } from './project-function.ts';

/** Long enough to notice over a holiday and replay by hand: SQS's longest retention. */
export const deadLetterRetention = Duration.days(14);

/** A queue for failed deliveries: SSL only, kept 14 days. (Its encryption key is the security set-up's business.) */
export function deadLetterQueue(scope: Construct, id: string): Queue {
  return new Queue(scope, id, { encryption: QueueEncryption.SQS_MANAGED, enforceSSL: true, retentionPeriod: deadLetterRetention });
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
  queue.grantSendMessages(fn.function);
}

/**
 * An EventBridge rule target for `fn` whose undeliverable events (EventBridge could not invoke it after `retryAttempts`)
 * land in `queue`; what the function itself fails on goes to its dead-letter queue (sendFailedInvocationsTo).
 */
export function ruleTargetWithDeadLetters(fn: ProjectFunction, queue: Queue, retryAttempts = 2): IRuleTarget {
  return new LambdaFunction(fn.function, { retryAttempts, deadLetterQueue: queue });
}

// CampaignScheduler on EventBridge Scheduler: one schedule per campaign, in one group, invoking the starter function.
import {
  ConflictException,
  CreateScheduleCommand,
  DeleteScheduleCommand,
  ResourceNotFoundException,
  UpdateScheduleCommand,
  type CreateScheduleCommandInput,
  type RetryPolicy,
  type SchedulerClient,
} from '@aws-sdk/client-scheduler';
import { createHash } from 'node:crypto';
import { scheduleExpression, type CampaignSchedule } from '#domain/campaign-schedule';
import type { CampaignScheduler } from '#ports/campaign-scheduler';

export interface EventBridgeCampaignSchedulerConfig {
  /** The schedule group holding every campaign schedule. */
  groupName: string;
  /** The starter function Scheduler invokes. */
  targetArn: string;
  /** The role Scheduler assumes to invoke the starter. */
  roleArn: string;
  /** The queue that receives a start Scheduler could not deliver; none when absent. */
  deadLetterArn?: string | undefined;
}

/**
 * A start that cannot be delivered within an hour goes to the dead-letter queue instead: a campaign starting hours
 * late would dial customers at a time nobody chose. (Scheduler's default keeps trying for a day.)
 */
export const startRetryPolicy: RetryPolicy = { MaximumEventAgeInSeconds: 3_600, MaximumRetryAttempts: 10 };

/** Scheduler replaces this keyword in the input with the occurrence's time, e.g. 2025-03-31T07:00:00Z. */
export const SCHEDULED_TIME_ATTRIBUTE = '<aws.scheduler.scheduled-time>';

/**
 * What the starter receives. The starter is idempotent per campaign and scheduled time: a start delivered twice
 * (same time) starts one run, while the next occurrence of a cron (a new time) starts the next run.
 */
export function startInput(campaignId: string): string {
  return JSON.stringify({ campaignId, scheduledTime: SCHEDULED_TIME_ATTRIBUTE });
}

const NAME_PREFIX = 'campaign-';
const NAME_MAX_LENGTH = 64;
const HASH_LENGTH = 16;

/**
 * The schedule's name, the same for the same campaign every time: `campaign-<id>` when the id fits Scheduler's names
 * (at most 64 of `0-9 A-Z a-z - _ .`), otherwise a readable prefix of the id and a digest of all of it after a dot.
 * Only the second form has a dot, so the two forms never collide.
 */
export function campaignScheduleName(campaignId: string): string {
  const plain = `${NAME_PREFIX}${campaignId}`;
  if (/^[0-9A-Za-z_-]+$/.test(campaignId) && plain.length <= NAME_MAX_LENGTH) return plain;
  const digest = createHash('sha256').update(campaignId).digest('hex').slice(0, HASH_LENGTH);
  const readable = campaignId.replace(/[^0-9A-Za-z_-]/g, '-').slice(0, NAME_MAX_LENGTH - NAME_PREFIX.length - HASH_LENGTH - 1);
  return `${NAME_PREFIX}${readable}.${digest}`;
}

export class EventBridgeCampaignScheduler implements CampaignScheduler {
  constructor(
    private readonly client: SchedulerClient,
    private readonly config: EventBridgeCampaignSchedulerConfig,
  ) {}

  async upsertCampaignSchedule(campaignId: string, schedule: CampaignSchedule): Promise<void> {
    const input = this.scheduleInput(campaignId, schedule);
    try {
      await this.client.send(new CreateScheduleCommand(input));
    } catch (error) {
      if (!(error instanceof ConflictException)) throw error;
      // UpdateSchedule replaces every field, so the same complete input makes the stored schedule exactly this one.
      await this.client.send(new UpdateScheduleCommand(input));
    }
  }

  async deleteCampaignSchedule(campaignId: string): Promise<void> {
    try {
      await this.client.send(new DeleteScheduleCommand({ Name: campaignScheduleName(campaignId), GroupName: this.config.groupName }));
    } catch (error) {
      // Already gone: deleted before, or a one-time schedule Scheduler deleted after it ran.
      if (!(error instanceof ResourceNotFoundException)) throw error;
    }
  }

  private scheduleInput(campaignId: string, schedule: CampaignSchedule): CreateScheduleCommandInput {
    const { targetArn, roleArn, deadLetterArn, groupName } = this.config;
    return {
      Name: campaignScheduleName(campaignId),
      GroupName: groupName,
      Description: `Starts campaign ${campaignId}`,
      ScheduleExpression: scheduleExpression(schedule),
      ScheduleExpressionTimezone: schedule.timeZone,
      State: 'ENABLED',
      // Campaign starts are meant for the minute they name, not a window around it.
      FlexibleTimeWindow: { Mode: 'OFF' },
      // A one-time start leaves nothing behind; a cron schedule lives until the campaign deletes it.
      ActionAfterCompletion: schedule.kind === 'at' ? 'DELETE' : 'NONE',
      Target: {
        Arn: targetArn,
        RoleArn: roleArn,
        Input: startInput(campaignId),
        RetryPolicy: startRetryPolicy,
        ...(deadLetterArn === undefined ? {} : { DeadLetterConfig: { Arn: deadLetterArn } }),
      },
    };
  }
}

// The EventBridge Scheduler adapter with the real SDK client: against the local Scheduler on a real HTTP server, and
// its CreateSchedule request on the wire compared with the recorded shape in recorded/.
import { GetScheduleCommand, ListSchedulesCommand, ResourceNotFoundException, SchedulerClient, ValidationException, type SchedulerClientConfig } from '@aws-sdk/client-scheduler';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { campaignScheduleName, EventBridgeCampaignScheduler, type EventBridgeCampaignSchedulerConfig } from '../../../functions/adapters/scheduler/eventbridge-campaign-scheduler.ts';
import { LocalSchedulerService } from '../../../local/scheduler-service.ts';

const config: EventBridgeCampaignSchedulerConfig = {
  groupName: 'campaign-starts',
  targetArn: 'arn:aws:lambda:eu-west-3:123456789012:function:start-campaign',
  roleArn: 'arn:aws:iam::123456789012:role/campaign-scheduler',
  deadLetterArn: 'arn:aws:sqs:eu-west-3:123456789012:campaign-start-dlq',
};
const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };

describe('EventBridgeCampaignScheduler against the local Scheduler', () => {
  let server: Server;
  let client: SchedulerClient;
  let scheduler: EventBridgeCampaignScheduler;
  const endpointVariable = 'AWS_ENDPOINT_URL_SCHEDULER';
  const previousEndpoint = process.env[endpointVariable];

  beforeAll(async () => {
    // A clock that never fires: these tests are about the API, firing is the local service's own test.
    const service = new LocalSchedulerService({ clock: { now: () => new Date(), schedule: () => undefined }, invokeTarget: async () => undefined });
    server = createServer((request, response) => {
      const url = new URL(request.url ?? '/', 'http://127.0.0.1');
      const prefix = '/_local/scheduler';
      const served = url.pathname.startsWith(`${prefix}/`) ? service.serve(request, response, url.pathname.slice(prefix.length), url.searchParams) : Promise.resolve(false);
      void served.then((done) => done || response.writeHead(404).end());
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    // As the local runtime will: the SDK's own endpoint setting (read when a request is sent), nothing in the adapter.
    process.env[endpointVariable] = `http://127.0.0.1:${(server.address() as AddressInfo).port}/_local/scheduler`;
    client = new SchedulerClient({ region: 'eu-west-3', credentials, maxAttempts: 1 });
    scheduler = new EventBridgeCampaignScheduler(client, config);
  });

  afterAll(async () => {
    if (previousEndpoint === undefined) delete process.env[endpointVariable];
    else process.env[endpointVariable] = previousEndpoint;
    client?.destroy();
    server?.closeAllConnections();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  });

  const stored = (campaignId: string) => client.send(new GetScheduleCommand({ Name: campaignScheduleName(campaignId), GroupName: config.groupName }));

  it('creates a one-time schedule that starts the campaign and deletes itself', async () => {
    // Prepare
    const campaignId = crypto.randomUUID();

    // Act
    await scheduler.upsertCampaignSchedule(campaignId, { kind: 'at', at: '2025-06-02T09:30:00', timeZone: 'Europe/Paris' });

    // Assess
    const schedule = await stored(campaignId);
    expect(schedule).toMatchObject({
      Name: `campaign-${campaignId}`,
      GroupName: 'campaign-starts',
      ScheduleExpression: 'at(2025-06-02T09:30:00)',
      ScheduleExpressionTimezone: 'Europe/Paris',
      State: 'ENABLED',
      ActionAfterCompletion: 'DELETE',
      FlexibleTimeWindow: { Mode: 'OFF' },
      Target: {
        Arn: config.targetArn,
        RoleArn: config.roleArn,
        DeadLetterConfig: { Arn: config.deadLetterArn },
        RetryPolicy: { MaximumEventAgeInSeconds: 3600, MaximumRetryAttempts: 10 },
      },
    });
    expect(JSON.parse(schedule.Target!.Input!)).toEqual({ campaignId, scheduledTime: '<aws.scheduler.scheduled-time>' });
    expect(schedule.CreationDate).toBeInstanceOf(Date);
  });

  it('replaces the schedule when the campaign already has one', async () => {
    // Prepare
    const campaignId = crypto.randomUUID();
    await scheduler.upsertCampaignSchedule(campaignId, { kind: 'at', at: '2025-06-02T09:30:00', timeZone: 'Europe/Paris' });

    // Act
    await scheduler.upsertCampaignSchedule(campaignId, { kind: 'cron', expression: '0 9 ? * MON-FRI *', timeZone: 'America/New_York' });

    // Assess
    const schedule = await stored(campaignId);
    expect(schedule).toMatchObject({ ScheduleExpression: 'cron(0 9 ? * MON-FRI *)', ScheduleExpressionTimezone: 'America/New_York', ActionAfterCompletion: 'NONE' });
    const listed = await client.send(new ListSchedulesCommand({ GroupName: config.groupName, NamePrefix: campaignScheduleName(campaignId) }));
    expect(listed.Schedules?.map((summary) => summary.Name)).toEqual([campaignScheduleName(campaignId)]);
  });

  it('deletes the schedule', async () => {
    // Prepare
    const campaignId = crypto.randomUUID();
    await scheduler.upsertCampaignSchedule(campaignId, { kind: 'cron', expression: '0 9 * * ? *', timeZone: 'Europe/Paris' });

    // Act
    await scheduler.deleteCampaignSchedule(campaignId);

    // Assess
    await expect(stored(campaignId)).rejects.toBeInstanceOf(ResourceNotFoundException);
  });

  it('deletes a schedule that does not exist without complaint', async () => {
    // Act
    const deletion = scheduler.deleteCampaignSchedule(crypto.randomUUID());

    // Assess
    await expect(deletion).resolves.toBeUndefined();
  });

  it('lets any other Scheduler error through', async () => {
    // Prepare: a group name Scheduler refuses
    const misconfigured = new EventBridgeCampaignScheduler(client, { ...config, groupName: 'campaign starts' });

    // Act
    const [upsert, deletion] = await Promise.allSettled([
      misconfigured.upsertCampaignSchedule(crypto.randomUUID(), { kind: 'cron', expression: '0 9 * * ? *', timeZone: 'UTC' }),
      misconfigured.deleteCampaignSchedule(crypto.randomUUID()),
    ]);

    // Assess
    expect(upsert.status === 'rejected' && upsert.reason).toBeInstanceOf(ValidationException);
    expect(deletion.status === 'rejected' && deletion.reason).toBeInstanceOf(ValidationException);
  });
});

describe('campaignScheduleName', () => {
  it('is campaign-<id> for an id Scheduler accepts in a name', () => {
    // Act
    const name = campaignScheduleName('3f1c2a9e-8b7d-4c6e-9f10-2a3b4c5d6e7f');

    // Assess
    expect(name).toBe('campaign-3f1c2a9e-8b7d-4c6e-9f10-2a3b4c5d6e7f');
  });

  it.each(['x'.repeat(56), 'spring sale: 2025/06', 'été-2025'])('is deterministic, short and allowed for the id %j', (campaignId) => {
    // Act
    const names = [campaignScheduleName(campaignId), campaignScheduleName(campaignId)];

    // Assess
    expect(names[0]).toBe(names[1]);
    expect(names[0]).toMatch(/^campaign-[0-9A-Za-z_-]*\.[0-9a-f]{16}$/);
    expect(names[0]!.length).toBeLessThanOrEqual(64);
  });

  it('gives different ids different names even when their readable parts agree', () => {
    // Act
    const names = new Set(['spring sale', 'spring:sale', 'spring-sale'].map(campaignScheduleName));

    // Assess
    expect(names.size).toBe(3);
  });
});

describe('EventBridgeCampaignScheduler on the wire', () => {
  it('sends the CreateSchedule request in the recorded shape', async () => {
    // Prepare: the shape recorded from this SDK version's serialization and checked against Scheduler's API
    // reference (POST /schedules/{Name}, GroupName in the body); ClientToken is random, so it is checked apart.
    const recordedShape: unknown = JSON.parse(readFileSync(new URL('recorded/create-schedule-at.json', import.meta.url), 'utf8'));
    const sent: Array<{ method: string; path: string; query: Record<string, unknown>; headers: Record<string, string>; body: Uint8Array }> = [];
    const recordingHandler = {
      handle: async (request: (typeof sent)[number]) => {
        sent.push(request);
        const reply = JSON.stringify({ ScheduleArn: 'arn:aws:scheduler:eu-west-3:123456789012:schedule/campaign-starts/recorded' });
        return { response: { statusCode: 200, headers: { 'content-type': 'application/json' }, body: new TextEncoder().encode(reply) } };
      },
    };
    // The endpoint is explicit because the local runtime of this test run sets AWS_ENDPOINT_URL_SCHEDULER.
    const recordingClient = new SchedulerClient({
      region: 'eu-west-3',
      endpoint: 'https://scheduler.eu-west-3.amazonaws.com',
      credentials,
      requestHandler: recordingHandler as unknown as SchedulerClientConfig['requestHandler'],
    });

    // Act
    await new EventBridgeCampaignScheduler(recordingClient, config).upsertCampaignSchedule('3f1c2a9e-8b7d-4c6e-9f10-2a3b4c5d6e7f', {
      kind: 'at',
      at: '2025-06-02T09:30:00',
      timeZone: 'Europe/Paris',
    });

    // Assess
    expect(sent).toHaveLength(1);
    const { ClientToken, ...body } = JSON.parse(new TextDecoder().decode(sent[0]!.body));
    expect({ method: sent[0]!.method, path: sent[0]!.path, query: sent[0]!.query, contentType: sent[0]!.headers['content-type'], body }).toEqual(recordedShape);
    expect(ClientToken).toMatch(/^[0-9a-f-]{36}$/);
  });
});

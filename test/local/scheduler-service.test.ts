// The local Scheduler: the API answers as Scheduler does, and schedules fire at their occurrences on a fake clock.
import { describe, expect, it } from 'vitest';
import { LocalSchedulerService, type SchedulerClock } from '../../local/scheduler-service.ts';

/** A clock that moves only when told, running each due action at its own time, in time order; cancellable or not. */
class FakeClock implements SchedulerClock {
  private time: number;
  readonly timers: Array<{ at: number; action: () => void }> = [];

  constructor(
    iso: string,
    private readonly cancellable: boolean,
  ) {
    this.time = Date.parse(iso);
  }

  now(): Date {
    return new Date(this.time);
  }

  schedule(at: Date, action: () => void): { cancel(): void } | undefined {
    const timer = { at: at.getTime(), action };
    this.timers.push(timer);
    return this.cancellable ? { cancel: () => void this.timers.splice(this.timers.indexOf(timer), 1) } : undefined;
  }

  advanceTo(iso: string): void {
    const target = Date.parse(iso);
    for (;;) {
      const due = this.timers.filter((timer) => timer.at <= target).sort((a, b) => a.at - b.at)[0];
      if (!due) break;
      this.timers.splice(this.timers.indexOf(due), 1);
      this.time = Math.max(this.time, due.at);
      due.action();
    }
    this.time = target;
  }
}

const targetArn = 'arn:aws:lambda:us-east-1:000000000000:function:start-campaign';

function setUp({ start = '2025-03-28T06:00:00Z', cancellable = false, invoke }: { start?: string; cancellable?: boolean; invoke?: (input: string) => Promise<unknown> } = {}) {
  const clock = new FakeClock(start, cancellable);
  const invocations: Array<{ at: string; targetArn: string; input: unknown }> = [];
  const logged: string[] = [];
  const service = new LocalSchedulerService({
    clock,
    invokeTarget: async (arn, input) => {
      invocations.push({ at: clock.now().toISOString(), targetArn: arn, input: JSON.parse(input) });
      return invoke?.(input);
    },
    log: (line) => logged.push(line),
  });
  const send = (method: string, name: string, body?: Record<string, unknown>, query = '') => {
    const reply = service.handle(method, name === '' ? '/schedules' : `/schedules/${encodeURIComponent(name)}`, new URLSearchParams(query), body ? JSON.stringify(body) : '');
    return { ...reply, json: JSON.parse(reply.body) as Record<string, any> };
  };
  return { clock, service, invocations, logged, send };
}

const schedule = (expression: string, extra: Record<string, unknown> = {}) => ({
  GroupName: 'campaigns',
  ScheduleExpression: expression,
  ScheduleExpressionTimezone: 'Europe/Paris',
  FlexibleTimeWindow: { Mode: 'OFF' },
  Target: { Arn: targetArn, RoleArn: 'arn:aws:iam::000000000000:role/scheduler', Input: '{"campaignId":"c1","scheduledTime":"<aws.scheduler.scheduled-time>"}' },
  ...extra,
});

describe('LocalSchedulerService firing', () => {
  it('fires a cron at each occurrence in its time zone, with the scheduled time filled in', async () => {
    // Prepare: Friday 28 March 2025; Paris moves to summer time on Sunday 30 March
    const { clock, service, invocations, send } = setUp();
    send('POST', 'campaign-c1', schedule('cron(0 9 ? * MON-FRI *)'));

    // Act
    clock.advanceTo('2025-04-01T12:00:00Z');
    await service.idle();

    // Assess
    expect(invocations.map((call) => call.at)).toEqual(['2025-03-28T08:00:00.000Z', '2025-03-31T07:00:00.000Z', '2025-04-01T07:00:00.000Z']);
    expect(invocations[1]).toEqual({ at: '2025-03-31T07:00:00.000Z', targetArn, input: { campaignId: 'c1', scheduledTime: '2025-03-31T07:00:00Z' } });
  });

  it('fires a one-time schedule once and deletes it when ActionAfterCompletion is DELETE', async () => {
    // Prepare
    const { clock, service, invocations, send } = setUp();
    send('POST', 'campaign-c1', schedule('at(2025-03-28T10:30:00)', { ActionAfterCompletion: 'DELETE' }));

    // Act
    clock.advanceTo('2025-03-29T00:00:00Z');
    await service.idle();

    // Assess
    expect(invocations.map((call) => call.at)).toEqual(['2025-03-28T09:30:00.000Z']);
    const after = send('GET', 'campaign-c1', undefined, 'groupName=campaigns');
    expect(after.status).toBe(404);
    expect(after.headers['x-amzn-errortype']).toBe('ResourceNotFoundException');
  });

  it('fires at once a one-time schedule written during its own minute, and never one written later', async () => {
    // Prepare: 10:30 in Paris is 09:30Z; campaign time passed it between the API's check and the write
    const inItsMinute = setUp({ start: '2025-03-28T09:30:40Z' });
    const later = setUp({ start: '2025-03-28T09:32:00Z' });

    // Act
    for (const { send, clock } of [inItsMinute, later]) {
      send('POST', 'campaign-c1', schedule('at(2025-03-28T10:30:00)'));
      clock.advanceTo('2025-03-29T00:00:00Z');
    }
    await Promise.all([inItsMinute.service.idle(), later.service.idle()]);

    // Assess
    expect(inItsMinute.invocations.map((call) => call.at)).toEqual(['2025-03-28T09:30:40.000Z']);
    expect(later.invocations).toEqual([]);
  });

  it('keeps a one-time schedule after it fired when ActionAfterCompletion is NONE', () => {
    // Prepare
    const { clock, send } = setUp();
    send('POST', 'campaign-c1', schedule('at(2025-03-28T10:30:00)'));

    // Act
    clock.advanceTo('2025-03-29T00:00:00Z');

    // Assess
    expect(send('GET', 'campaign-c1', undefined, 'groupName=campaigns').json.ActionAfterCompletion).toBe('NONE');
  });

  it('does not fire a disabled schedule, and fires it once enabled', () => {
    // Prepare
    const { clock, invocations, send } = setUp();
    send('POST', 'campaign-c1', schedule('cron(0 9 * * ? *)', { State: 'DISABLED' }));
    clock.advanceTo('2025-03-29T12:00:00Z');
    const whileDisabled = invocations.length;

    // Act
    send('PUT', 'campaign-c1', schedule('cron(0 9 * * ? *)', { State: 'ENABLED' }));
    clock.advanceTo('2025-03-30T12:00:00Z');

    // Assess
    expect(whileDisabled).toBe(0);
    expect(invocations.map((call) => call.at)).toEqual(['2025-03-30T07:00:00.000Z']);
  });

  it('moves the next firing when the schedule is updated, with a clock that cannot cancel', () => {
    // Prepare
    const { clock, invocations, send } = setUp({ cancellable: false });
    send('POST', 'campaign-c1', schedule('at(2025-03-28T10:00:00)'));

    // Act
    send('PUT', 'campaign-c1', schedule('at(2025-03-28T11:00:00)'));
    clock.advanceTo('2025-03-28T09:30:00Z');
    const atTheOldTime = invocations.length;
    clock.advanceTo('2025-03-28T12:00:00Z');

    // Assess
    expect(atTheOldTime).toBe(0);
    expect(invocations.map((call) => call.at)).toEqual(['2025-03-28T10:00:00.000Z']);
  });

  it('cancels the firings it no longer wants when the clock can cancel', () => {
    // Prepare
    const { clock, send } = setUp({ cancellable: true });
    send('POST', 'campaign-c1', schedule('at(2025-03-28T10:00:00)'));
    send('POST', 'campaign-c2', schedule('cron(0 9 * * ? *)'));

    // Act
    send('PUT', 'campaign-c1', schedule('at(2025-03-28T11:00:00)'));
    send('DELETE', 'campaign-c2', undefined, 'groupName=campaigns');

    // Assess: only the updated one-time start is left on the clock
    expect(clock.timers.map((timer) => new Date(timer.at).toISOString())).toEqual(['2025-03-28T10:00:00.000Z']);
  });

  it('stops firing a deleted schedule', () => {
    // Prepare
    const { clock, invocations, send } = setUp();
    send('POST', 'campaign-c1', schedule('cron(0 9 * * ? *)'));

    // Act
    const deleted = send('DELETE', 'campaign-c1', undefined, 'groupName=campaigns');
    clock.advanceTo('2025-04-05T00:00:00Z');

    // Assess
    expect(deleted.status).toBe(200);
    expect(invocations).toEqual([]);
  });

  it('logs a failed invocation and still fires the next occurrence', async () => {
    // Prepare
    const { clock, service, invocations, logged, send } = setUp({ invoke: () => Promise.reject(new Error('starter down')) });
    send('POST', 'campaign-c1', schedule('cron(0 9 * * ? *)'));

    // Act
    clock.advanceTo('2025-03-29T12:00:00Z');
    await service.idle();

    // Assess
    expect(invocations).toHaveLength(2);
    expect(logged).toEqual([expect.stringContaining('starter down'), expect.stringContaining('starter down')]);
  });

  it('honours StartDate and EndDate of a recurring schedule', () => {
    // Prepare: from Monday 31 March to Wednesday 2 April 2025, 10:00Z
    const { clock, invocations, send } = setUp();
    send('POST', 'campaign-c1', schedule('cron(0 9 * * ? *)', { StartDate: Date.parse('2025-03-31T00:00:00Z') / 1000, EndDate: Date.parse('2025-04-02T10:00:00Z') / 1000 }));

    // Act
    clock.advanceTo('2025-04-10T00:00:00Z');

    // Assess
    expect(invocations.map((call) => call.at)).toEqual(['2025-03-31T07:00:00.000Z', '2025-04-01T07:00:00.000Z', '2025-04-02T07:00:00.000Z']);
  });
});

describe('LocalSchedulerService API', () => {
  it('answers a second create with 409 ConflictException', () => {
    // Prepare
    const { send } = setUp();
    send('POST', 'campaign-c1', schedule('cron(0 9 * * ? *)'));

    // Act
    const second = send('POST', 'campaign-c1', schedule('cron(0 10 * * ? *)'));

    // Assess
    expect(second.status).toBe(409);
    expect(second.headers['x-amzn-errortype']).toBe('ConflictException');
    expect(second.json.Message).toBe('Schedule campaign-c1 already exists.');
  });

  it('answers an update of a missing schedule with 404 ResourceNotFoundException', () => {
    // Act
    const reply = setUp().send('PUT', 'campaign-missing', schedule('cron(0 9 * * ? *)'));

    // Assess
    expect(reply.status).toBe(404);
    expect(reply.headers['x-amzn-errortype']).toBe('ResourceNotFoundException');
  });

  it('answers an expression it cannot read with 400 ValidationException naming the cron field', () => {
    // Act
    const reply = setUp().send('POST', 'campaign-c1', schedule('cron(0 9 ? * MON-SUN *)'));

    // Assess
    expect(reply.status).toBe(400);
    expect(reply.headers['x-amzn-errortype']).toBe('ValidationException');
    expect(reply.json.Message).toContain('day-of-week');
  });

  it('answers a name Scheduler would refuse with 400 ValidationException', () => {
    // Act
    const reply = setUp().send('POST', 'campaign c1', schedule('cron(0 9 * * ? *)'));

    // Assess
    expect(reply.status).toBe(400);
  });

  it('returns the stored schedule with its dates as epoch seconds, keeping CreationDate on update', () => {
    // Prepare
    const { clock, send } = setUp();
    send('POST', 'campaign-c1', schedule('cron(0 9 * * ? *)'));
    clock.advanceTo('2025-03-28T06:30:00Z');
    send('PUT', 'campaign-c1', schedule('cron(0 10 * * ? *)', { Description: 'Starts campaign c1' }));

    // Act
    const stored = send('GET', 'campaign-c1', undefined, 'groupName=campaigns').json;

    // Assess
    expect(stored).toMatchObject({
      Arn: 'arn:aws:scheduler:us-east-1:000000000000:schedule/campaigns/campaign-c1',
      ScheduleExpression: 'cron(0 10 * * ? *)',
      Description: 'Starts campaign c1',
      State: 'ENABLED',
      CreationDate: Date.parse('2025-03-28T06:00:00Z') / 1000,
      LastModificationDate: Date.parse('2025-03-28T06:30:00Z') / 1000,
    });
  });

  it('keeps schedules of different groups apart', () => {
    // Prepare
    const { send } = setUp();
    send('POST', 'campaign-c1', schedule('cron(0 9 * * ? *)'));

    // Act
    const inDefaultGroup = send('GET', 'campaign-c1');

    // Assess
    expect(inDefaultGroup.status).toBe(404);
  });

  it('lists schedules by group and name prefix, a page at a time', () => {
    // Prepare
    const { send } = setUp();
    for (const name of ['campaign-a', 'campaign-b', 'campaign-c', 'other']) send('POST', name, schedule('cron(0 9 * * ? *)'));

    // Act
    const first = send('GET', '', undefined, 'ScheduleGroup=campaigns&NamePrefix=campaign-&MaxResults=2').json;
    const second = send('GET', '', undefined, `ScheduleGroup=campaigns&NamePrefix=campaign-&MaxResults=2&NextToken=${first.NextToken}`).json;

    // Assess
    expect(first.Schedules.map((summary: any) => summary.Name)).toEqual(['campaign-a', 'campaign-b']);
    expect(second.Schedules.map((summary: any) => summary.Name)).toEqual(['campaign-c']);
    expect(second.NextToken).toBeUndefined();
    expect(first.Schedules[0].Target).toEqual({ Arn: targetArn });
  });
});

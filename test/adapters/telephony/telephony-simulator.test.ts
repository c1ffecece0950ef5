// The telephony simulator's scripting, driven by a fake schedule: which outcome each call gets, and when it ends.
import { describe, expect, it } from 'vitest';
import { mapProviderEvent } from '../../../functions/domain/dialer/provider-outcome.ts';
import { TelephonySimulator, type SimulatedCall } from '../../../local/telephony-simulator.ts';
import { FakeScheduler } from './fake-scheduler.ts';

const office = '+447700900101';
const holiday = '+447700900102';

function dial(simulator: TelephonySimulator, attemptId: string, destination: string) {
  return simulator.handle('POST', '/calls', { attemptId, destination, campaignId: 'campaign-1', contactId: 'contact-1' });
}

function callsTo(simulator: TelephonySimulator, destination?: string): SimulatedCall[] {
  const query = destination === undefined ? '' : `?destination=${encodeURIComponent(destination)}`;
  return (simulator.handle('GET', `/calls${query}`, undefined).body as { calls: SimulatedCall[] }).calls;
}

describe('TelephonySimulator', () => {
  it('ends every unscripted call with NO_ANSWER at once', async () => {
    // Prepare
    const scheduler = new FakeScheduler();
    const simulator = new TelephonySimulator(scheduler.options);

    // Act
    const placed = dial(simulator, 'a-1', office);
    await scheduler.runDue();

    // Assess
    expect(placed).toEqual({ status: 201, body: { providerCallId: 'sim-000001' } });
    expect(scheduler.delivered.map((event) => event.detail)).toEqual([
      { providerCallId: 'sim-000001', attemptId: 'a-1', status: 'NO_ANSWER', startedAt: '2026-03-02T10:00:00.000Z', endedAt: '2026-03-02T10:00:00.000Z' },
    ]);
  });

  it('plays a number script one outcome per call, the last one repeating, each after its duration', async () => {
    // Prepare
    const scheduler = new FakeScheduler();
    const simulator = new TelephonySimulator(scheduler.options);
    const scripted = simulator.handle('PUT', `/scripts/${encodeURIComponent(office)}`, [
      { status: 'NO_ANSWER', durationSeconds: 30 },
      { status: 'BUSY', durationSeconds: 5 },
      { status: 'REACHED', durationSeconds: 120 },
    ]);

    // Act
    for (const attempt of ['a-1', 'a-2', 'a-3', 'a-4']) dial(simulator, attempt, office);

    // Assess
    expect(scripted.status).toBe(200);
    expect(callsTo(simulator).map((call) => call.status)).toEqual(['NO_ANSWER', 'BUSY', 'REACHED', 'REACHED']);
    expect(scheduler.scheduledTimes).toEqual(['2026-03-02T10:00:30.000Z', '2026-03-02T10:00:05.000Z', '2026-03-02T10:02:00.000Z', '2026-03-02T10:02:00.000Z']);
  });

  it('emits nothing before a call has lasted its duration, then the EventBridge event the outcome mapping reads', async () => {
    // Prepare
    const scheduler = new FakeScheduler();
    const simulator = new TelephonySimulator(scheduler.options);
    simulator.handle('PUT', `/scripts/${office}`, [{ status: 'MACHINE', durationSeconds: 40 }]);
    dial(simulator, 'a-1', office);

    // Act
    scheduler.advanceSeconds(39);
    await scheduler.runDue();
    const early = scheduler.delivered.length;
    scheduler.advanceSeconds(1);
    await scheduler.runDue();

    // Assess
    expect(early).toBe(0);
    expect(scheduler.delivered).toHaveLength(1);
    const event = scheduler.delivered[0]!;
    expect(event).toMatchObject({ source: 'contactable.telephony-simulator', 'detail-type': 'Simulated Call Ended', time: '2026-03-02T10:00:40.000Z' });
    expect(mapProviderEvent(event)).toEqual({ outcome: 'terminal', providerCallId: 'sim-000001', attemptId: 'a-1', status: 'MACHINE', endedAt: '2026-03-02T10:00:40.000Z', cause: 'simulated MACHINE' });
    expect(callsTo(simulator)[0]!.delivered).toBe(true);
  });

  it('uses the default script for numbers without their own, each number at its own place in it', () => {
    // Prepare
    const scheduler = new FakeScheduler();
    const simulator = new TelephonySimulator(scheduler.options);
    simulator.handle('PUT', '/scripts/default', { outcomes: [{ status: 'NO_ANSWER' }, { status: 'REACHED' }] });
    simulator.handle('PUT', `/scripts/${holiday}`, [{ status: 'BUSY' }]);

    // Act
    dial(simulator, 'a-1', office);
    dial(simulator, 'a-2', '+447700900103');
    dial(simulator, 'a-3', office);
    dial(simulator, 'a-4', holiday);

    // Assess
    expect(callsTo(simulator).map((call) => [call.attemptId, call.status])).toEqual([
      ['a-1', 'NO_ANSWER'],
      ['a-2', 'NO_ANSWER'],
      ['a-3', 'REACHED'],
      ['a-4', 'BUSY'],
    ]);
    expect(callsTo(simulator, holiday).map((call) => call.attemptId)).toEqual(['a-4']);
  });

  it('answers a repeated attempt with the same call and schedules its end once', () => {
    // Prepare
    const scheduler = new FakeScheduler();
    const simulator = new TelephonySimulator(scheduler.options);
    simulator.handle('PUT', `/scripts/${office}`, [{ status: 'NO_ANSWER' }, { status: 'REACHED' }]);
    const first = dial(simulator, 'a-1', office);

    // Act
    const again = dial(simulator, 'a-1', office);
    const elsewhere = dial(simulator, 'a-1', holiday);

    // Assess
    expect(again).toEqual({ status: 200, body: first.body });
    expect(elsewhere.status).toBe(409);
    expect(callsTo(simulator)).toHaveLength(1);
    expect(scheduler.scheduledTimes).toHaveLength(1);
    expect(dial(simulator, 'a-2', office).body).toEqual({ providerCallId: 'sim-000002' });
    expect(callsTo(simulator, office).map((call) => call.status)).toEqual(['NO_ANSWER', 'REACHED']);
  });

  it('refuses placements as scripted, dialling nothing, and lets a retry of the attempt take the next step', () => {
    // Prepare
    const scheduler = new FakeScheduler();
    const simulator = new TelephonySimulator(scheduler.options);
    simulator.handle('PUT', `/scripts/${office}`, [{ placement: 'unavailable' }, { placement: 'destination-rejected' }, { status: 'REACHED' }]);

    // Act
    const replies = [dial(simulator, 'a-1', office), dial(simulator, 'a-1', office), dial(simulator, 'a-1', office)];

    // Assess
    expect(replies.map((reply) => [reply.status, (reply.body as { error?: string }).error])).toEqual([
      [503, 'unavailable'],
      [422, 'destination_rejected'],
      [201, undefined],
    ]);
    expect(callsTo(simulator)).toHaveLength(1);
  });

  it('draws random durations within the range, the same for the same seed', () => {
    // Prepare
    const script = { outcomes: [{ status: 'NO_ANSWER', durationSeconds: { min: 10, max: 50 } }], seed: 42 };
    const runs = [new FakeScheduler(), new FakeScheduler(), new FakeScheduler()];
    const simulators = runs.map((run) => new TelephonySimulator(run.options));
    simulators[0]!.handle('PUT', `/scripts/${office}`, script);
    simulators[1]!.handle('PUT', `/scripts/${office}`, script);
    simulators[2]!.handle('PUT', `/scripts/${office}`, { ...script, seed: 7 });

    // Act
    for (const simulator of simulators) for (let call = 1; call <= 20; call += 1) dial(simulator, `a-${call}`, office);

    // Assess
    const durations = simulators.map((simulator) => callsTo(simulator).map((call) => (Date.parse(call.endedAt) - Date.parse(call.startedAt)) / 1000));
    expect(durations[0]).toEqual(durations[1]);
    expect(durations[0]).not.toEqual(durations[2]);
    expect(durations.flat().every((seconds) => Number.isInteger(seconds) && seconds >= 10 && seconds <= 50)).toBe(true);
    expect(new Set(durations[0]).size).toBeGreaterThan(5);
  });

  it('forgets scripts and their positions on reset', () => {
    // Prepare
    const scheduler = new FakeScheduler();
    const simulator = new TelephonySimulator(scheduler.options);
    simulator.handle('PUT', `/scripts/${office}`, [{ status: 'REACHED' }]);
    dial(simulator, 'a-1', office);

    // Act
    const reset = simulator.handle('DELETE', '/scripts', undefined);
    dial(simulator, 'a-2', office);

    // Assess
    expect(reset.status).toBe(204);
    expect(callsTo(simulator, office).map((call) => call.status)).toEqual(['REACHED', 'NO_ANSWER']);
  });

  it.each([
    ['AGENT_REJECT, which only the preview flow sets', `/scripts/${office}`, [{ status: 'AGENT_REJECT' }]],
    ['an unknown status', `/scripts/${office}`, [{ status: 'RINGING' }]],
    ['an empty script', `/scripts/${office}`, []],
    ['a negative duration', `/scripts/${office}`, [{ status: 'BUSY', durationSeconds: -1 }]],
    ['a number that is not E.164', '/scripts/07700900101', [{ status: 'BUSY' }]],
  ])('refuses a script with %s', (_case, path, body) => {
    // Prepare
    const simulator = new TelephonySimulator(new FakeScheduler().options);

    // Act
    const reply = simulator.handle('PUT', path, body);

    // Assess
    expect(reply.status).toBe(400);
    expect(reply.body).toMatchObject({ error: 'invalid_request' });
  });
});

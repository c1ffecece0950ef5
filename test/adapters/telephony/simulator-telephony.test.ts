// The simulator adapter against the telephony simulator served on a real local HTTP server, mounted as the local
// runtime mounts it.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SimulatorTelephony } from '../../../functions/adapters/telephony/simulator-telephony.ts';
import { createTelephony } from '../../../functions/adapters/telephony/telephony-factory.ts';
import { mapProviderEvent } from '../../../functions/domain/dialer/provider-outcome.ts';
import { DestinationRejectedError, TelephonyRequestRejectedError, TelephonyUnavailableError, type PlaceCallRequest } from '../../../functions/ports/telephony.ts';
import { TelephonySimulator, type SimulatedCall } from '../../../local/telephony-simulator.ts';
import { FakeScheduler } from './fake-scheduler.ts';

const mount = '/_local/telephony';
const scheduler = new FakeScheduler();
const simulator = new TelephonySimulator(scheduler.options);
let server: Server;
let baseUrl: string;

beforeAll(async () => {
  server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    if (url.pathname.startsWith(`${mount}/`)) void simulator.serve(request, response, url.pathname.slice(mount.length) + url.search);
    else response.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}${mount}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

let numbers = 0;
/** A number of the UK drama range of its own, so the tests' scripts never meet. */
function freshNumber(): string {
  numbers += 1;
  return `+4477009002${String(numbers).padStart(2, '0')}`;
}

const callTo = (destination: string, attemptId = crypto.randomUUID()): PlaceCallRequest => ({ attemptId, destination, campaignId: 'campaign-3', contactId: 'contact-3', backend: { type: 'simulator' } });

async function script(destination: string, outcomes: unknown[]): Promise<void> {
  const response = await fetch(`${baseUrl}/scripts/${encodeURIComponent(destination)}`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(outcomes) });
  expect(response.status).toBe(200);
}

async function dialled(destination: string): Promise<SimulatedCall[]> {
  return ((await (await fetch(`${baseUrl}/calls?destination=${encodeURIComponent(destination)}`)).json()) as { calls: SimulatedCall[] }).calls;
}

describe('SimulatorTelephony', () => {
  it('places a call, once per attempt, and the simulator ends it with the scripted outcome', async () => {
    // Prepare
    const destination = freshNumber();
    await script(destination, [{ status: 'BUSY', durationSeconds: 12 }]);
    const telephony = new SimulatorTelephony(`${baseUrl}/`);
    const request = callTo(destination);

    // Act
    const first = await telephony.placeCall(request);
    const repeated = await telephony.placeCall(request);
    scheduler.advanceSeconds(12);
    await scheduler.runDue();

    // Assess
    expect(repeated).toEqual(first);
    expect((await dialled(destination)).map((call) => [call.attemptId, call.providerCallId, call.campaignId, call.contactId])).toEqual([[request.attemptId, first.providerCallId, 'campaign-3', 'contact-3']]);
    const event = scheduler.delivered.find((candidate) => candidate.detail.providerCallId === first.providerCallId)!;
    expect(mapProviderEvent(event)).toMatchObject({ outcome: 'terminal', providerCallId: first.providerCallId, status: 'BUSY' });
  });

  it.each([
    ['destination-rejected', DestinationRejectedError],
    ['unavailable', TelephonyUnavailableError],
  ] as const)('raises the named error for a scripted %s placement', async (placement, errorClass) => {
    // Prepare
    const destination = freshNumber();
    await script(destination, [{ placement }]);

    // Act
    const attempt = new SimulatorTelephony(baseUrl).placeCall(callTo(destination));

    // Assess
    await expect(attempt).rejects.toBeInstanceOf(errorClass);
    expect(await dialled(destination)).toEqual([]);
  });

  it('reports a simulator that does not answer as unavailable', async () => {
    // Prepare
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));

    // Act
    const attempt = new SimulatorTelephony(`http://127.0.0.1:${port}${mount}`).placeCall(callTo(freshNumber()));

    // Assess
    await expect(attempt).rejects.toMatchObject({ name: 'TelephonyUnavailableError', reason: 'unavailable' });
  });

  it('dials through the factory only where the simulator is configured', async () => {
    // Prepare
    const destination = freshNumber();
    const local = createTelephony({ simulatorBaseUrl: baseUrl });
    const deployed = createTelephony({});

    // Act
    const placed = await local.placeCall(callTo(destination));
    const refused = await deployed.placeCall(callTo(destination)).catch((caught: unknown) => caught);

    // Assess
    expect(placed.providerCallId).toMatch(/^sim-\d{6}$/);
    expect(refused).toBeInstanceOf(TelephonyRequestRejectedError);
    expect(await dialled(destination)).toHaveLength(1);
  });
});

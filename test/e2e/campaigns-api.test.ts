// Campaigns through the local HTTP API, as an operator drives them: create, read, list, update, delete, enrol.
// Starting runs, schedules (the local runtime's virtual clock jumps to the next scheduled start) and History need
// executions to run: those tests live with the workflow's.
import { describe, expect, inject, it } from 'vitest';
import { authorization, call, uniqueName } from '../support/api.ts';
import { usNumber } from '../support/phone-numbers.ts';

async function campaign(body: Record<string, unknown> = {}) {
  const created = await call('POST', '/campaigns', { name: uniqueName('Campaign'), ...body });
  expect(created.status).toBe(201);
  return created.body;
}

async function contact() {
  const created = await call('POST', '/contacts', { displayName: uniqueName('Contact'), primaryPhone: { number: usNumber() } });
  expect(created.status).toBe(201);
  return created.body;
}

describe('campaigns API', () => {
  it("creates a draft with XCALLY's defaults under its settings, and reads it back", async () => {
    // Act
    const created = await call('POST', '/campaigns', {
      name: 'Renewals',
      settings: { retries: { BUSY: { maxRetries: 5 } }, callingWindow: { timeZone: 'Europe/Paris' }, strategy: 'agentless', telephony: { type: 'eum-voice', originationIdentity: 'pool-1', messageBody: 'Hello', messageBodyType: 'TEXT' } },
    });

    // Assess
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: 'Renewals', status: 'DRAFT', schedule: null, run: null, version: 1 });
    expect(created.body.settings).toMatchObject({ globalMaxRetries: 4, retries: { BUSY: { maxRetries: 5, retryDelayMinutes: 150 }, NO_ANSWER: { maxRetries: 3, retryDelayMinutes: 150 } }, callingWindow: { timeZone: 'Europe/Paris', start: '09:00' } });
    const fetched = await call('GET', `/campaigns/${created.body.id}`);
    expect(fetched).toEqual({ status: 200, body: created.body });
  });

  it('rejects invalid settings with 400 naming the field', async () => {
    // Act
    const retries = await call('POST', '/campaigns', { name: 'X', settings: { retries: { BUSY: { maxRetries: 0 } } } });
    const unknownStatus = await call('POST', '/campaigns', { name: 'X', settings: { retries: { RINGING: { maxRetries: 2 } } } });
    const connect = await call('POST', '/campaigns', { name: 'X', settings: { telephony: { type: 'connect', instanceId: 'i', contactFlowId: 'f', answeringMachineDetection: true } } });
    const backendType = await call('POST', '/campaigns', { name: 'X', settings: { telephony: { type: 'pstn' } } });
    const window = await call('POST', '/campaigns', { name: 'X', settings: { callingWindow: { start: '20:00', end: '08:00' } } });
    const agentless = await call('POST', '/campaigns', { name: 'X', settings: { strategy: 'agentless', telephony: { type: 'connect', instanceId: 'i', contactFlowId: 'f', answeringMachineDetection: false, queueId: 'q' } } });
    const zone = await call('POST', '/campaigns', { name: 'X', settings: { callingWindow: { timeZone: 'Mars/Olympus' } } });

    // Assess
    expect(retries).toMatchObject({ status: 400, body: { error: 'invalid_input', field: 'settings.retries.BUSY.maxRetries' } });
    expect(unknownStatus).toMatchObject({ status: 400, body: { field: 'settings.retries' } });
    expect(connect).toMatchObject({ status: 400, body: { field: 'settings.telephony.queueId' } });
    expect(backendType).toMatchObject({ status: 400, body: { field: 'settings.telephony.type' } });
    expect(window).toMatchObject({ status: 400, body: { field: 'settings.callingWindow.end' } });
    expect(agentless).toMatchObject({ status: 400, body: { field: 'settings.telephony' } });
    expect(zone).toMatchObject({ status: 400, body: { field: 'settings.callingWindow.timeZone' } });
  });

  it('rejects a one-off start in the past and a malformed cron, naming the field', async () => {
    // Act
    const past = await call('POST', '/campaigns', { name: 'X', schedule: { kind: 'at', at: '2020-01-01T10:00:00', timeZone: 'UTC' } });
    const cron = await call('POST', '/campaigns', { name: 'X', schedule: { kind: 'cron', expression: '0 10 * * *', timeZone: 'UTC' } });

    // Assess
    expect(past).toMatchObject({ status: 400, body: { field: 'schedule.at' } });
    expect(past.body.reason).toMatch(/past/);
    expect(cron).toMatchObject({ status: 400, body: { field: 'schedule.expression' } });
  });

  it('merges an update over the current settings, and answers 409 to a stale version', async () => {
    // Prepare
    const created = await campaign({ settings: { retries: { BUSY: { maxRetries: 5 } } } });

    // Act
    const updated = await call('PUT', `/campaigns/${created.id}`, { version: 1, name: 'Renamed', settings: { retries: { BUSY: { retryDelayMinutes: 10 } } } });
    const stale = await call('PUT', `/campaigns/${created.id}`, { version: 1, name: 'Lost' });

    // Assess
    expect(updated).toMatchObject({ status: 200, body: { name: 'Renamed', version: 2, settings: { retries: { BUSY: { maxRetries: 5, retryDelayMinutes: 10 } } } } });
    expect(stale).toMatchObject({ status: 409, body: { error: 'version_conflict' } });
    expect((await call('GET', `/campaigns/${created.id}`)).body.name).toBe('Renamed');
  });

  it('lists campaigns a page at a time', async () => {
    // Prepare
    const mine = [await campaign(), await campaign(), await campaign()];

    // Act
    const seen: any[] = [];
    let cursor: string | undefined;
    do {
      const page = await call('GET', `/campaigns?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      expect(page.status).toBe(200);
      expect(page.body.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.body.items);
      cursor = page.body.cursor;
    } while (cursor);

    // Assess: each once, in creation order (campaigns created at the same instant, by id)
    const keys = seen.map((item) => `${item.createdAt}#${item.id}`);
    expect(keys).toEqual([...keys].sort());
    expect(new Set(keys).size).toBe(keys.length);
    expect(seen.map((item) => item.id)).toEqual(expect.arrayContaining(mine.map((item) => item.id)));
  });

  it('answers 404 for an unknown campaign on every route', async () => {
    // Act
    const replies = await Promise.all([
      call('GET', '/campaigns/nope'),
      call('PUT', '/campaigns/nope', { version: 1, name: 'X' }),
      call('DELETE', '/campaigns/nope'),
      call('POST', '/campaigns/nope/contacts', { contactIds: ['c'] }),
      call('POST', '/campaigns/nope/start'),
      call('POST', '/campaigns/nope/stop'),
      call('GET', '/campaigns/nope/history'),
      call('GET', '/campaigns/nope/final'),
      call('GET', '/campaigns/nope/preview'),
      call('POST', '/campaigns/nope/preview/someone/accept'),
      call('POST', '/campaigns/nope/preview/someone/reject'),
    ]);

    // Assess
    expect(replies.map((reply) => reply.status)).toEqual([404, 404, 404, 404, 404, 404, 404, 404, 404, 404, 404]);
    expect(replies[0]!.body).toMatchObject({ error: 'not_found' });
  });

  it('enrols contacts by id, reporting unknown ids, and once only', async () => {
    // Prepare
    const created = await campaign();
    const [a, b] = [await contact(), await contact()];

    // Act
    const first = await call('POST', `/campaigns/${created.id}/contacts`, { contactIds: [a.id, 'ghost'] });
    const second = await call('POST', `/campaigns/${created.id}/contacts`, { contactIds: [a.id, b.id] });
    const both = await call('POST', `/campaigns/${created.id}/contacts`, { contactIds: [a.id], importId: 'x' });

    // Assess
    expect(first).toEqual({ status: 200, body: { enrolled: 1, alreadyEnrolled: 0, unknownContactIds: ['ghost'] } });
    expect(second).toEqual({ status: 200, body: { enrolled: 1, alreadyEnrolled: 1, unknownContactIds: [] } });
    expect(both).toMatchObject({ status: 400, body: { field: 'contactIds' } });
  });

  it('enrols every contact of a completed import', async () => {
    // Prepare
    const created = await campaign();
    const csv = ['Name,Primary phone', `Ada,${usNumber()}`, `Bob,${usNumber()}`, 'Cy,not a number', ''].join('\n');
    const started = await call('POST', '/imports', {});
    await fetch(started.body.uploadUrl, { method: 'PUT', headers: { 'content-type': 'text/csv' }, body: csv });
    let job = started.body;
    for (let attempt = 0; attempt < 300 && job.status !== 'COMPLETED' && job.status !== 'FAILED'; attempt += 1) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      job = (await call('GET', `/imports/${started.body.id}`)).body;
    }

    // Act
    const enrolled = await call('POST', `/campaigns/${created.id}/contacts`, { importId: job.id });

    // Assess
    expect(job.status).toBe('COMPLETED');
    expect(enrolled).toEqual({ status: 200, body: { enrolled: 2, alreadyEnrolled: 0, unknownContactIds: [] } });
  });

  it('deletes a campaign that never ran', async () => {
    // Prepare
    const created = await campaign();

    // Act
    const deleted = await call('DELETE', `/campaigns/${created.id}`);

    // Assess
    expect(deleted).toEqual({ status: 200, body: { deleted: created.id, stoppedExecutions: 0 } });
    expect((await call('GET', `/campaigns/${created.id}`)).status).toBe(404);
  });

  it('exports an empty History as a CSV with its header, and describes the campaign routes in OpenAPI', async () => {
    // Prepare
    const created = await campaign();

    // Act
    const response = await fetch(`${inject('apiUrl')}/campaigns/${created.id}/history.csv`, { headers: await authorization() });
    const openapi = await call('GET', '/openapi.json');

    // Assess
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(await response.text()).toMatch(/^contactId,attemptId,round,phone,label,itemTypeId,status,cause,startedAt,endedAt,countGlobal,countNO_ANSWER,.*\r\n$/);
    expect(Object.keys(openapi.body.paths)).toEqual(expect.arrayContaining(['/campaigns', '/campaigns/{campaignId}', '/campaigns/{campaignId}/history.csv', '/campaigns/{campaignId}/preview']));
    const reject = openapi.body.paths['/campaigns/{campaignId}/preview/{contactId}/reject'].post;
    expect(reject.requestBody.required).toBe(false);
    expect(reject.parameters.map((parameter: any) => parameter.name)).toEqual(['campaignId', 'contactId']);
    expect(Object.keys(openapi.body.paths['/campaigns/{campaignId}/preview/{contactId}/accept'].post.responses)).toEqual(['202', '401', '403', '404', '409']);
  });
});

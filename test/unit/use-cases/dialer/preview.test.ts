// Preview campaigns (DESIGN §5 rule 5) over in-memory ports: the call task offers the strategy's number, an agent
// accepts it (dialled once, as any call) or rejects it (AGENT_REJECT on that number), and an offer nobody takes
// within the call task's timeout is offered again, counting nothing.
import { describe, it, expect } from 'vitest';
import { buildContact } from '#domain/contact';
import type { Campaign } from '#domain/dialer/campaign';
import { previewNotice } from '#domain/dialer/preview-offer';
import { attemptIdOf, type WorkflowData } from '#domain/dialer/workflow-data';
import { ConflictError, NotFoundError } from '#domain/errors';
import { placeCall } from '#domain/use-cases/dialer/place-call';
import { acceptPreviewOffer, listPreviewOffers, rejectPreviewOffer, type PreviewDependencies } from '#domain/use-cases/dialer/preview';
import { recordCallOutcome } from '#domain/use-cases/dialer/record-call-outcome';
import { recordLostCall } from '#domain/use-cases/dialer/record-lost-call';
import { InMemoryCampaignRepository } from '../../fakes/in-memory-campaign-repository.ts';
import { InMemoryContactRepository } from '../../fakes/in-memory-contact-repository.ts';
import type { RecordingWorkflowEngine } from '../../fakes/recording-workflow-engine.ts';
import { callTask, dialerSetup, executionOf, numbers, seedSettings, seedStart, seedWorkflow, type SeedOptions } from './dialer-fixtures.ts';

const page = { limit: 25, cursor: undefined };

/** The seed contact in a running preview campaign, its first call due now (Monday 10:00, inside the window). */
async function previewSetup(options: { now?: string; status?: Campaign['status']; seed?: SeedOptions } = {}) {
  const setup = dialerSetup(options.now ?? seedStart);
  const campaigns = new InMemoryCampaignRepository();
  const contacts = new InMemoryContactRepository();
  const settingsInput = { strategy: 'preview' as const, ...options.seed?.settings };
  const now = setup.clock.now().toISOString();
  await campaigns.create({ id: 'campaign-1', name: 'Preview', settings: seedSettings(settingsInput), schedule: undefined, status: options.status ?? 'RUNNING', runId: 'run-1', version: 1, createdAt: now, updatedAt: now });
  await contacts.create(buildContact('contact-1', { displayName: 'Ada Lovelace', primaryPhone: { number: numbers.primary, kind: 'MOBILE' } }, { defaultRegion: 'FR', knownItemTypeIds: new Set(), now }));
  const deps: PreviewDependencies = { ...setup.deps, campaigns, contacts };
  const workflow = seedWorkflow({ ...options.seed, settings: settingsInput });
  return { ...setup, deps, campaigns, workflow };
}

/** What the execution last resumed with: the state machine's next input. */
function lastResumed({ workflows }: { workflows: RecordingWorkflowEngine }): WorkflowData {
  const outputs = workflows.resumedOutputs();
  expect(outputs.length).toBeGreaterThan(0);
  return outputs.at(-1)!;
}

describe('preview: the call task offers instead of dialling', () => {
  it('stores one offer for the planned phone, dials nothing, takes no line, and lists it with the notice', async () => {
    // Prepare
    const { deps, calls, telephony, workflows, workflow } = await previewSetup();

    // Act
    const first = await placeCall(deps, callTask(workflow));
    const again = await placeCall(deps, callTask(workflow));
    const listed = await listPreviewOffers(deps, 'campaign-1', page);

    // Assess
    expect([first, again]).toEqual(['offered', 'duplicate']);
    expect(telephony.requests).toEqual([]);
    expect(await calls.linesInUse('campaign-1')).toBe(0);
    expect(await calls.getAttempt(attemptIdOf(executionOf(workflow), 1))).toBeUndefined();
    expect(workflows.resumes).toEqual([]); // the execution keeps waiting on the call task
    expect(listed.items).toHaveLength(1);
    expect(listed.items[0]).toMatchObject({ displayName: 'Ada Lovelace', acceptBy: '2025-03-03T10:10:00.000Z', offer: { attemptId: attemptIdOf(executionOf(workflow), 1), phoneIndex: 0, offeredAt: seedStart } });
    expect(listed.items[0]!.offer.workflow.dial.phones[0]).toMatchObject({ number: numbers.primary, label: 'Primary' });
    expect(previewNotice).toMatch(/strategy chose this number, not the agent/);
  });

  it('lists offers oldest first, a page at a time, and none while the campaign is not running', async () => {
    // Prepare
    const { deps, clock, campaigns } = await previewSetup();
    for (const contactId of ['contact-b', 'contact-a', 'contact-c']) {
      await placeCall(deps, callTask(seedWorkflow({ contactId, settings: { strategy: 'preview' } })));
      clock.advanceMinutes(1);
    }

    // Act
    const first = await listPreviewOffers(deps, 'campaign-1', { limit: 2, cursor: undefined });
    const second = await listPreviewOffers(deps, 'campaign-1', { limit: 2, cursor: first.cursor });
    const campaign = (await campaigns.get('campaign-1'))!;
    await campaigns.update(campaign, { ...campaign, status: 'STOPPED', version: 2 });
    const stopped = await listPreviewOffers(deps, 'campaign-1', page);

    // Assess
    expect([...first.items, ...second.items].map((item) => item.offer.workflow.contactId)).toEqual(['contact-b', 'contact-a', 'contact-c']);
    expect(second.cursor).toBeUndefined();
    expect(first.items[0]!.displayName).toBeUndefined(); // not a stored contact
    expect(stopped.items).toEqual([]);
  });
});

describe('preview: accept', () => {
  it('takes the offer, claims a line, dials that number once with the stored token, and records its outcome', async () => {
    // Prepare
    const { deps, calls, telephony, workflows, workflow } = await previewSetup();
    await placeCall(deps, callTask(workflow));
    telephony.script(numbers.primary, { providerCallId: 'connect-1' });

    // Act
    const accepted = await acceptPreviewOffer(deps, 'campaign-1', 'contact-1');
    const linesWhileRinging = await calls.linesInUse('campaign-1');
    const outcome = await recordCallOutcome(deps, { providerCallId: 'connect-1', status: 'REACHED', endedAt: '2025-03-03T10:04:00.000Z' });

    // Assess
    const attemptId = attemptIdOf(executionOf(workflow), 1);
    expect(accepted.result).toBe('placed');
    expect(accepted.offer.attemptId).toBe(attemptId);
    expect(telephony.requests.map((request) => [request.destination, request.attemptId])).toEqual([[numbers.primary, attemptId]]);
    expect(linesWhileRinging).toBe(1);
    expect(outcome).toBe('recorded');
    expect(calls.historyRows().map((row) => [row.label, row.status, row.startedAt])).toEqual([['Primary', 'REACHED', seedStart]]);
    expect(calls.finalRows().map((row) => row.reason)).toEqual(['REACHED']);
    expect(workflows.resumes.map((resume) => [resume.taskToken, resume.answer])).toEqual([[callTask(workflow).taskToken, 'resumed']]);
    expect((await listPreviewOffers(deps, 'campaign-1', page)).items).toEqual([]);
    expect(await calls.linesInUse('campaign-1')).toBe(0);
  });

  it('answers 409 to a second accept, and lets only one of two agents accepting at once dial', async () => {
    // Prepare
    const { deps, telephony, workflow } = await previewSetup();
    await placeCall(deps, callTask(workflow));

    // Act
    const racing = await Promise.allSettled([acceptPreviewOffer(deps, 'campaign-1', 'contact-1'), acceptPreviewOffer(deps, 'campaign-1', 'contact-1')]);
    const later = acceptPreviewOffer(deps, 'campaign-1', 'contact-1');

    // Assess
    expect(racing.map((settled) => settled.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect((racing.find((settled) => settled.status === 'rejected') as PromiseRejectedResult).reason).toBeInstanceOf(ConflictError);
    await expect(later).rejects.toThrow(ConflictError);
    await expect(later).rejects.toThrow(/taken already/);
    expect(telephony.requests).toHaveLength(1);
  });

  it('keeps the offer open and dials nothing when no line is free; accepted again once a line is free, it dials', async () => {
    // Prepare: the campaign's two lines are busy with other contacts' calls
    const { deps, calls, telephony, workflow } = await previewSetup();
    const busy = ['busy-1', 'busy-2'].map((contactId) => {
      const other = seedWorkflow({ contactId });
      return { attemptId: attemptIdOf(executionOf(other), 1), executionName: executionOf(other), taskToken: 't', workflow: other, phoneIndex: 0, startedAt: seedStart, status: 'DIALLING' as const };
    });
    for (const attempt of busy) expect(await calls.claim(attempt, 2)).toBe('claimed');
    await placeCall(deps, callTask(workflow));

    // Act
    const refused = await acceptPreviewOffer(deps, 'campaign-1', 'contact-1').catch((error: unknown) => error);
    const listedMeanwhile = await listPreviewOffers(deps, 'campaign-1', page);
    const attemptMeanwhile = await calls.getAttempt(attemptIdOf(executionOf(workflow), 1));
    const dialledMeanwhile = telephony.requests.length;
    await calls.abandon(busy[0]!);
    const accepted = await acceptPreviewOffer(deps, 'campaign-1', 'contact-1');

    // Assess
    expect(refused).toBeInstanceOf(ConflictError);
    expect((refused as Error).message).toMatch(/every line of the campaign is busy: the offer stays open/);
    expect(dialledMeanwhile).toBe(0);
    expect(listedMeanwhile.items).toHaveLength(1);
    expect(attemptMeanwhile).toBeUndefined();
    expect(accepted.result).toBe('placed');
    expect(telephony.dialled(numbers.primary)).toHaveLength(1);
  });

  it('answers 404 for an unknown campaign, and for a contact with no offer', async () => {
    // Prepare
    const { deps, workflow } = await previewSetup();
    await placeCall(deps, callTask(workflow));

    // Act
    const unknownCampaign = acceptPreviewOffer(deps, 'nope', 'contact-1');
    const unknownContact = rejectPreviewOffer(deps, 'campaign-1', 'contact-2', undefined);

    // Assess
    await expect(unknownCampaign).rejects.toThrow(NotFoundError);
    await expect(unknownContact).rejects.toThrow(NotFoundError);
  });

  it('offers the number afresh instead of dialling an offer older than the accept time', async () => {
    // Prepare
    const { deps, telephony, clock, workflows, workflow } = await previewSetup();
    await placeCall(deps, callTask(workflow));
    clock.advanceMinutes(11);

    // Act
    const refused = acceptPreviewOffer(deps, 'campaign-1', 'contact-1');

    // Assess
    await expect(refused).rejects.toThrow(/offered again/);
    expect(telephony.requests).toEqual([]);
    expect(lastResumed({ workflows })).toMatchObject({ attempt: 2, next: { kind: 'call', phoneIndex: 0, at: '2025-03-03T10:11:00.000Z' } });
    expect((await listPreviewOffers(deps, 'campaign-1', page)).items).toEqual([]);
  });

  it("checks the calling window before dialling: an offer accepted after closing time waits for the window's opening", async () => {
    // Prepare: offered at 19:55, accepted at 20:01 (the window is 09:00–20:00)
    const setup = await previewSetup({ now: '2025-03-03T19:55:00.000Z' });
    await placeCall(setup.deps, callTask(setup.workflow));
    setup.clock.advanceMinutes(6);

    // Act
    const refused = acceptPreviewOffer(setup.deps, 'campaign-1', 'contact-1');

    // Assess
    await expect(refused).rejects.toThrow(/calling window is closed/);
    expect(setup.telephony.requests).toEqual([]);
    expect(lastResumed(setup)).toMatchObject({ attempt: 2, next: { kind: 'call', phoneIndex: 0, at: '2025-03-04T09:00:00.000Z' } });
  });

  it("neither lists nor dials an offer left by a run that was stopped, once the campaign runs again", async () => {
    // Prepare: run-1 offered, was stopped, and the campaign was started again as run-2
    const { deps, campaigns, telephony, clock, workflow } = await previewSetup();
    await placeCall(deps, callTask(workflow));
    const campaign = (await campaigns.get('campaign-1'))!;
    await campaigns.update(campaign, { ...campaign, runId: 'run-2', version: 2 });
    clock.advanceMinutes(1);
    const secondRun = seedWorkflow({ runId: 'run-2', settings: { strategy: 'preview' } });

    // Act
    const before = await listPreviewOffers(deps, 'campaign-1', page);
    const refused = await acceptPreviewOffer(deps, 'campaign-1', 'contact-1').catch((error: unknown) => error);
    await placeCall(deps, callTask(secondRun));
    const after = await listPreviewOffers(deps, 'campaign-1', page);
    const accepted = await acceptPreviewOffer(deps, 'campaign-1', 'contact-1');

    // Assess
    expect(before.items).toEqual([]);
    expect(refused).toBeInstanceOf(NotFoundError);
    expect(after.items.map((item) => item.offer.workflow.runId)).toEqual(['run-2']);
    expect(accepted.offer.attemptId).toBe(attemptIdOf(executionOf(secondRun), 1));
    expect(telephony.requests.map((request) => request.attemptId)).toEqual([attemptIdOf(executionOf(secondRun), 1)]);
  });

  it('withdraws the offer of a stopped campaign instead of dialling it', async () => {
    // Prepare
    const { deps, campaigns, telephony, offers, workflow } = await previewSetup();
    await placeCall(deps, callTask(workflow));
    const campaign = (await campaigns.get('campaign-1'))!;
    await campaigns.update(campaign, { ...campaign, status: 'STOPPED', version: 2 });

    // Act
    const refused = acceptPreviewOffer(deps, 'campaign-1', 'contact-1');

    // Assess
    await expect(refused).rejects.toThrow(/not running/);
    expect(telephony.requests).toEqual([]);
    expect(offers.openOffers()).toEqual([]);
  });
});

describe('preview: reject', () => {
  it('records AGENT_REJECT on the offered number, counts it there, and resumes with the next phone after the additional-phone delay', async () => {
    // Prepare
    const { deps, calls, telephony, clock, log, workflows, workflow } = await previewSetup();
    await placeCall(deps, callTask(workflow));
    clock.advanceMinutes(2);

    // Act
    const rejected = await rejectPreviewOffer(deps, 'campaign-1', 'contact-1', 'customer asked for the office line');

    // Assess
    expect(telephony.requests).toEqual([]);
    expect(calls.historyRows()).toEqual([
      {
        campaignId: 'campaign-1',
        contactId: 'contact-1',
        attemptId: attemptIdOf(executionOf(workflow), 1),
        phone: numbers.primary,
        label: 'Primary',
        itemTypeId: undefined,
        round: 1,
        status: 'AGENT_REJECT',
        cause: 'rejected by the agent (preview): customer asked for the office line',
        startedAt: seedStart,
        endedAt: '2025-03-03T10:02:00.000Z',
        counters: { byStatus: { AGENT_REJECT: 1 }, global: 1 },
      },
    ]);
    expect(rejected.next).toEqual({ kind: 'call', phoneIndex: 1, at: '2025-03-03T10:03:00.000Z' });
    expect(lastResumed({ workflows })).toMatchObject({ attempt: 2, next: rejected.next });
    expect(await calls.linesInUse('campaign-1')).toBe(0);
    expect(calls.finalRows()).toEqual([]);
    expect(log.text()).not.toContain(numbers.primary);
  });

  it('closes the contact with MAX_RETRIES_AGENT_REJECT after maxRetries rejections of its number', async () => {
    // Prepare: one phone, AGENT_REJECT allowed twice
    const setup = await previewSetup({ seed: { phones: [{ number: numbers.primary, label: 'Primary' }], settings: { retries: { AGENT_REJECT: { maxRetries: 2 } } } } });
    const { deps, calls, clock } = setup;

    // Act: offer, reject, and the execution's next call task, until it closes
    let workflow = setup.workflow;
    const nexts = [];
    for (let call = 0; call < 2; call += 1) {
      clock.advanceMinutes(Math.max(0, (Date.parse(workflow.next.at) - clock.now().getTime()) / 60_000));
      expect(await placeCall(deps, callTask(workflow))).toBe('offered');
      nexts.push((await rejectPreviewOffer(deps, 'campaign-1', 'contact-1', undefined)).next);
      workflow = lastResumed(setup);
    }

    // Assess
    expect(calls.historyRows().map((row) => [row.label, row.status, row.round, row.counters.byStatus.AGENT_REJECT])).toEqual([
      ['Primary', 'AGENT_REJECT', 1, 1],
      ['Primary', 'AGENT_REJECT', 2, 2],
    ]);
    expect(nexts[0]).toEqual({ kind: 'call', phoneIndex: 0, at: '2025-03-03T10:02:00.000Z' }); // retryDelayMinutes[AGENT_REJECT] = 2
    expect(nexts[1]).toMatchObject({ kind: 'close', reason: 'MAX_RETRIES_AGENT_REJECT' });
    expect(calls.finalRows()).toEqual([expect.objectContaining({ phone: numbers.primary, status: 'AGENT_REJECT', reason: 'MAX_RETRIES_AGENT_REJECT', counters: { byStatus: { AGENT_REJECT: 2 }, global: 2 } })]);
    expect(calls.historyRows()[0]!.cause).toBe('rejected by the agent (preview)');
    expect(setup.metrics.breakdown('CallsPlaced', 'status')).toEqual({ AGENT_REJECT: 2 });
    expect(setup.metrics.breakdown('ContactsClosed', 'reason')).toEqual({ MAX_RETRIES_AGENT_REJECT: 1 });
  });

  it('answers 409 to a reject after an accept, and records nothing more', async () => {
    // Prepare
    const { deps, calls, workflow } = await previewSetup();
    await placeCall(deps, callTask(workflow));
    await acceptPreviewOffer(deps, 'campaign-1', 'contact-1');

    // Act
    const refused = rejectPreviewOffer(deps, 'campaign-1', 'contact-1', undefined);

    // Assess
    await expect(refused).rejects.toThrow(ConflictError);
    expect(calls.historyRows()).toEqual([]);
    expect(await calls.linesInUse('campaign-1')).toBe(1); // the accepted call still rings
  });
});

describe('preview: an offer nobody takes within the call timeout', () => {
  it('is withdrawn and the same number offered again as a new attempt that counts nothing', async () => {
    // Prepare
    const { deps, calls, clock, workflow } = await previewSetup();
    await placeCall(deps, callTask(workflow));
    clock.advanceMinutes(30);

    // Act
    const next = await recordLostCall(deps, { executionName: executionOf(workflow), workflow, error: 'States.Timeout' });
    const retried = await recordLostCall(deps, { executionName: executionOf(workflow), workflow, error: 'States.Timeout' });
    const offeredAgain = await placeCall(deps, callTask(next));

    // Assess
    expect(next).toMatchObject({ attempt: 2, next: { kind: 'call', phoneIndex: 0, at: '2025-03-03T10:30:00.000Z' } });
    expect(next.dial).toEqual(workflow.dial); // nothing counted
    expect(retried).toEqual(next);
    expect(calls.historyRows()).toEqual([]);
    expect(await calls.linesInUse('campaign-1')).toBe(0);
    expect(offeredAgain).toBe('offered');
    const listed = await listPreviewOffers(deps, 'campaign-1', page);
    expect(listed.items.map((item) => [item.offer.attemptId, item.offer.offeredAt])).toEqual([[attemptIdOf(executionOf(workflow), 2), '2025-03-03T10:30:00.000Z']]);
  });

  it('does not come back when the task redelivered after the timeout offers it again', async () => {
    // Prepare
    const { deps, clock, workflow } = await previewSetup();
    await placeCall(deps, callTask(workflow));
    clock.advanceMinutes(30);
    await recordLostCall(deps, { executionName: executionOf(workflow), workflow, error: 'States.Timeout' });

    // Act
    const redelivered = await placeCall(deps, callTask(workflow));

    // Assess
    expect(redelivered).toBe('duplicate');
    expect((await listPreviewOffers(deps, 'campaign-1', page)).items).toEqual([]);
  });

  it('settles an accepted call whose outcome never came as DROP, like any call', async () => {
    // Prepare
    const { deps, calls, clock, workflow } = await previewSetup();
    await placeCall(deps, callTask(workflow));
    await acceptPreviewOffer(deps, 'campaign-1', 'contact-1');
    clock.advanceMinutes(30);

    // Act
    const next = await recordLostCall(deps, { executionName: executionOf(workflow), workflow, error: 'States.Timeout' });

    // Assess
    expect(calls.historyRows().map((row) => [row.label, row.status])).toEqual([['Primary', 'DROP']]);
    expect(next.next).toMatchObject({ kind: 'call', phoneIndex: 1 });
  });
});

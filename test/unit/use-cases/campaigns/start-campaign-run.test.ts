// The campaign starter against in-memory ports: pages, continuation, duplicates, stops, contacts with nothing to call.
import { describe, expect, it } from 'vitest';
import { executionName, runExecutionPrefix } from '#domain/dialer/execution-name';
import type { WorkflowData } from '#domain/dialer/workflow-data';
import { createCampaign } from '#domain/use-cases/campaigns/campaigns';
import { enrolContacts } from '#domain/use-cases/campaigns/enrol-contacts';
import { startCampaignNow, stopCampaign } from '#domain/use-cases/campaigns/run-control';
import { startCampaignRun } from '#domain/use-cases/campaigns/start-campaign-run';
import { consentEntriesOf } from '#domain/consent/consent-ledger';
import { appendToLedger } from '#domain/use-cases/consent/ledger-append';
import { RecordingWorkflowEngine } from '../../fakes/recording-workflow-engine.ts';
import { campaignSetup, starterOptions, storedContact, type CampaignSetup } from './campaign-fixtures.ts';

/** A campaign with these contacts enrolled, started now: the starter's request waits in the fake starter. */
async function runningCampaign(setup: CampaignSetup, contactIds: string[], schedule?: { kind: 'cron'; expression: string; timeZone: string }) {
  const { campaign } = await createCampaign(setup.deps, { name: 'Renewals', schedule });
  for (const id of contactIds) await storedContact(setup, id);
  await enrolContacts(setup.deps, campaign.id, contactIds);
  return campaign;
}

const names = (setup: CampaignSetup) => setup.workflows.started.map((execution) => execution.name);

describe('campaign starter', () => {
  it('starts one execution per enrolled contact over two pages, each with its phones in dial order', async () => {
    // Prepare
    const setup = await campaignSetup();
    const campaign = await runningCampaign(setup, ['c1', 'c2', 'c3']);
    await startCampaignNow(setup.deps, campaign.id);
    const request = setup.starter.take()!;
    const { options, counter } = starterOptions({ pageSize: 2 });

    // Act
    const report = await startCampaignRun(setup.deps, request, options);

    // Assess
    expect(report).toEqual({ campaignId: campaign.id, runId: request.runId, outcome: 'finished', counts: { started: 3, alreadyStarted: 0, closedWithoutCall: 0 } });
    expect(names(setup).sort()).toEqual(['c1', 'c2', 'c3'].map((contactId) => executionName(campaign.id, contactId, request.runId)).sort());
    expect(counter.pauses).toBe(1);
    expect(await setup.campaigns.getRun(campaign.id, request.runId)).toMatchObject({ status: 'STARTED', pages: 2, cursor: undefined, counts: { started: 3, alreadyStarted: 0, closedWithoutCall: 0 } });
    const contact = (await setup.contacts.get('c1'))!;
    const input = setup.workflows.started.find((execution) => execution.input.contactId === 'c1')!.input;
    expect(input).toMatchObject({ campaignId: campaign.id, contactId: 'c1', runId: request.runId, attempt: 1, settings: campaign.settings, next: { kind: 'call', phoneIndex: 0, at: '2025-03-03T10:00:00.000Z' } });
    expect(input.dial.phones.map((phone) => [phone.number, phone.label, phone.itemTypeId, phone.description])).toEqual([
      [contact.primaryPhone.number, 'Primary', undefined, undefined],
      [contact.additionalPhones[1]!.number, 'Office', 'type-office', undefined],
      [contact.additionalPhones[0]!.number, 'Holiday', 'type-holiday', 'cottage'],
    ]);
    expect(setup.starter.requests).toEqual([]);
  });

  it('plans the first call for when the calling window opens', async () => {
    // Prepare: Sunday, outside the default window (Monday to Saturday, 09:00–20:00 UTC).
    const setup = await campaignSetup({ now: '2025-03-02T22:00:00.000Z' });
    const campaign = await runningCampaign(setup, ['c1']);
    await startCampaignNow(setup.deps, campaign.id);

    // Act
    await startCampaignRun(setup.deps, setup.starter.take()!, starterOptions().options);

    // Assess
    expect(setup.workflows.started[0]!.input.next).toEqual({ kind: 'call', phoneIndex: 0, at: '2025-03-03T09:00:00.000Z' });
  });

  it('hands the rest of a large run to a new invocation with the cursor, which goes on from there', async () => {
    // Prepare
    const setup = await campaignSetup();
    const campaign = await runningCampaign(setup, ['c1', 'c2', 'c3', 'c4', 'c5']);
    await startCampaignNow(setup.deps, campaign.id);
    const { options } = starterOptions({ pageSize: 2, maxStartsPerInvocation: 2 });

    // Act
    const outcomes: string[] = [];
    for (let request = setup.starter.take(); request !== undefined; request = setup.starter.take()) outcomes.push((await startCampaignRun(setup.deps, request, options)).outcome);

    // Assess
    expect(outcomes).toEqual(['continued', 'continued', 'finished']);
    expect(setup.campaigns.enrolmentReads.map(([, cursor]) => cursor)).toEqual([undefined, 'c2', 'c4']);
    expect(names(setup)).toHaveLength(5);
    expect(new Set(names(setup)).size).toBe(5);
    expect((await setup.campaigns.getRun(campaign.id, (await setup.campaigns.get(campaign.id))!.runId!))?.counts.started).toBe(5);
  });

  it('resumes from where the run got to, not from the cursor of a request delivered late', async () => {
    // Prepare
    const setup = await campaignSetup();
    const campaign = await runningCampaign(setup, ['c1', 'c2', 'c3', 'c4']);
    await startCampaignNow(setup.deps, campaign.id);
    const first = setup.starter.take()!;
    await startCampaignRun(setup.deps, first, starterOptions({ pageSize: 2, maxStartsPerInvocation: 2 }).options);

    // Act: the first request is delivered again (Lambda retries an invocation it thinks failed).
    const retried = await startCampaignRun(setup.deps, first, starterOptions({ pageSize: 2 }).options);

    // Assess
    expect(retried.counts).toEqual({ started: 2, alreadyStarted: 0, closedWithoutCall: 0 });
    expect(setup.campaigns.enrolmentReads.map(([, cursor]) => cursor)).toEqual([undefined, 'c2']);
    expect(names(setup)).toHaveLength(4);
  });

  it('starts each execution once when a scheduled start is delivered twice', async () => {
    // Prepare
    const setup = await campaignSetup();
    const campaign = await runningCampaign(setup, ['c1', 'c2', 'c3'], { kind: 'cron', expression: '0 10 ? * MON-FRI *', timeZone: 'UTC' });
    const start = { campaignId: campaign.id, scheduledTime: '2025-03-03T10:00:00Z' };

    // Act
    const first = await startCampaignRun(setup.deps, start, starterOptions().options);
    const second = await startCampaignRun(setup.deps, start, starterOptions().options);

    // Assess
    expect(first).toMatchObject({ runId: 'r20250303T1000', outcome: 'finished', counts: { started: 3 } });
    expect(second).toMatchObject({ runId: 'r20250303T1000', outcome: 'ignored' });
    expect(names(setup)).toHaveLength(3);
    expect(await setup.campaigns.get(campaign.id)).toMatchObject({ status: 'RUNNING', runId: 'r20250303T1000' });
  });

  it('counts executions a failed invocation had started as already started, and starts the rest', async () => {
    // Prepare: an invocation started c1 and c2, then died before it could save its progress.
    const setup = await campaignSetup();
    const campaign = await runningCampaign(setup, ['c1', 'c2', 'c3']);
    await startCampaignNow(setup.deps, campaign.id);
    const request = setup.starter.take()!;
    for (const contactId of ['c1', 'c2']) await setup.workflows.start(executionName(campaign.id, contactId, request.runId), {} as WorkflowData);

    // Act
    const report = await startCampaignRun(setup.deps, request, starterOptions({ pageSize: 10 }).options);

    // Assess
    expect(report.counts).toEqual({ started: 1, alreadyStarted: 2, closedWithoutCall: 0 });
    expect(names(setup)).toHaveLength(3);
  });

  it('starts nothing for a stopped campaign, whether its schedule fires or a continuation arrives', async () => {
    // Prepare
    const setup = await campaignSetup();
    const campaign = await runningCampaign(setup, ['c1'], { kind: 'cron', expression: '0 10 ? * MON-FRI *', timeZone: 'UTC' });
    await startCampaignNow(setup.deps, campaign.id);
    const request = setup.starter.take()!;
    await stopCampaign(setup.deps, campaign.id);

    // Act
    const continuation = await startCampaignRun(setup.deps, request, starterOptions().options);
    const scheduled = await startCampaignRun(setup.deps, { campaignId: campaign.id, scheduledTime: '2025-03-04T10:00:00Z' }, starterOptions().options);

    // Assess
    expect([continuation.outcome, scheduled.outcome]).toEqual(['ignored', 'ignored']);
    expect(names(setup)).toEqual([]);
    expect(await setup.campaigns.get(campaign.id)).toMatchObject({ status: 'STOPPED', runId: request.runId });
    expect((await setup.campaigns.getRun(campaign.id, request.runId))?.status).toBe('STOPPED');
  });

  it('stops what it started when the campaign is stopped in the middle of a page, and starts no further page', async () => {
    // Prepare
    class StopMidPage extends RecordingWorkflowEngine {
      onFirstStart: (() => Promise<unknown>) | undefined;
      override async start(name: string, input: WorkflowData) {
        const answer = await super.start(name, input);
        const stop = this.onFirstStart;
        this.onFirstStart = undefined;
        // The stop lists the executions before the ones this page goes on to start.
        await stop?.();
        return answer;
      }
    }
    const workflows = new StopMidPage();
    const setup = await campaignSetup({ workflows });
    const campaign = await runningCampaign(setup, ['c1', 'c2', 'c3', 'c4']);
    await startCampaignNow(setup.deps, campaign.id);
    const request = setup.starter.take()!;
    workflows.onFirstStart = () => stopCampaign(setup.deps, campaign.id);

    // Act
    const report = await startCampaignRun(setup.deps, request, starterOptions({ pageSize: 2, concurrency: 1 }).options);

    // Assess
    expect(report.outcome).toBe('stopped');
    expect(names(setup)).toHaveLength(2);
    expect(await workflows.stopAll(runExecutionPrefix(campaign.id, request.runId))).toBe(0);
    expect(setup.campaigns.enrolmentReads).toHaveLength(1);
  });

  it("closes a contact with nothing to call at once with its Final row, and starts no execution for it", async () => {
    // Prepare
    const setup = await campaignSetup();
    const campaign = await runningCampaign(setup, ['c1', 'c2']);
    await setup.contacts.delete((await setup.contacts.get('c2'))!);
    await startCampaignNow(setup.deps, campaign.id);

    // Act
    const report = await startCampaignRun(setup.deps, setup.starter.take()!, starterOptions().options);

    // Assess
    expect(report.counts).toEqual({ started: 1, alreadyStarted: 0, closedWithoutCall: 1 });
    expect(setup.workflows.started.map((execution) => execution.input.contactId)).toEqual(['c1']);
    expect(setup.calls.finalRows()).toEqual([
      { campaignId: campaign.id, contactId: 'c2', runId: expect.any(String), phone: undefined, label: undefined, itemTypeId: undefined, status: undefined, reason: 'NO_CALLABLE_PHONES', counters: undefined, closedAt: '2025-03-03T10:00:00.000Z' },
    ]);
    expect(setup.metrics.breakdown('ContactsClosed', 'reason')).toEqual({ NO_CALLABLE_PHONES: 1 });
  });

  it('plans each contact over its contactable numbers only: a withdrawn number and one on the do-not-call list are left out', async () => {
    // Prepare
    const setup = await campaignSetup();
    const campaign = await runningCampaign(setup, ['c1', 'c2']);
    const [c1, c2] = [(await setup.contacts.get('c1'))!, (await setup.contacts.get('c2'))!];
    const office = c1.additionalPhones[1]!.number;
    const now = setup.clock.now();
    await appendToLedger(setup.consent, office, now, () => consentEntriesOf({ number: office, action: 'withdraw', channels: ['voice'], purposes: ['service'], source: 'agent', actor: 'agent-1' }, now, () => 'event-1'));
    await setup.consent.putDoNotCall({ prefix: c2.primaryPhone.number, reason: undefined, addedBy: 'api', addedAt: now.toISOString(), expiresAt: undefined });
    for (const phone of c2.additionalPhones) await setup.consent.putDoNotCall({ prefix: phone.number, reason: undefined, addedBy: 'api', addedAt: now.toISOString(), expiresAt: undefined });
    await startCampaignNow(setup.deps, campaign.id);

    // Act
    const report = await startCampaignRun(setup.deps, setup.starter.take()!, starterOptions().options);

    // Assess: c1 without its Office number; c2 has nothing callable and closes at once
    expect(report.counts).toEqual({ started: 1, alreadyStarted: 0, closedWithoutCall: 1 });
    const planned = setup.workflows.started[0]!.input.dial.phones.map((phone) => phone.label);
    expect(planned).toEqual(['Primary', 'Holiday']);
    expect(setup.calls.finalRows()).toEqual([expect.objectContaining({ contactId: 'c2', reason: 'NO_CALLABLE_PHONES' })]);
  });

  it('ignores a scheduled start of an unknown campaign or of a draft', async () => {
    // Prepare
    const setup = await campaignSetup();
    const { campaign } = await createCampaign(setup.deps, { name: 'Draft' });

    // Act
    const unknown = await startCampaignRun(setup.deps, { campaignId: 'nope', scheduledTime: '2025-03-03T10:00:00Z' }, starterOptions().options);
    const draft = await startCampaignRun(setup.deps, { campaignId: campaign.id, scheduledTime: '2025-03-03T10:00:00Z' }, starterOptions().options);

    // Assess
    expect([unknown.outcome, draft.outcome]).toEqual(['ignored', 'ignored']);
    expect(await setup.campaigns.get(campaign.id)).toMatchObject({ status: 'DRAFT', runId: undefined });
  });

  it('never writes a phone number to the operations log', async () => {
    // Prepare
    const setup = await campaignSetup();
    const campaign = await runningCampaign(setup, ['c1', 'c2']);
    await startCampaignNow(setup.deps, campaign.id);

    // Act
    await startCampaignRun(setup.deps, setup.starter.take()!, starterOptions().options);

    // Assess
    expect(setup.log.messages()).toContain('campaign starter');
    expect(setup.log.text()).not.toMatch(/\+\d{6,}/);
  });
});

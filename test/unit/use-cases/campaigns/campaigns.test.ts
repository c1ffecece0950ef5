// Campaign use cases against in-memory ports: create, read, list, update, delete, with the schedule kept in step.
import { describe, expect, it } from 'vitest';
import { defaultCampaignSettings } from '#domain/dialer/campaign';
import { campaignExecutionPrefix } from '#domain/dialer/execution-name';
import { InvalidInputError, NotFoundError, VersionConflictError } from '#domain/errors';
import { createCampaign, deleteCampaign, getCampaign, listCampaigns, updateCampaign } from '#domain/use-cases/campaigns/campaigns';
import { enrolContacts } from '#domain/use-cases/campaigns/enrol-contacts';
import { startCampaignNow } from '#domain/use-cases/campaigns/run-control';
import { InMemoryCampaignRepository } from '../../fakes/in-memory-campaign-repository.ts';
import { campaignSetup, storedContact } from './campaign-fixtures.ts';

const daily = { kind: 'cron', expression: '0 10 ? * MON-FRI *', timeZone: 'Europe/Paris' } as const;

describe('campaign use cases', () => {
  it("creates a draft with XCALLY's defaults under the given settings, and no schedule", async () => {
    // Prepare
    const setup = await campaignSetup();

    // Act
    const view = await createCampaign(setup.deps, { name: '  Renewals ', settings: { retries: { BUSY: { maxRetries: 5 } }, callingWindow: { timeZone: 'Europe/Paris' } } });

    // Assess
    expect(view.campaign).toMatchObject({ id: 'id-1', name: 'Renewals', status: 'DRAFT', schedule: undefined, version: 1, createdAt: '2025-03-03T10:00:00.000Z' });
    expect(view.campaign.settings.retries.BUSY).toEqual({ maxRetries: 5, retryDelayMinutes: 150 });
    expect(view.campaign.settings.retries.NO_ANSWER).toEqual({ maxRetries: 3, retryDelayMinutes: 150 });
    expect(view.campaign.settings.callingWindow).toEqual({ ...defaultCampaignSettings.callingWindow, timeZone: 'Europe/Paris' });
    expect(await setup.campaigns.get('id-1')).toEqual(view.campaign);
    expect(setup.schedules.calls).toEqual([]);
  });

  it('creates a scheduled campaign with its schedule, and says when it starts next', async () => {
    // Prepare
    const setup = await campaignSetup();

    // Act
    const view = await createCampaign(setup.deps, { name: 'Daily', schedule: { ...daily, expression: '0  10 ? * mon-fri *' } });

    // Assess
    expect(view.campaign.status).toBe('SCHEDULED');
    expect(setup.schedules.schedules.get('id-1')).toEqual(daily);
    // Monday 3 March 2025, 11:00 in Paris is 10:00 UTC: the next start is Tuesday's.
    expect(view.nextStartAt).toBe('2025-03-04T09:00:00.000Z');
  });

  it('rejects a one-off start in the past, and stores and schedules nothing', async () => {
    // Prepare
    const setup = await campaignSetup();

    // Act
    const creating = createCampaign(setup.deps, { name: 'Late', schedule: { kind: 'at', at: '2025-03-03T09:59:00', timeZone: 'UTC' } });

    // Assess
    await expect(creating).rejects.toEqual(new InvalidInputError('schedule.at', '2025-03-03T09:59:00 in UTC is in the past'));
    expect((await setup.campaigns.list(10, undefined)).items).toEqual([]);
    expect(setup.schedules.calls).toEqual([]);
  });

  it('rejects settings the domain refuses, naming the field', async () => {
    // Prepare
    const setup = await campaignSetup();

    // Act
    const window = createCampaign(setup.deps, { name: 'X', settings: { callingWindow: { start: '18:00', end: '09:00' } } });
    const agentless = createCampaign(setup.deps, { name: 'X', settings: { strategy: 'agentless', telephony: { type: 'connect', instanceId: 'i', contactFlowId: 'f', answeringMachineDetection: true, queueId: 'q' } } });
    const blank = createCampaign(setup.deps, { name: '   ' });

    // Assess
    await expect(window).rejects.toMatchObject({ field: 'settings.callingWindow.end' });
    await expect(agentless).rejects.toMatchObject({ field: 'settings.telephony' });
    await expect(blank).rejects.toMatchObject({ field: 'name' });
  });

  it('reads a campaign with its latest run, and answers NotFoundError for an unknown id', async () => {
    // Prepare
    const setup = await campaignSetup();
    const { campaign } = await createCampaign(setup.deps, { name: 'Renewals' });
    await startCampaignNow(setup.deps, campaign.id);

    // Act
    const view = await getCampaign(setup.deps, campaign.id);
    const unknown = getCampaign(setup.deps, 'nope');

    // Assess
    expect(view.run).toMatchObject({ runId: 'm20250303T100000', status: 'STARTING', trigger: 'manual' });
    await expect(unknown).rejects.toBeInstanceOf(NotFoundError);
  });

  it('lists campaigns in creation order, a page at a time', async () => {
    // Prepare
    const setup = await campaignSetup();
    for (const name of ['A', 'B', 'C']) {
      await createCampaign(setup.deps, { name });
      setup.clock.advanceMinutes(1);
    }

    // Act
    const first = await listCampaigns(setup.deps, 2, undefined);
    const second = await listCampaigns(setup.deps, 2, first.cursor);

    // Assess
    expect(first.items.map((view) => view.campaign.name)).toEqual(['A', 'B']);
    expect(second.items.map((view) => view.campaign.name)).toEqual(['C']);
    expect(second.cursor).toBeUndefined();
  });

  it('merges updated settings over the current ones and moves the version on', async () => {
    // Prepare
    const setup = await campaignSetup();
    const { campaign } = await createCampaign(setup.deps, { name: 'Renewals', settings: { retries: { BUSY: { maxRetries: 5 } }, globalMaxRetries: 6 } });
    setup.clock.advanceMinutes(5);

    // Act
    const view = await updateCampaign(setup.deps, campaign.id, { name: 'Renewals 2', settings: { retries: { BUSY: { retryDelayMinutes: 10 } } } }, 1);

    // Assess
    expect(view.campaign).toMatchObject({ name: 'Renewals 2', version: 2, updatedAt: '2025-03-03T10:05:00.000Z', createdAt: '2025-03-03T10:00:00.000Z' });
    expect(view.campaign.settings.retries.BUSY).toEqual({ maxRetries: 5, retryDelayMinutes: 10 });
    expect(view.campaign.settings.globalMaxRetries).toBe(6);
    expect(await setup.campaigns.get(campaign.id)).toEqual(view.campaign);
  });

  it('refuses an update from a stale version and writes nothing', async () => {
    // Prepare
    const setup = await campaignSetup();
    const { campaign } = await createCampaign(setup.deps, { name: 'Renewals' });
    await updateCampaign(setup.deps, campaign.id, { name: 'Second' }, 1);

    // Act
    const stale = updateCampaign(setup.deps, campaign.id, { name: 'Lost', schedule: daily }, 1);

    // Assess
    await expect(stale).rejects.toBeInstanceOf(VersionConflictError);
    expect(await setup.campaigns.get(campaign.id)).toMatchObject({ name: 'Second', version: 2 });
    expect(setup.schedules.calls).toEqual([]);
  });

  it('schedules a draft and unschedules it again', async () => {
    // Prepare
    const setup = await campaignSetup();
    const { campaign } = await createCampaign(setup.deps, { name: 'Renewals' });

    // Act
    const scheduled = await updateCampaign(setup.deps, campaign.id, { schedule: daily }, 1);
    const kept = await updateCampaign(setup.deps, campaign.id, { name: 'Renamed' }, 2);
    const unscheduled = await updateCampaign(setup.deps, campaign.id, { schedule: null }, 3);

    // Assess
    expect([scheduled, kept, unscheduled].map((view) => view.campaign.status)).toEqual(['SCHEDULED', 'SCHEDULED', 'DRAFT']);
    expect(kept.campaign.schedule).toEqual(daily);
    expect(unscheduled.campaign.schedule).toBeUndefined();
    expect(setup.schedules.calls).toEqual([`upsert ${campaign.id}`, `delete ${campaign.id}`]);
  });

  it('puts the previous schedule back when the campaign changed while its schedule was replaced', async () => {
    // Prepare
    class RacingRepository extends InMemoryCampaignRepository {
      override async update(): Promise<void> {
        throw new VersionConflictError('campaign', 'id-1', 1);
      }
    }
    const setup = await campaignSetup();
    const racing = new RacingRepository();
    const deps = { ...setup.deps, campaigns: racing };
    const { campaign } = await createCampaign(deps, { name: 'Daily', schedule: daily });

    // Act
    const updating = updateCampaign(deps, campaign.id, { schedule: { kind: 'cron', expression: '0 18 ? * * *', timeZone: 'UTC' } }, 1);

    // Assess
    await expect(updating).rejects.toBeInstanceOf(VersionConflictError);
    expect(setup.schedules.schedules.get(campaign.id)).toEqual(daily);
  });

  it('deletes a campaign: its executions stopped, its schedule and enrolments gone', async () => {
    // Prepare
    const setup = await campaignSetup();
    const { campaign } = await createCampaign(setup.deps, { name: 'Daily', schedule: daily });
    await storedContact(setup, 'contact-a');
    await enrolContacts(setup.deps, campaign.id, ['contact-a']);
    await setup.workflows.start(`${campaignExecutionPrefix(campaign.id)}run_contact-a`, {} as never);
    await setup.workflows.start('other-campaign_run_contact-a', {} as never);
    await setup.campaigns.update((await setup.campaigns.get(campaign.id))!, { ...campaign, status: 'RUNNING', runId: 'r1', version: 2 });

    // Act
    const deleted = await deleteCampaign(setup.deps, campaign.id);

    // Assess
    expect(deleted).toEqual({ stoppedExecutions: 1 });
    expect(await setup.campaigns.get(campaign.id)).toBeUndefined();
    expect(setup.campaigns.enrolled(campaign.id)).toEqual([]);
    expect(setup.schedules.schedules.has(campaign.id)).toBe(false);
    await expect(deleteCampaign(setup.deps, campaign.id)).rejects.toBeInstanceOf(NotFoundError);
  });

  it('deletes a draft that never ran without touching schedules or executions', async () => {
    // Prepare
    const setup = await campaignSetup();
    const { campaign } = await createCampaign(setup.deps, { name: 'Draft' });
    await setup.workflows.start(`${campaignExecutionPrefix('other')}run_contact-a`, {} as never);

    // Act
    const deleted = await deleteCampaign(setup.deps, campaign.id);

    // Assess
    expect(deleted).toEqual({ stoppedExecutions: 0 });
    expect(setup.schedules.calls).toEqual([]);
    expect(await setup.workflows.stopAll('')).toBe(1);
  });
});

// Starting a campaign now and stopping it, against in-memory ports.
import { describe, expect, it } from 'vitest';
import { campaignExecutionPrefix } from '#domain/dialer/execution-name';
import { ConflictError } from '#domain/errors';
import { createCampaign } from '#domain/use-cases/campaigns/campaigns';
import { startCampaignNow, stopCampaign } from '#domain/use-cases/campaigns/run-control';
import { campaignSetup } from './campaign-fixtures.ts';

describe('start now and stop', () => {
  it('starts a new run: RUNNING with a run id from the time, the run created, the starter asked to start it', async () => {
    // Prepare
    const setup = await campaignSetup();
    const { campaign } = await createCampaign(setup.deps, { name: 'Renewals' });
    setup.clock.advanceMinutes(0.2);

    // Act
    const view = await startCampaignNow(setup.deps, campaign.id);

    // Assess
    expect(view.campaign).toMatchObject({ status: 'RUNNING', runId: 'm20250303T100012', version: 2 });
    expect(await setup.campaigns.getRun(campaign.id, 'm20250303T100012')).toMatchObject({ status: 'STARTING', trigger: 'manual', pages: 0, counts: { started: 0, alreadyStarted: 0, closedWithoutCall: 0 } });
    expect(setup.starter.requests).toEqual([{ campaignId: campaign.id, runId: 'm20250303T100012' }]);
  });

  it('refuses to start a running campaign again', async () => {
    // Prepare
    const setup = await campaignSetup();
    const { campaign } = await createCampaign(setup.deps, { name: 'Renewals' });
    await startCampaignNow(setup.deps, campaign.id);
    setup.clock.advanceMinutes(1);

    // Act
    const again = startCampaignNow(setup.deps, campaign.id);

    // Assess
    await expect(again).rejects.toBeInstanceOf(ConflictError);
    expect(setup.starter.requests).toHaveLength(1);
  });

  it('puts the campaign back as it was when the starter cannot be invoked', async () => {
    // Prepare
    const setup = await campaignSetup();
    const { campaign } = await createCampaign(setup.deps, { name: 'Renewals' });
    setup.starter.failNext = new Error('Lambda throttled');

    // Act
    const starting = startCampaignNow(setup.deps, campaign.id);

    // Assess
    await expect(starting).rejects.toThrow('Lambda throttled');
    expect(await setup.campaigns.get(campaign.id)).toMatchObject({ status: 'DRAFT', runId: undefined });
    expect((await setup.campaigns.getRun(campaign.id, 'm20250303T100000'))?.status).toBe('STOPPED');
    await expect(startCampaignNow(setup.deps, campaign.id)).resolves.toMatchObject({ campaign: { status: 'RUNNING' } });
  });

  it("stops a campaign: STOPPED, its run stopped, and every execution of the campaign's runs stopped", async () => {
    // Prepare
    const setup = await campaignSetup();
    const { campaign } = await createCampaign(setup.deps, { name: 'Renewals' });
    const { campaign: running } = await startCampaignNow(setup.deps, campaign.id);
    const prefix = campaignExecutionPrefix(campaign.id);
    for (const name of [`${prefix}r1_a`, `${prefix}${running.runId}_b`, 'another_r1_a']) await setup.workflows.start(name, {} as never);

    // Act
    const stopped = await stopCampaign(setup.deps, campaign.id);

    // Assess
    expect(stopped).toMatchObject({ stoppedExecutions: 2, campaign: { status: 'STOPPED', version: 3 }, run: { status: 'STOPPED' } });
    expect(await setup.campaigns.get(campaign.id)).toMatchObject({ status: 'STOPPED' });
    expect(await setup.workflows.stopAll('')).toBe(1);
  });

  it('stops a campaign another request changed meanwhile, rather than refusing', async () => {
    // Prepare
    const setup = await campaignSetup();
    const { campaign } = await createCampaign(setup.deps, { name: 'Renewals' });
    const read = setup.campaigns.get.bind(setup.campaigns);
    let reads = 0;
    setup.campaigns.get = async (id) => {
      const found = await read(id);
      // The first read is stale: someone renames the campaign right after it.
      if ((reads += 1) === 1) await setup.campaigns.update(found!, { ...found!, name: 'Renamed', version: found!.version + 1 });
      return found;
    };

    // Act
    const stopped = await stopCampaign(setup.deps, campaign.id);

    // Assess
    expect(stopped.campaign).toMatchObject({ status: 'STOPPED', name: 'Renamed', version: 3 });
  });
});

// Enrolling contacts in a campaign, by id and by import, against in-memory ports.
import { describe, expect, it } from 'vitest';
import { emptyCounts, type ImportJob } from '#domain/import/import-job';
import { ConflictError, NotFoundError } from '#domain/errors';
import { createCampaign } from '#domain/use-cases/campaigns/campaigns';
import { enrolContacts, enrolImportedContacts } from '#domain/use-cases/campaigns/enrol-contacts';
import { campaignSetup, storedContact, type CampaignSetup } from './campaign-fixtures.ts';

function importJob(id: string, status: ImportJob['status']): ImportJob {
  return { id, status, fileKey: `imports/${id}.csv`, fileName: undefined, mapping: undefined, delimiter: undefined, counts: emptyCounts(), bytesRead: 0, totalBytes: undefined, ignoredColumns: [], failureReason: undefined, createdAt: '2025-03-03T09:00:00.000Z', updatedAt: '2025-03-03T09:00:00.000Z', finishedAt: undefined };
}

async function withCampaign(setup: CampaignSetup) {
  return (await createCampaign(setup.deps, { name: 'Renewals' })).campaign;
}

describe('enrolment', () => {
  it('enrols known contacts, reports the unknown ones, and counts a second enrolment as already done', async () => {
    // Prepare
    const setup = await campaignSetup();
    const campaign = await withCampaign(setup);
    await storedContact(setup, 'contact-a');
    await storedContact(setup, 'contact-b');

    // Act
    const first = await enrolContacts(setup.deps, campaign.id, ['contact-a', 'ghost', 'contact-a']);
    const second = await enrolContacts(setup.deps, campaign.id, ['contact-a', 'contact-b']);

    // Assess
    expect(first).toEqual({ enrolled: 1, alreadyEnrolled: 0, unknownContactIds: ['ghost'] });
    expect(second).toEqual({ enrolled: 1, alreadyEnrolled: 1, unknownContactIds: [] });
    expect(setup.campaigns.enrolled(campaign.id)).toEqual(['contact-a', 'contact-b']);
  });

  it('answers NotFoundError for an unknown campaign', async () => {
    // Prepare
    const setup = await campaignSetup();

    // Act
    const enrolling = enrolContacts(setup.deps, 'nope', ['contact-a']);

    // Assess
    await expect(enrolling).rejects.toBeInstanceOf(NotFoundError);
  });

  it('enrols every contact a completed import named, page after page, skipping the ones deleted since', async () => {
    // Prepare
    const setup = await campaignSetup();
    const campaign = await withCampaign(setup);
    for (const id of ['c1', 'c2', 'c3']) await storedContact(setup, id);
    await setup.importJobs.create(importJob('import-1', 'COMPLETED'));
    await setup.importJobs.addContacts('import-1', 2, ['c1', 'c2']);
    await setup.importJobs.addContacts('import-1', 102, ['c3', 'deleted-since']);

    // Act
    const report = await enrolImportedContacts(setup.deps, campaign.id, 'import-1');

    // Assess
    expect(report).toEqual({ enrolled: 3, alreadyEnrolled: 0, unknownContactIds: ['deleted-since'] });
    expect(setup.campaigns.enrolled(campaign.id)).toEqual(['c1', 'c2', 'c3']);
  });

  it('refuses an import that has not completed, and an unknown one', async () => {
    // Prepare
    const setup = await campaignSetup();
    const campaign = await withCampaign(setup);
    await setup.importJobs.create(importJob('import-1', 'RUNNING'));

    // Act
    const running = enrolImportedContacts(setup.deps, campaign.id, 'import-1');
    const unknown = enrolImportedContacts(setup.deps, campaign.id, 'import-2');

    // Assess
    await expect(running).rejects.toBeInstanceOf(ConflictError);
    await expect(unknown).rejects.toBeInstanceOf(NotFoundError);
    expect(setup.campaigns.enrolled(campaign.id)).toEqual([]);
  });
});

// Merging two contacts (DESIGN §3): recorded first, then the numbers in one transaction, then what hangs off the merged
// contact's id, step by step. Asking again resumes a merge that stopped half-way; asking after it completed changes nothing.
import { allPhones, type Contact } from '../../contact.ts';
import { ConflictError, InvalidInputError, NotFoundError, VersionConflictError } from '../../errors.ts';
import { mergedSurvivor, stepAfter, type ContactMerge, type MergeStep } from '../../identity/contact-merge.ts';
import type { CampaignRepository } from '#ports/campaign-repository';
import type { Clock } from '#ports/clock';
import type { ContactMergeRecords } from '#ports/contact-merge-records';
import type { ContactRepository } from '#ports/contact-repository';
import type { InteractionStore } from '#ports/interaction-store';
import type { OperationsLog } from '#ports/operations-log';
import { currentContact } from '../contact-lookup.ts';

export interface MergeDependencies {
  contacts: ContactRepository;
  interactions: InteractionStore;
  campaigns: Pick<CampaignRepository, 'list' | 'moveEnrolment'>;
  merges: ContactMergeRecords;
  clock: Clock;
  log: OperationsLog;
}

export interface MergeRequest {
  survivorId: string;
  mergedId: string;
  /** The possible match an agent accepted. */
  matchId?: string | undefined;
  actor: string;
}

/** Rounds of "a contact changed between our read and our write". */
const maxNumberRounds = 5;
const campaignPage = 100;

/** Accepting a possible match: the agent keeps one of the pair, the other is merged into it. */
export async function acceptPossibleMatch(deps: MergeDependencies, matchId: string, survivorId: string, actor: string): Promise<ContactMerge> {
  const pair = matchId.split('|');
  if (pair.length !== 2 || !pair.includes(survivorId)) throw new InvalidInputError('survivorContactId', `must be one of the two contacts of match ${matchId}`);
  const mergedId = pair.find((id) => id !== survivorId)!;
  // A match already merged has no open item any more: asking again resumes or reports that merge.
  if (!(await deps.merges.get(mergedId)) && !(await deps.interactions.getPossibleMatch(matchId))) throw new NotFoundError('possible match', matchId);
  return mergeContacts(deps, { survivorId, mergedId, matchId, actor });
}

export async function mergeContacts(deps: MergeDependencies, request: MergeRequest): Promise<ContactMerge> {
  if (request.survivorId === request.mergedId) throw new InvalidInputError('mergedContactId', 'a contact cannot be merged into itself');
  const survivor = await currentContact(deps.contacts, request.survivorId);
  const merge = (await deps.merges.get(request.mergedId)) ?? (await begin(deps, request, survivor));
  const recordedSurvivor = merge.survivorId === survivor.id ? survivor : await currentContact(deps.contacts, merge.survivorId);
  if (recordedSurvivor.id !== survivor.id) {
    throw new ConflictError(`contact ${request.mergedId} was merged into contact ${merge.survivorId} already`, { mergedInto: merge.survivorId });
  }
  return resume(deps, merge);
}

export async function getMerge(deps: Pick<MergeDependencies, 'merges'>, mergedId: string): Promise<ContactMerge> {
  const merge = await deps.merges.get(mergedId);
  if (!merge) throw new NotFoundError('merge of contact', mergedId);
  return merge;
}

async function begin(deps: MergeDependencies, request: MergeRequest, survivor: Contact): Promise<ContactMerge> {
  const merged = await deps.contacts.get(request.mergedId);
  if (!merged) throw new NotFoundError('contact', request.mergedId);
  const now = deps.clock.now().toISOString();
  // A merge that cannot be done (too many numbers together) is refused before anything is recorded.
  mergedSurvivor(survivor, merged, now);
  const merge: ContactMerge = {
    mergedId: merged.id,
    survivorId: survivor.id,
    matchId: request.matchId,
    step: 'numbers',
    mergedNumbers: allPhones(merged).map((phone) => phone.number),
    moved: { interactions: 0, enrolments: 0, possibleMatches: 0 },
    actor: request.actor,
    startedAt: now,
    updatedAt: now,
  };
  if (await deps.merges.begin(merge)) {
    deps.log.info('contact merge started', { mergedId: merge.mergedId, survivorId: merge.survivorId, matchId: merge.matchId, actor: merge.actor });
    return merge;
  }
  // Another request began it a moment ago: carry on with its record.
  return (await deps.merges.get(request.mergedId))!;
}

async function resume(deps: MergeDependencies, start: ContactMerge): Promise<ContactMerge> {
  let merge = start;
  while (merge.step !== 'completed') {
    const step = merge.step;
    const done = await runStep(deps, merge, step);
    const next: ContactMerge = { ...merge, ...done, step: stepAfter(step), updatedAt: deps.clock.now().toISOString() };
    // Another run of this merge moved on meanwhile: continue from what it recorded.
    merge = (await deps.merges.advance(merge, next)) ? next : (await deps.merges.get(merge.mergedId))!;
  }
  if (merge !== start) deps.log.info('contact merge completed', { mergedId: merge.mergedId, survivorId: merge.survivorId, ...merge.moved });
  return merge;
}

type StepResult = Partial<Pick<ContactMerge, 'survivorId' | 'mergedNumbers' | 'moved'>>;

async function runStep(deps: MergeDependencies, merge: ContactMerge, step: Exclude<MergeStep, 'completed'>): Promise<StepResult> {
  const { mergedId, survivorId } = merge;
  switch (step) {
    case 'numbers':
      return moveNumbers(deps, merge);
    case 'interactions':
      return { moved: { ...merge.moved, interactions: merge.moved.interactions + (await deps.interactions.moveToContact(mergedId, survivorId)) } };
    case 'enrolments':
      return { moved: { ...merge.moved, enrolments: merge.moved.enrolments + (await moveEnrolments(deps, mergedId, survivorId)) } };
    case 'possible-matches': {
      const touched = await deps.interactions.repointPossibleMatches(mergedId, survivorId, deps.clock.now().toISOString());
      return { moved: { ...merge.moved, possibleMatches: merge.moved.possibleMatches + touched } };
    }
  }
}

/**
 * One transaction moves every number with the profile, the claims and the redirect; a contact edited meanwhile is read
 * again. The survivor is whoever the recorded one is now (it may have been merged into a third contact since).
 */
async function moveNumbers(deps: MergeDependencies, merge: ContactMerge): Promise<StepResult> {
  for (let round = 1; ; round += 1) {
    const survivor = await currentContact(deps.contacts, merge.survivorId);
    const merged = await deps.contacts.get(merge.mergedId);
    if (!merged) return movedEarlier(deps, merge);
    if (survivor.id === merged.id) throw new ConflictError(`contact ${merge.survivorId} was merged into contact ${merged.id} since: this merge cannot go on`, { mergedId: merged.id });
    const now = deps.clock.now().toISOString();
    try {
      await deps.contacts.merge(survivor, mergedSurvivor(survivor, merged, now), merged, now);
      return { survivorId: survivor.id, mergedNumbers: allPhones(merged).map((phone) => phone.number) };
    } catch (error) {
      if (!(error instanceof VersionConflictError) || round >= maxNumberRounds) throw error;
    }
  }
}

/** The merged contact is gone: an earlier run moved the numbers and stopped before recording it, or it was deleted. */
async function movedEarlier(deps: MergeDependencies, merge: ContactMerge): Promise<StepResult> {
  const survivorId = await deps.contacts.mergedInto(merge.mergedId);
  if (survivorId === undefined) throw new ConflictError(`contact ${merge.mergedId} was deleted while being merged: nothing is left to merge`, { mergedId: merge.mergedId });
  return { survivorId };
}

/** Campaigns are tens, not millions: each is asked whether the merged contact is enrolled. */
async function moveEnrolments(deps: MergeDependencies, mergedId: string, survivorId: string): Promise<number> {
  let moved = 0;
  let cursor: string | undefined;
  do {
    const page = await deps.campaigns.list(campaignPage, cursor);
    for (const campaign of page.items) if (await deps.campaigns.moveEnrolment(campaign.id, mergedId, survivorId)) moved += 1;
    cursor = page.cursor;
  } while (cursor !== undefined);
  return moved;
}

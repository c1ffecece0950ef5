// The identification backfill's worker: invoked asynchronously ({backfillId}) by the switch, by a resume and by its own
// continuation; it goes on from the backfill's saved cursor and hands over before its time runs out.
import type { Context } from 'aws-lambda';
import { z } from 'zod';
import { runBackfill, type BackfillReport } from '#domain/use-cases/identity/identification-backfill';
import { eventHandler } from '#shared/event-handler';
import { backfillOptions, identificationBackfillDependencies } from '../identification-backfill-composition.ts';

const backfillRequest = z.object({ backfillId: z.string().min(1).max(100) });

export const handler = eventHandler<unknown, BackfillReport, Context>(async (event, context) => runBackfill(identificationBackfillDependencies(), backfillRequest.parse(event), backfillOptions(() => context.getRemainingTimeInMillis())));

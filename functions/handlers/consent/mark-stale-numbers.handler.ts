// The daily stale-number job, started by an EventBridge schedule.
import { markStaleNumbers, type StaleRunReport } from '#domain/use-cases/consent/stale-numbers';
import { eventHandler } from '#shared/event-handler';
import { consentDependencies } from '../composition.ts';

export const handler = eventHandler<unknown, StaleRunReport>(async () => markStaleNumbers(consentDependencies()));

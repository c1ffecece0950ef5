// A provider's call event (Connect, End User Messaging, the simulator) through EventBridge: record it once, resume.
import { mapProviderEvent, type ProviderEvent } from '#domain/dialer/provider-outcome';
import { recordCallOutcome } from '#domain/use-cases/dialer/record-call-outcome';
import { eventHandler } from '#shared/event-handler';
import { logger } from '#shared/observability';
import { dialerDependencies } from '../dialer-composition.ts';

export const handler = eventHandler<ProviderEvent, void>(async (event) => {
  const outcome = mapProviderEvent(event);
  if (outcome.outcome === 'ignored') {
    logger.debug('provider event ignored', { reason: outcome.reason });
    return;
  }
  const result = await recordCallOutcome(dialerDependencies(), { attemptId: outcome.attemptId, providerCallId: outcome.providerCallId, status: outcome.status, endedAt: outcome.endedAt });
  logger.info('call outcome', { result, status: outcome.status });
});

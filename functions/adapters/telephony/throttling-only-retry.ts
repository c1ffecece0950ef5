// An SDK retry strategy for requests that must never be sent twice: it retries throttling only.
import type { PinpointSMSVoiceV2ClientConfig } from '@aws-sdk/client-pinpoint-sms-voice-v2';

// The SDK's own retry types, named through the client's config so that no undeclared package is imported.
type RetryStrategyV2 = Extract<NonNullable<PinpointSMSVoiceV2ClientConfig['retryStrategy']>, { refreshRetryTokenForRetry: unknown }>;
type RetryToken = Awaited<ReturnType<RetryStrategyV2['acquireInitialRetryToken']>>;
type RetryErrorInfo = Parameters<RetryStrategyV2['refreshRetryTokenForRetry']>[1];

/**
 * A throttled request was refused before anything happened, so sending it again is safe. A timeout or a 5xx may
 * come after the provider acted: the SDK's default strategy would send it again, this one gives the error back.
 */
export function throttlingOnlyRetryStrategy(options: { maxAttempts?: number; baseDelayMs?: number } = {}): RetryStrategyV2 {
  const maxAttempts = options.maxAttempts ?? 3;
  const baseDelayMs = options.baseDelayMs ?? 100;
  return {
    acquireInitialRetryToken: async () => retryToken(0, 0),
    refreshRetryTokenForRetry: async (previous: RetryToken, info: RetryErrorInfo) => {
      const retries = previous.getRetryCount() + 1;
      // Throwing tells the SDK not to retry: it rethrows the request's own error.
      if (info.errorType !== 'THROTTLING' || retries >= maxAttempts) throw info.error ?? new Error('not retried');
      return retryToken(retries, baseDelayMs * 2 ** (retries - 1) * (0.5 + Math.random()));
    },
    recordSuccess: () => undefined,
  };
}

function retryToken(retries: number, delayMs: number): RetryToken {
  return { getRetryCount: () => retries, getRetryDelay: () => delayMs };
}

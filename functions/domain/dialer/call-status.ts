// What a dialled call came to, in our own terms: every provider's outcome maps onto these.

/** Statuses a campaign may retry, each with its own `maxRetries` and `retryDelayMinutes` (DESIGN §5). */
export const retryableStatuses = ['NO_ANSWER', 'BUSY', 'CONGESTION', 'NO_SUCH_NUMBER', 'DROP', 'ABANDONED', 'MACHINE', 'AGENT_REJECT'] as const;
export type RetryableStatus = (typeof retryableStatuses)[number];

/** REACHED closes the contact; every other status is retryable. */
export type CallStatus = 'REACHED' | RetryableStatus;

export const callStatuses: readonly CallStatus[] = ['REACHED', ...retryableStatuses];

export function isRetryableStatus(status: string): status is RetryableStatus {
  return (retryableStatuses as readonly string[]).includes(status);
}

// Where each number's one-time-code state lives (the code's hash, its checks, the recent sends).
import type { VerificationState } from '#domain/verification/one-time-code';

export interface VerificationStore {
  /** The number's state (E.164), read consistently: a check must see the send a moment ago. */
  get(number: string): Promise<VerificationState | undefined>;
  /**
   * Writes `next` if the stored state still has `readVersion` (undefined: none is stored). False when another send or
   * check got there first: read again and retry. The domain raises the version on every change.
   */
  put(next: VerificationState, readVersion: number | undefined): Promise<boolean>;
}

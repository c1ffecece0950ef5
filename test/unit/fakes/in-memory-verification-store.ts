// VerificationStore in memory, with the DynamoDB adapter's condition: a write holds only if the stored version is
// still the one read. A test can slip another writer in between a read and the next write.
import type { VerificationState } from '#domain/verification/one-time-code';
import type { VerificationStore } from '#ports/verification-store';

export class InMemoryVerificationStore implements VerificationStore {
  private readonly states = new Map<string, VerificationState>();
  /** Writes that held. */
  writes = 0;
  private pendingRivals: Array<(store: InMemoryVerificationStore) => void> = [];

  async get(number: string): Promise<VerificationState | undefined> {
    return structuredClone(this.states.get(number));
  }

  async put(next: VerificationState, readVersion: number | undefined): Promise<boolean> {
    this.pendingRivals.shift()?.(this);
    if (this.states.get(next.number)?.version !== readVersion) return false;
    this.states.set(next.number, structuredClone(next));
    this.writes += 1;
    return true;
  }

  /** Before each of the next puts, in order, `rival` writes first (as another send or check of the same number would). */
  rivalBeforeNextPuts(...rivals: Array<(store: InMemoryVerificationStore) => void>): void {
    this.pendingRivals.push(...rivals);
  }

  /** Test setup and rivals: writes whatever it is given, unconditionally. */
  overwrite(state: VerificationState): void {
    this.states.set(state.number, structuredClone(state));
  }

  /** The stored state as the table would hold it. */
  stored(number: string): VerificationState | undefined {
    return structuredClone(this.states.get(number));
  }
}

// Telephony that answers as the test scripts it, per destination: a provider call id, or one of the port's named
// errors. Every request is recorded, so a test can count the calls actually dialled.
import type { PlaceCallRequest, PlacedCall, Telephony } from '#ports/telephony';

/** One scripted answer: dialled with this provider call id, or this error thrown. */
export type ScriptedAnswer = { providerCallId: string } | Error;

export class ScriptedTelephony implements Telephony {
  readonly requests: PlaceCallRequest[] = [];
  private readonly scripts = new Map<string, ScriptedAnswer[]>();
  private placed = 0;

  /** The next calls to `destination` answer these, in order; after them, calls are placed with a generated id. */
  script(destination: string, ...answers: ScriptedAnswer[]): void {
    this.scripts.set(destination, [...(this.scripts.get(destination) ?? []), ...answers]);
  }

  async placeCall(request: PlaceCallRequest): Promise<PlacedCall> {
    this.requests.push(structuredClone(request));
    const answer = this.scripts.get(request.destination)?.shift();
    if (answer instanceof Error) throw answer;
    if (answer !== undefined) return answer;
    this.placed += 1;
    return { providerCallId: `provider-call-${this.placed}` };
  }

  /** Requests that reached the provider for `destination`. */
  dialled(destination: string): PlaceCallRequest[] {
    return this.requests.filter((request) => request.destination === destination);
  }
}

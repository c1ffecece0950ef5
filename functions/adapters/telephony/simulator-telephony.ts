// Telephony on the local simulator (local runtime and tests): an HTTP POST per call, idempotent on the attempt id.
import { CallPlacementUncertainError, DestinationRejectedError, TelephonyRequestRejectedError, TelephonyUnavailableError, type PlaceCallRequest, type PlacedCall, type Telephony } from '#ports/telephony';

/** The simulator's `POST {baseUrl}/calls` contract, shared with the simulator itself. */
export interface SimulatedCallRequest {
  attemptId: string;
  destination: string;
  campaignId: string;
  contactId: string;
}
export interface SimulatedCallResponse {
  providerCallId: string;
}
/**
 * Error bodies `{ error, message }`: 422 `destination_rejected` and 503 `unavailable` (scripted placement failures),
 * 409 `attempt_conflict` (an attempt id reused for another destination), 400 `invalid_request`, 404, 405.
 */
export type SimulatorErrorCode = 'destination_rejected' | 'unavailable' | 'attempt_conflict' | 'invalid_request' | 'not_found' | 'method_not_allowed';

export class SimulatorTelephony implements Telephony {
  private readonly callsUrl: string;

  /** `baseUrl` is where the simulator is mounted, e.g. `http://127.0.0.1:3000/_local/telephony`. */
  constructor(
    baseUrl: string,
    private readonly timeoutMs = 5_000,
  ) {
    this.callsUrl = `${baseUrl.replace(/\/+$/, '')}/calls`;
  }

  async placeCall(request: PlaceCallRequest): Promise<PlacedCall> {
    if (request.backend.type !== 'simulator') throw new TelephonyRequestRejectedError(request.backend.type, 'the simulator adapter got a request for another back end');
    const body: SimulatedCallRequest = { attemptId: request.attemptId, destination: request.destination, campaignId: request.campaignId, contactId: request.contactId };
    let response: Response;
    try {
      response = await fetch(this.callsUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body), signal: AbortSignal.timeout(this.timeoutMs) });
    } catch (error) {
      // A request that timed out may have been served: the call may ring, and a retry would be a new attempt (a
      // second call). A refused connection sent nothing.
      const name = error instanceof Error ? error.name : 'FetchError';
      if (name === 'TimeoutError' || name === 'AbortError') throw new CallPlacementUncertainError('simulator', name);
      throw new TelephonyUnavailableError('simulator', 'unavailable', name);
    }
    const reply = (await response.json().catch(() => ({}))) as Partial<SimulatedCallResponse> & { error?: SimulatorErrorCode };
    if (response.ok && typeof reply.providerCallId === 'string') return { providerCallId: reply.providerCallId };
    if (response.status === 429) throw new TelephonyUnavailableError('simulator', 'throttled', String(response.status));
    if (response.status >= 500 || response.ok) throw new TelephonyUnavailableError('simulator', 'unavailable', reply.error ?? String(response.status));
    if (reply.error === 'destination_rejected') throw new DestinationRejectedError('simulator', reply.error);
    throw new TelephonyRequestRejectedError('simulator', `the simulator answered ${response.status}`, reply.error ?? String(response.status));
  }
}

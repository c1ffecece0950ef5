// CampaignStarter in memory: the requests it was given wait in a queue until a test delivers them.
import type { CampaignStarter, StartRunRequest } from '#ports/campaign-starter';

export class InMemoryCampaignStarter implements CampaignStarter {
  readonly requests: StartRunRequest[] = [];
  /** Set to make the next request fail, as an invocation Lambda refused would. */
  failNext: Error | undefined;

  async startRun(request: StartRunRequest): Promise<void> {
    const failure = this.failNext;
    this.failNext = undefined;
    if (failure) throw failure;
    this.requests.push(structuredClone(request));
  }

  /** The oldest request not yet delivered. */
  take(): StartRunRequest | undefined {
    return this.requests.shift();
  }
}

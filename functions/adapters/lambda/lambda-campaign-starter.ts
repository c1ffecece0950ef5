// CampaignStarter as an asynchronous invocation of the starter function (Lambda retries it and keeps failures).
import { InvokeCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import type { CampaignStarter, StartRunRequest } from '#ports/campaign-starter';

export class LambdaCampaignStarter implements CampaignStarter {
  constructor(
    private readonly client: LambdaClient,
    private readonly functionName: string,
  ) {}

  async startRun(request: StartRunRequest): Promise<void> {
    const { StatusCode } = await this.client.send(new InvokeCommand({ FunctionName: this.functionName, InvocationType: 'Event', Payload: JSON.stringify(request) }));
    if (StatusCode !== 202) throw new Error(`the campaign starter was not queued (status ${StatusCode})`);
  }
}

// IdentificationBackfillStarter as an asynchronous invocation of the backfill worker (Lambda retries it).
import { InvokeCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import type { BackfillRequest, IdentificationBackfillStarter } from '#ports/identification-backfill-starter';

export class LambdaIdentificationBackfillStarter implements IdentificationBackfillStarter {
  constructor(
    private readonly client: LambdaClient,
    private readonly functionName: string,
  ) {}

  async start(request: BackfillRequest): Promise<void> {
    const { StatusCode } = await this.client.send(new InvokeCommand({ FunctionName: this.functionName, InvocationType: 'Event', Payload: JSON.stringify(request) }));
    if (StatusCode !== 202) throw new Error(`the identification backfill was not queued (status ${StatusCode})`);
  }
}

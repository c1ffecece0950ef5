// WorkflowEngine on Step Functions: one Standard execution per contact, resumed by task token.
import { ExecutionAlreadyExists, InvalidToken, ListExecutionsCommand, SendTaskSuccessCommand, StartExecutionCommand, StopExecutionCommand, TaskDoesNotExist, TaskTimedOut, type SFNClient } from '@aws-sdk/client-sfn';
import type { WorkflowData } from '#domain/dialer/workflow-data';
import type { WorkflowEngine } from '#ports/workflow-engine';

export class StepFunctionsWorkflowEngine implements WorkflowEngine {
  constructor(
    private readonly client: SFNClient,
    /** Absent for the call tasks: they only resume, and the state machine that calls them cannot name itself to them. */
    private readonly stateMachineArn: string | undefined,
  ) {}

  async start(name: string, input: WorkflowData): Promise<'started' | 'already-started'> {
    try {
      await this.client.send(new StartExecutionCommand({ stateMachineArn: this.machine(), name, input: JSON.stringify(input) }));
      return 'started';
    } catch (error) {
      // The name is the idempotency key: a second start of the same contact and run is the same execution.
      if (error instanceof ExecutionAlreadyExists) return 'already-started';
      throw error;
    }
  }

  async resume(taskToken: string, output: WorkflowData): Promise<'resumed' | 'gone'> {
    try {
      await this.client.send(new SendTaskSuccessCommand({ taskToken, output: JSON.stringify(output) }));
      return 'resumed';
    } catch (error) {
      if (error instanceof TaskTimedOut || error instanceof TaskDoesNotExist || error instanceof InvalidToken) return 'gone';
      throw error;
    }
  }

  async stopAll(namePrefix: string): Promise<number> {
    let stopped = 0;
    let nextToken: string | undefined;
    do {
      const page = await this.client.send(new ListExecutionsCommand({ stateMachineArn: this.machine(), statusFilter: 'RUNNING', maxResults: 1000, nextToken }));
      for (const execution of page.executions ?? []) {
        if (!execution.name?.startsWith(namePrefix) || execution.executionArn === undefined) continue;
        await this.client.send(new StopExecutionCommand({ executionArn: execution.executionArn, error: 'CampaignStopped', cause: 'the campaign was stopped' }));
        stopped += 1;
      }
      nextToken = page.nextToken;
    } while (nextToken);
    return stopped;
  }

  private machine(): string {
    if (this.stateMachineArn === undefined) throw new Error('this function was not given the state machine (DIALER_STATE_MACHINE_ARN)');
    return this.stateMachineArn;
  }
}

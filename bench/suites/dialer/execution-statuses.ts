// The executions of a state machine by status, with the first failures' error and cause: what to say when a run
// did not close every contact.
import type { LocalStepFunctions } from '../../../local/step-functions/index.ts';

export interface ExecutionStatuses {
  byStatus: Record<string, number>;
  /** `STATUS error: cause` of the first few executions that did not succeed. */
  failures: string[];
}

export function executionStatuses(stepFunctions: LocalStepFunctions, stateMachineArn: string, sample = 2): ExecutionStatuses {
  const byStatus: Record<string, number> = {};
  const failures: string[] = [];
  let nextToken: string | undefined;
  do {
    const page = stepFunctions.listExecutions({ stateMachineArn, maxResults: 1000, ...(nextToken !== undefined && { nextToken }) });
    for (const { executionArn, status } of page.executions) {
      byStatus[status] = (byStatus[status] ?? 0) + 1;
      if (status === 'SUCCEEDED' || failures.length >= sample) continue;
      const { error, cause } = stepFunctions.describeExecution({ executionArn });
      failures.push(`${status} ${error ?? ''}: ${(cause ?? '').slice(0, 200)}`);
    }
    nextToken = page.nextToken;
  } while (nextToken !== undefined);
  return { byStatus, failures };
}

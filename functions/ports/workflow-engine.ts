// The per-contact executions: started, resumed and stopped through this port (Step Functions in AWS and locally).
import type { WorkflowData } from '#domain/dialer/workflow-data';

export interface WorkflowEngine {
  /** Starts an execution with a deterministic name; a name already started is not started again. */
  start(name: string, input: WorkflowData): Promise<'started' | 'already-started'>;
  /** Resumes the execution waiting on `taskToken`; 'gone' when it no longer waits (timed out, stopped, resumed). */
  resume(taskToken: string, output: WorkflowData): Promise<'resumed' | 'gone'>;
  /** Stops every running execution whose name starts with `namePrefix`; returns how many. */
  stopAll(namePrefix: string): Promise<number>;
}

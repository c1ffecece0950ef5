// WorkflowEngine that records what it is asked: an execution name starts once, a task token resumes once, and a
// token the test marks as expired (timed out, stopped) answers 'gone' as Step Functions would.
import type { WorkflowData } from '#domain/dialer/workflow-data';
import type { WorkflowEngine } from '#ports/workflow-engine';

export interface RecordedResume {
  taskToken: string;
  output: WorkflowData;
  answer: 'resumed' | 'gone';
}

export class RecordingWorkflowEngine implements WorkflowEngine {
  readonly started: Array<{ name: string; input: WorkflowData }> = [];
  /** Every resume asked for, in order, with what it answered. */
  readonly resumes: RecordedResume[] = [];
  private readonly expired = new Set<string>();
  private readonly consumed = new Set<string>();
  private readonly stopped = new Set<string>();

  /** The execution no longer waits on this token: its task timed out or the execution was stopped. */
  expire(taskToken: string): void {
    this.expired.add(taskToken);
  }

  async start(name: string, input: WorkflowData): Promise<'started' | 'already-started'> {
    if (this.started.some((execution) => execution.name === name)) return 'already-started';
    this.started.push({ name, input: structuredClone(input) });
    return 'started';
  }

  async resume(taskToken: string, output: WorkflowData): Promise<'resumed' | 'gone'> {
    // A token answers once: a second SendTaskSuccess on it fails as the first one's task is over.
    const answer = this.expired.has(taskToken) || this.consumed.has(taskToken) ? 'gone' : 'resumed';
    if (answer === 'resumed') this.consumed.add(taskToken);
    this.resumes.push({ taskToken, output: structuredClone(output), answer });
    return answer;
  }

  async stopAll(namePrefix: string): Promise<number> {
    const running = this.started.filter((execution) => execution.name.startsWith(namePrefix) && !this.stopped.has(execution.name));
    for (const execution of running) this.stopped.add(execution.name);
    return running.length;
  }

  /** The outputs the execution actually received (answers 'resumed'), in order. */
  resumedOutputs(): WorkflowData[] {
    return this.resumes.filter((resume) => resume.answer === 'resumed').map((resume) => resume.output);
  }
}

// Callback tasks (.waitForTaskToken): one token per task attempt, completed by SendTaskSuccess or SendTaskFailure,
// closed for good by either, by its timeout or by the end of its execution.
import { randomBytes } from 'node:crypto';
import { apiErrors } from './api-errors.ts';
import type { JsonValue } from './json-value.ts';

export type TaskClosure = 'succeeded' | 'failed' | 'timed-out' | 'aborted';

export interface TaskOwner {
  executionArn: string;
  stateName: string;
}

interface OpenTask extends TaskOwner {
  resolve(output: JsonValue): void;
  reject(error: Error): void;
  onHeartbeat?: () => void;
}

type TaskEntry = { open: OpenTask } | { closed: TaskClosure };

// Shaped like AWS's (opaque, base64, a few dozen characters), so that code storing tokens meets realistic sizes.
const tokenPattern = /^AQ[A-Za-z0-9_-]{64}$/;

export class CallbackTasks {
  readonly #tasks = new Map<string, TaskEntry>();

  mintToken(): string {
    return `AQ${randomBytes(48).toString('base64url')}`;
  }

  /** Opens the task of `token`; the promise settles when the task is completed, failed, timed out or aborted. */
  open(token: string, owner: TaskOwner, onHeartbeat?: () => void): Promise<JsonValue> {
    if (this.#tasks.has(token)) throw new Error(`task token opened twice (state ${owner.stateName})`);
    return new Promise((resolve, reject) => {
      this.#tasks.set(token, { open: { ...owner, resolve, reject, ...(onHeartbeat && { onHeartbeat }) } });
    });
  }

  /** SendTaskSuccess. */
  succeed(token: string, output: JsonValue): void {
    const task = this.#openTask(token);
    this.#tasks.set(token, { closed: 'succeeded' });
    task.resolve(output);
  }

  /** SendTaskFailure, or the task's Lambda function failing. */
  fail(token: string, error: Error): void {
    const task = this.#openTask(token);
    this.#tasks.set(token, { closed: 'failed' });
    task.reject(error);
  }

  /** SendTaskHeartbeat. */
  heartbeat(token: string): void {
    this.#openTask(token).onHeartbeat?.();
  }

  /** Closes the task if it is still open (timeout, abort, a late Lambda error); returns whether it was. */
  close(token: string, closure: Exclude<TaskClosure, 'succeeded'>, error: Error): boolean {
    const entry = this.#tasks.get(token);
    if (entry === undefined || !('open' in entry)) return false;
    this.#tasks.set(token, { closed: closure });
    entry.open.reject(error);
    return true;
  }

  #openTask(token: string): OpenTask {
    if (!tokenPattern.test(token)) throw apiErrors.invalidToken();
    const entry = this.#tasks.get(token);
    if (entry === undefined) throw apiErrors.taskDoesNotExist();
    // AWS answers TaskTimedOut for every closed task, not only timed-out ones ("Provided task does not exist anymore").
    if ('closed' in entry) throw apiErrors.taskTimedOut();
    return entry.open;
  }
}

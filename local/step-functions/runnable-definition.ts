// The synthesized definition rewritten, programmatically, into what aws-local-stepfunctions runs on virtual time:
// the interpreter sleeps and times out with setTimeout on the wall clock, so every time-bound part moves to local handlers.
import { isArn } from './local-arns.ts';

export interface StateMachineDefinition {
  StartAt: string;
  States: Record<string, StateDefinition>;
  TimeoutSeconds?: number;
  QueryLanguage?: string;
  Comment?: string;
  Version?: string;
}

export type StateDefinition = { Type: string } & Record<string, unknown>;

export type TaskKind =
  /** `arn:aws:states:::lambda:invoke`: the output is Lambda's Invoke response ({ExecutedVersion, Payload, StatusCode, …}). */
  | 'lambda-invoke'
  /** `arn:aws:states:::lambda:invoke.waitForTaskToken`: the output is what SendTaskSuccess sends. */
  | 'lambda-callback'
  /** A function ARN as Resource: input in, the function's result out. */
  | 'lambda-function'
  /** A Wait state, substituted by a Task whose local handler sleeps on the virtual clock. */
  | 'virtual-wait';

export interface TaskSpec {
  kind: TaskKind;
  resource: string;
  /** The state's own TimeoutSeconds / HeartbeatSeconds, enforced on the virtual clock (none: AWS's default, no limit). */
  timeoutSeconds?: number;
  heartbeatSeconds?: number;
}

export interface RunnableDefinition {
  definition: StateMachineDefinition;
  /** Every Task state of the runnable definition (nested ones included), by state name. */
  tasks: ReadonlyMap<string, TaskSpec>;
  /** States with a Retry field: their retry interval is slept on the virtual clock instead of the interpreter's timer. */
  retryingStates: readonly string[];
  /** The execution's TimeoutSeconds, enforced on the virtual clock. */
  timeoutSeconds?: number;
}

/** The Resource of a substituted Wait state; never sent anywhere (its handler is local). */
export const virtualWaitResource = 'arn:aws:states:::local-runtime:virtual-wait';

/**
 * The interpreter races every Task against setTimeout(TimeoutSeconds, default 60 s of wall time). The largest delay
 * setTimeout accepts (about 24.8 days) keeps that wall-clock race from ever deciding; the real limit runs on virtual time.
 */
const interpreterWallTimeoutSeconds = Math.floor((2 ** 31 - 1) / 1000);

export class UnsupportedDefinitionError extends Error {
  override name = 'UnsupportedDefinitionError';
}

export function toRunnableDefinition(original: StateMachineDefinition): RunnableDefinition {
  if (original.QueryLanguage !== undefined && original.QueryLanguage !== 'JSONPath') throw new UnsupportedDefinitionError(`query language ${original.QueryLanguage}: aws-local-stepfunctions runs JSONPath only`);
  const definition = structuredClone(original);
  const tasks = new Map<string, TaskSpec>();
  const retryingStates: string[] = [];
  const seen = new Set<string>();
  const timeoutSeconds = definition.TimeoutSeconds;
  delete definition.TimeoutSeconds;

  const rewrite = (states: Record<string, StateDefinition>) => {
    for (const [name, state] of Object.entries(states)) {
      if (seen.has(name)) throw new UnsupportedDefinitionError(`state name ${name} is used twice: the interpreter's overrides are keyed by state name`);
      seen.add(name);
      if (state.QueryLanguage !== undefined && state.QueryLanguage !== 'JSONPath') throw new UnsupportedDefinitionError(`state ${name} uses ${String(state.QueryLanguage)}: aws-local-stepfunctions runs JSONPath only`);
      for (const unsupported of ['Assign', 'Arguments', 'Output']) {
        if (unsupported in state) throw new UnsupportedDefinitionError(`state ${name} uses ${unsupported}: the local interpreter runs JSONPath without variables`);
      }
      normaliseResultPaths(state);
      if (Array.isArray(state.Retry)) retryingStates.push(name);
      if (state.Type === 'Wait') {
        states[name] = virtualWaitTask(state);
        tasks.set(name, { kind: 'virtual-wait', resource: virtualWaitResource });
      } else if (state.Type === 'Task') {
        tasks.set(name, taskSpec(name, state));
        state.TimeoutSeconds = interpreterWallTimeoutSeconds;
        delete state.HeartbeatSeconds;
      } else if (state.Type === 'Parallel') {
        for (const branch of state.Branches as StateMachineDefinition[]) rewrite(branch.States);
      } else if (state.Type === 'Map') {
        rewrite(((state.ItemProcessor ?? state.Iterator) as StateMachineDefinition).States);
      }
    }
  };
  rewrite(definition.States);
  return { definition, tasks, retryingStates, ...(timeoutSeconds !== undefined && { timeoutSeconds }) };
}

function taskSpec(name: string, state: StateDefinition): TaskSpec {
  const resource = String(state.Resource);
  for (const field of ['TimeoutSecondsPath', 'HeartbeatSecondsPath']) {
    if (field in state) throw new UnsupportedDefinitionError(`state ${name} uses ${field}: the local service supports fixed TimeoutSeconds / HeartbeatSeconds only`);
  }
  const limits = {
    ...(typeof state.TimeoutSeconds === 'number' && { timeoutSeconds: state.TimeoutSeconds }),
    ...(typeof state.HeartbeatSeconds === 'number' && { heartbeatSeconds: state.HeartbeatSeconds }),
  };
  if (/^arn:[^:]+:states:::lambda:invoke$/.test(resource)) return { kind: 'lambda-invoke', resource, ...limits };
  if (/^arn:[^:]+:states:::lambda:invoke\.waitForTaskToken$/.test(resource)) {
    // AWS refuses such a definition too: nobody could ever complete the task.
    if (!JSON.stringify(state.Parameters ?? {}).includes('$$.Task.Token')) throw new UnsupportedDefinitionError(`state ${name} waits for a task token but does not pass $$.Task.Token in its Parameters`);
    return { kind: 'lambda-callback', resource, ...limits };
  }
  if (isArn(resource) && /^arn:[^:]+:lambda:/.test(resource)) return { kind: 'lambda-function', resource, ...limits };
  throw new UnsupportedDefinitionError(`state ${name}: the local service runs Lambda tasks only (lambda:invoke, lambda:invoke.waitForTaskToken, a function ARN), not ${resource}`);
}

/**
 * A Wait state as a Task with the same InputPath, OutputPath and transition: Parameters hand its handler the
 * effective input and the wait (so the interpreter evaluates SecondsPath / TimestampPath, with AWS's States.Runtime
 * when the path finds nothing), and the handler returns the input unchanged.
 */
function virtualWaitTask(wait: StateDefinition): StateDefinition {
  const parameters: Record<string, unknown> = { 'input.$': '$' };
  if (wait.Seconds !== undefined) parameters.seconds = wait.Seconds;
  else if (wait.Timestamp !== undefined) parameters.timestamp = wait.Timestamp;
  else if (wait.SecondsPath !== undefined) parameters['seconds.$'] = wait.SecondsPath;
  else if (wait.TimestampPath !== undefined) parameters['timestamp.$'] = wait.TimestampPath;
  const task: StateDefinition = { Type: 'Task', Resource: virtualWaitResource, Parameters: parameters, TimeoutSeconds: interpreterWallTimeoutSeconds };
  for (const field of ['Comment', 'InputPath', 'OutputPath', 'Next', 'End']) {
    if (field in wait) task[field] = wait[field];
  }
  return task;
}

/** The interpreter writes `ResultPath: "$"` into a field named "$"; leaving it out means the same thing and works. */
function normaliseResultPaths(state: StateDefinition): void {
  if (state.ResultPath === '$') delete state.ResultPath;
  for (const catcher of (state.Catch ?? []) as Array<Record<string, unknown>>) {
    if (catcher.ResultPath === '$') delete catcher.ResultPath;
  }
}

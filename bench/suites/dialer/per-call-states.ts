// Which states of the synthesized dialer definition repeat per call (those on its loop) and which an execution
// enters once at most (before the loop starts or after it ends): the start and close overhead.
import { stepFunctionsFromTemplates, stepFunctionsPhysicalNames } from '../../../local/step-functions/index.ts';
import type { StateDefinition } from '../../../local/step-functions/runnable-definition.ts';
import { synthesizeApp } from '../../../local/synthesized-app.ts';

export interface DefinitionStates {
  /** On a cycle of the definition: entered again for every call. */
  loop: Set<string>;
  /** On no cycle: entered at most once per execution, whatever the number of calls. */
  once: Set<string>;
}

/** The same synthesis the local runtime runs; `arn` picks the dialer among the template's state machines. */
export function dialerDefinitionStates(arn: string): DefinitionStates {
  const synthesized = synthesizeApp();
  const templates = [synthesized.data, synthesized.compute];
  const machine = stepFunctionsFromTemplates(templates, stepFunctionsPhysicalNames(templates)).stateMachines.find((candidate) => candidate.arn === arn);
  if (machine === undefined) throw new Error(`the synthesized app has no state machine ${arn}`);
  const successors = new Map(Object.entries(machine.definition.States).map(([name, state]) => [name, nextStates(state)]));
  const loop = new Set<string>();
  const once = new Set<string>();
  for (const name of successors.keys()) (reaches(successors, name, name) ? loop : once).add(name);
  return { loop, once };
}

/** Next, Default, every Choice rule's and every Catch's Next (the definition has no Parallel or Map). */
function nextStates(state: StateDefinition): string[] {
  const rules = [...((state.Choices as Array<{ Next?: string }> | undefined) ?? []), ...((state.Catch as Array<{ Next?: string }> | undefined) ?? [])];
  return [state.Next, state.Default, ...rules.map((rule) => rule.Next)].filter((next): next is string => typeof next === 'string');
}

function reaches(successors: ReadonlyMap<string, string[]>, from: string, target: string): boolean {
  const seen = new Set<string>();
  const pending = [...(successors.get(from) ?? [])];
  while (pending.length > 0) {
    const name = pending.pop()!;
    if (name === target) return true;
    if (seen.has(name)) continue;
    seen.add(name);
    pending.push(...(successors.get(name) ?? []));
  }
  return false;
}

// Right before a dial (DESIGN §4): the number's consent, do-not-call entries and window, read again — not trusted
// from when the call was planned — so that a withdrawal while the execution waited stops the call.
import { numberVerdict, type NumberVerdict } from '../../contactability/contactability.ts';
import type { WorkflowData } from '../../dialer/workflow-data.ts';
import type { DialerDependencies } from './dialer-dependencies.ts';

export async function dialTimeVerdict(deps: Pick<DialerDependencies, 'consent'>, workflow: WorkflowData, number: string, now: Date): Promise<NumberVerdict> {
  const { facts, policy } = await deps.consent.contactabilityInputs([number]);
  const { settings } = workflow;
  return numberVerdict({ phone: { number }, ...facts.get(number)! }, { channel: settings.channel, purpose: settings.purpose, at: now, campaignWindow: settings.callingWindow }, policy);
}

/** Only its window keeps the number from being dialled now, and the window opens again: wait for it. */
export function onlyWaitingForWindow(verdict: NumberVerdict): verdict is NumberVerdict & { nextOpenAt: string } {
  return verdict.reasons.every((reason) => reason === 'outside-window') && verdict.nextOpenAt !== undefined;
}

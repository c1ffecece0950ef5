// The number lookup on the local simulator (local runtime and tests): answers scripted per number, else derived from
// the number itself, and a count of the lookups it answered (what a provider would bill).
import { classifyLine } from '#domain/identity/line-classification';
import type { LineType } from '#domain/phone-number';
import { LookupRejectedError, LookupUnavailableError, type LookupLineType, type LookupResult, type PhoneLookup } from '#ports/phone-lookup';

/** `fail`: the provider is down (LookupUnavailableError); `reject`: it refuses the request (LookupRejectedError). */
export type ScriptedLookup = LookupResult | LookupLineType | 'fail' | 'reject';

const e164 = /^\+[1-9][0-9]{6,14}$/;

/** What the metadata knows of a line that is certainly not a mobile, as a provider would name it. */
const notMobileAnswers: Partial<Record<LineType, LookupLineType>> = { fixed_line: 'landline', voip: 'voip' };

export class SimulatorPhoneLookup implements PhoneLookup {
  private readonly scripts = new Map<string, ScriptedLookup>();
  private readonly counts = new Map<string, number>();

  async lookup(number: string): Promise<LookupResult> {
    if (!e164.test(number)) throw new LookupRejectedError('the number is not in E.164', 'Simulated');
    this.counts.set(number, (this.counts.get(number) ?? 0) + 1);
    const scripted = this.scripts.get(number);
    if (scripted === 'fail') throw new LookupUnavailableError('unavailable', 'Simulated');
    if (scripted === 'reject') throw new LookupRejectedError('scripted refusal', 'Simulated');
    if (typeof scripted === 'string') return { lineType: scripted };
    return scripted ? { ...scripted } : defaultAnswer(number);
  }

  /** From now on, looking `number` up answers `answer`, until scripted again; `undefined` goes back to the default. */
  script(number: string, answer: ScriptedLookup | undefined): void {
    if (answer === undefined) this.scripts.delete(number);
    else this.scripts.set(number, answer);
  }

  /** Lookups answered (failures included, as a provider bills them), of one number or of all. */
  lookupCount(number?: string): number {
    if (number !== undefined) return this.counts.get(number) ?? 0;
    let total = 0;
    for (const count of this.counts.values()) total += count;
    return total;
  }

  /** Forgets the scripts and the counts. */
  clear(): void {
    this.scripts.clear();
    this.counts.clear();
  }
}

/**
 * Deterministic, so a local run or a test can tell what it will get: the metadata's answer where it has one
 * (mobile; fixed line → landline; VoIP; other non-mobile types → other); a number no range matches (or no country) → invalid; and
 * where the metadata cannot tell (North America), a mobile when the last digit is even, a landline when it is odd.
 */
function defaultAnswer(number: string): LookupResult {
  let classification;
  try {
    classification = classifyLine(number);
  } catch {
    return { lineType: 'invalid' };
  }
  const { verdict, lineType } = classification;
  if (verdict === 'mobile') return { lineType: 'mobile', carrier: 'Simulated Mobile' };
  if (verdict === 'not-mobile') return { lineType: notMobileAnswers[lineType] ?? 'other' };
  if (lineType === 'unknown') return { lineType: 'invalid' };
  return Number(number.at(-1)) % 2 === 0 ? { lineType: 'mobile', carrier: 'Simulated Mobile' } : { lineType: 'landline', carrier: 'Simulated Telco' };
}

// PhoneLookup that answers what the test scripts, after a delay the test sets, and counts every call (every paid request).
import { LookupUnavailableError, type LookupResult, type PhoneLookup } from '#ports/phone-lookup';

export class CountingPhoneLookup implements PhoneLookup {
  private readonly answers = new Map<string, LookupResult | 'fail'>();
  /** Numbers looked up, in call order. */
  readonly calls: string[] = [];

  constructor(
    private readonly fallback: LookupResult = { lineType: 'mobile', carrier: 'Test Mobile' },
    /** How long each lookup takes, in real milliseconds: long enough for concurrent callers to pile up. */
    private readonly delayMs = 5,
  ) {}

  async lookup(e164: string): Promise<LookupResult> {
    this.calls.push(e164);
    await new Promise((resolve) => setTimeout(resolve, this.delayMs));
    const answer = this.answers.get(e164) ?? this.fallback;
    if (answer === 'fail') throw new LookupUnavailableError('unavailable', 'TestOutage');
    return { ...answer };
  }

  /** From now on `e164` answers `answer`. */
  answer(e164: string, answer: LookupResult | 'fail'): void {
    this.answers.set(e164, answer);
  }

  count(e164?: string): number {
    return e164 === undefined ? this.calls.length : this.calls.filter((called) => called === e164).length;
  }
}

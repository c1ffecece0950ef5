// The lookup simulator the local runtime scripts: scripted answers per number, a deterministic default, and a count.
import { describe, expect, it } from 'vitest';
import { SimulatorPhoneLookup } from '../../../functions/adapters/lookup/simulator-phone-lookup.ts';
import { LookupRejectedError, LookupUnavailableError } from '../../../functions/ports/phone-lookup.ts';

describe('SimulatorPhoneLookup', () => {
  it.each([
    ['+12015550124', 'mobile', 'a North American number ending in an even digit'],
    ['+12015550123', 'landline', 'a North American number ending in an odd digit'],
    ['+14165550128', 'mobile', 'a Canadian number ending in an even digit'],
    ['+33612345677', 'mobile', 'a French mobile, whatever its last digit'],
    ['+442079460958', 'landline', 'a London fixed line, whatever its last digit'],
    ['+33912345678', 'voip', 'a French VoIP number'],
    ['+18005550199', 'other', 'a toll-free number'],
    ['+447700900123', 'invalid', 'a number no range matches'],
    ['+9991234567', 'invalid', 'a number of no country'],
  ])('answers %s with %s by default: %s', async (number, lineType) => {
    // Prepare
    const simulator = new SimulatorPhoneLookup();

    // Act
    const result = await simulator.lookup(number);

    // Assess
    expect(result.lineType).toBe(lineType);
  });

  it('answers what was scripted for a number until the script is removed', async () => {
    // Prepare
    const simulator = new SimulatorPhoneLookup();
    simulator.script('+12015550124', { lineType: 'voip', carrier: 'Scripted' });
    simulator.script('+12015550123', 'prepaid');

    // Act
    const scripted = [await simulator.lookup('+12015550124'), await simulator.lookup('+12015550123')];
    simulator.script('+12015550124', undefined);
    const unscripted = await simulator.lookup('+12015550124');

    // Assess
    expect(scripted).toEqual([{ lineType: 'voip', carrier: 'Scripted' }, { lineType: 'prepaid' }]);
    expect(unscripted.lineType).toBe('mobile');
  });

  it('fails or refuses as a provider would when scripted to', async () => {
    // Prepare
    const simulator = new SimulatorPhoneLookup();
    simulator.script('+12015550124', 'fail');
    simulator.script('+12015550126', 'reject');

    // Act
    const failure = await simulator.lookup('+12015550124').catch((caught: unknown) => caught);
    const refusal = await simulator.lookup('+12015550126').catch((caught: unknown) => caught);
    const malformed = await simulator.lookup('2015550124').catch((caught: unknown) => caught);

    // Assess
    expect(failure).toBeInstanceOf(LookupUnavailableError);
    expect(refusal).toBeInstanceOf(LookupRejectedError);
    expect(malformed).toBeInstanceOf(LookupRejectedError);
  });

  it('counts the lookups it answered, failures included, per number and in all, until cleared', async () => {
    // Prepare
    const simulator = new SimulatorPhoneLookup();
    simulator.script('+12015550126', 'fail');

    // Act
    await simulator.lookup('+12015550124');
    await simulator.lookup('+12015550124');
    await simulator.lookup('+12015550126').catch(() => undefined);
    const counts = [simulator.lookupCount('+12015550124'), simulator.lookupCount('+12015550126'), simulator.lookupCount('+12015550128'), simulator.lookupCount()];
    simulator.clear();

    // Assess
    expect(counts).toEqual([2, 1, 0, 3]);
    expect(simulator.lookupCount()).toBe(0);
    expect((await simulator.lookup('+12015550126')).lineType).toBe('mobile');
  });
});

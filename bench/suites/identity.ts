// The identity budgets (DESIGN §3, §9): paid number lookups on a seeded trace of inbound calls and SMS, against what a
// product without the lookup economy would pay, and DynamoDB reads per inbound event from a known mobile.
import { classifyLine } from '#domain/identity/line-classification';
import type { Measure, Suite } from '../lib/measure.ts';
import { describeTrace, generateInboundTrace, type InboundTrace } from './identity/inbound-trace.ts';
import { replayTrace } from './identity/trace-replay.ts';

const traceSeed = 20_250_303;

export const identitySuite: Suite = {
  name: 'identity',
  async run() {
    const trace = generateInboundTrace({ seed: traceSeed });
    checkTrace(trace);
    const mix = describeTrace(trace);
    console.error(`identity: trace of ${mix.events} events from ${mix.distinctCallers} numbers (seed ${trace.seed}): ${percent(mix.smsShare)} SMS, the busiest fifth of the callers make ${percent(mix.busiestFifthShare)} of the events`);
    console.error(`identity: numbers and events by segment ${JSON.stringify(mix.bySegment)}`);
    console.error('identity: replaying it through the inbound use case on DynamoDB Local…');
    const replay = await replayTrace(trace);

    // The product's metric and the provider's bill must agree, or one of them is not counting what it says.
    if (replay.paidLookups !== replay.providerLookups) throw new Error(`PaidLookups counted ${replay.paidLookups}, the simulated provider answered ${replay.providerLookups}`);
    if (replay.knownMobileEvents === 0) throw new Error('no event came from a number held as MOBILE by one contact: the trace does not measure dynamodbReadsPerKnownInbound');
    console.error(`identity: decisions ${JSON.stringify(Object.fromEntries(replay.decisions))}, ${replay.created} contacts created, ${replay.upgraded} OTHER numbers made MOBILE, ${replay.lookupFailures} lookup failures`);
    console.error(`identity: paid lookups ${replay.paidLookups}: ${replay.lookupsOfUnknownNumbers} on a call from an unknown number, ${replay.lookupsOfHeldOtherNumbers} on a call from a number held as OTHER by one contact; a product without the economy: ${replay.naiveLookups}`);
    console.error(`identity: DynamoDB requests of all ${replay.events} events ${JSON.stringify(Object.fromEntries(replay.requestsByOperation))}`);
    console.error(`identity: reads of the ${replay.knownMobileEvents} events from a known MOBILE ${JSON.stringify(Object.fromEntries(replay.knownMobileReadShapes))}`);
    if (replay.warnings.size > 0) console.error(`identity: warnings ${JSON.stringify(Object.fromEntries(replay.warnings))}`);

    const per1000 = (count: number) => round((count / replay.events) * 1000, 2);
    const readsPerKnown = replay.knownMobileReads / replay.knownMobileEvents;
    // No target for the paid figure: it is a property of the trace's mix. It reads beside what the naive product pays.
    return [
      { measure: 'paidLookupsPer1000Inbound', value: per1000(replay.paidLookups) },
      { measure: 'naivePaidLookupsPer1000Inbound', value: per1000(replay.naiveLookups) },
      // The share of the naive product's lookups that the economy avoids.
      { measure: 'lookupSavingRatio', value: round(replay.naiveLookups === 0 ? 0 : 1 - replay.paidLookups / replay.naiveLookups) },
      { measure: 'paidLookupsOfMetadataSettledNumbers', value: replay.lookupsOfMetadataSettledNumbers, target: '0', met: replay.lookupsOfMetadataSettledNumbers === 0 },
      // On an SMS, or a number held as MOBILE, HOME or OFFICE, or by several contacts (DESIGN §3).
      { measure: 'paidLookupsTheRulesForbid', value: replay.forbiddenLookups, target: '0', met: replay.forbiddenLookups === 0 },
      { measure: 'maxPaidLookupsPerNumber', value: replay.maxLookupsPerNumber, target: '≤ 1', met: replay.maxLookupsPerNumber <= 1 },
      // Reads only: the interaction's own write (one transaction) is left out.
      { measure: 'dynamodbReadsPerKnownInbound', value: round(readsPerKnown), target: '≤ 1', met: readsPerKnown <= 1 },
      { measure: 'dynamodbWritesPerKnownInbound', value: round(replay.knownMobileWrites / replay.knownMobileEvents) },
    ] satisfies Measure[];
  },
};

/** The generator's number ranges must still be what the metadata says: a North American number ambiguous, the rest settled. */
function checkTrace(trace: InboundTrace): void {
  for (const number of trace.numbers) {
    const { verdict } = classifyLine(number.e164);
    const expected = number.region === 'US' || number.region === 'CA' ? 'ambiguous' : number.line === 'mobile' ? 'mobile' : 'not-mobile';
    if (verdict !== expected) throw new Error(`trace number of ${number.region} (${number.line}) classified ${verdict}, not ${expected}: the generator's ranges need updating`);
  }
}

function percent(share: number): string {
  return `${Math.round(share * 100)}%`;
}

function round(value: number, digits = 4): number {
  return Number(value.toFixed(digits));
}

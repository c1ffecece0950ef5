// A seeded, deterministic trace of inbound calls and SMS for the identity benchmark: who calls, how often, by which channel.
//
// The mix, by distinct numbers (defaults: 700 numbers, 2,000 events over 30 days):
// - 40% unknown North American numbers (+1: 85% US, 15% Canada): the metadata says FIXED_LINE_OR_MOBILE, so only a
//   paid lookup can tell. Half are mobiles, half landlines (what the simulated lookup is scripted to answer).
// - 15% unknown international mobiles and 10% unknown international fixed lines, evenly from GB, FR, DE, IN and AU:
//   the `max` metadata settles them, free.
// - 35% already held by contacts when the trace starts: 15% as MOBILE (by one contact), 4% as HOME and 4% as OFFICE
//   (fixed lines), 10% as OTHER by one contact (half of them really mobiles), 2% as OTHER by two contacts (a shared
//   landline, North American). 60% of the other held numbers are North American, 40% international.
// Repeat callers: events pick numbers with Zipf–Mandelbrot weights 1 / (rank + 10) over a seeded shuffle of the
// numbers, so a number's segment is independent of how often it calls. With the defaults about three quarters of the
// numbers call at all, the busiest fifth of those make about 60% of the events, the busiest number under 3%.
// Channel: an event from a number that really is a mobile is an SMS with probability 35%, else a call; a landline
// only calls. About a fifth of the events are SMS.
// The suite prints the trace's actual mix (describeTrace) at every run.
import { seededRandom } from '../../../local/seeded-random.ts';

export type HeldAs = 'MOBILE' | 'HOME' | 'OFFICE' | 'OTHER';
/** How a number stands when the trace starts: unknown, or held by one or two contacts under one kind. */
export type Holding = { kind: 'unknown' } | { kind: HeldAs; holders: 1 | 2 };
export type Line = 'mobile' | 'landline';
export type Region = 'US' | 'CA' | 'GB' | 'FR' | 'DE' | 'IN' | 'AU';

export interface TraceNumber {
  e164: string;
  region: Region;
  /** What the line really is: what a paid lookup answers, and whether it can text. */
  line: Line;
  holding: Holding;
  /** The segment of the mix above, for reporting. */
  segment: Segment;
}

export interface TraceEvent {
  /** Unique within the trace: the provider's id of the call or message. */
  eventId: string;
  channel: 'voice' | 'sms';
  from: string;
  /** ISO time; events are in time order. */
  at: string;
}

export interface InboundTrace {
  seed: number;
  /** Every number of the population, including those that never call. */
  numbers: TraceNumber[];
  events: TraceEvent[];
}

export interface InboundTraceOptions {
  seed: number;
  events?: number;
  numbers?: number;
  /** ISO time of the first event's slot. */
  start?: string;
  days?: number;
}

export type Segment =
  | 'unknown-na-mobile'
  | 'unknown-na-landline'
  | 'unknown-intl-mobile'
  | 'unknown-intl-landline'
  | 'held-mobile'
  | 'held-home'
  | 'held-office'
  | 'held-other-mobile'
  | 'held-other-landline'
  | 'held-other-shared';

/** Shares of the distinct numbers (sum 1). Held numbers are 60% North American: see `heldRegion`. */
const segmentShares: ReadonlyArray<readonly [Segment, number]> = [
  ['unknown-na-mobile', 0.2],
  ['unknown-na-landline', 0.2],
  ['unknown-intl-mobile', 0.15],
  ['unknown-intl-landline', 0.1],
  ['held-mobile', 0.15],
  ['held-home', 0.04],
  ['held-office', 0.04],
  ['held-other-mobile', 0.05],
  ['held-other-landline', 0.05],
  ['held-other-shared', 0.02],
];

const smsShareOfMobileEvents = 0.35;
const zipfExponent = 1;
/** Zipf–Mandelbrot's offset: keeps the busiest caller to a few percent of the events rather than an eighth. */
const zipfOffset = 10;
const heldNorthAmericanShare = 0.6;
const canadianShareOfNorthAmerica = 0.15;
const international: readonly Region[] = ['GB', 'FR', 'DE', 'IN', 'AU'];

const usAreaCodes = ['201', '202', '206', '212', '213', '305', '312', '404', '415', '469', '512', '617', '646', '702', '713', '718', '773', '818', '917', '972'].map((area) => [`+1${area}`, 7] as const);
const caAreaCodes = ['416', '514', '604', '613'].map((area) => [`+1${area}`, 7] as const);

/**
 * Number ranges that libphonenumber-js `max` metadata types without doubt (checked by sampling; the suite checks every
 * generated number again): [prefix, random digits after it].
 */
const ranges: Record<Region, Record<Line, ReadonlyArray<readonly [string, number]>>> = {
  // Every North American range is FIXED_LINE_OR_MOBILE: mobiles and landlines share them.
  US: { mobile: usAreaCodes, landline: usAreaCodes },
  CA: { mobile: caAreaCodes, landline: caAreaCodes },
  // +44 76 is pagers; 770 and 791 hold unallocated blocks.
  GB: { mobile: [['+4474', 8], ['+4475', 8], ['+4478', 8]], landline: [['+44207', 7], ['+441612', 6]] },
  // +33 63 and 69 hold unallocated blocks.
  FR: { mobile: [['+3361', 7], ['+3366', 7], ['+3367', 7], ['+3376', 7], ['+3378', 7]], landline: [['+331', 8], ['+333', 8]] },
  DE: { mobile: [['+49151', 8], ['+49160', 8], ['+49170', 8], ['+49176', 8]], landline: [['+4930', 8], ['+4989', 7]] },
  // Indian 9x mobiles beyond 98/99 overlap fixed-line ranges in the metadata.
  IN: { mobile: [['+9198', 8], ['+9199', 8]], landline: [['+91112', 7], ['+91114', 7]] },
  AU: { mobile: [['+6140', 7], ['+6141', 7], ['+6142', 7]], landline: [['+6128', 7], ['+6139', 7]] },
};

export function generateInboundTrace(options: InboundTraceOptions): InboundTrace {
  const { seed, events: eventCount = 2_000, numbers: numberCount = 700, start = '2025-03-03T08:00:00.000Z', days = 30 } = options;
  const random = seededRandom(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;

  // Exact counts per segment; rounding's remainder goes to the largest segment.
  const counts = segmentShares.map(([segment, share]) => [segment, Math.round(share * numberCount)] as const);
  const remainder = numberCount - counts.reduce((sum, [, count]) => sum + count, 0);
  const segments = counts.flatMap(([segment, count], index) => Array.from({ length: count + (index === 0 ? remainder : 0) }, () => segment));
  shuffle(segments, random);

  const taken = new Set<string>();
  const numbers = segments.map((segment): TraceNumber => {
    const { line, holding, northAmerican } = describeSegment(segment, random);
    const region: Region = northAmerican ? (random() < canadianShareOfNorthAmerica ? 'CA' : 'US') : pick(international);
    let e164: string;
    do {
      const [prefix, digits] = pick(ranges[region][line]);
      e164 = prefix + randomDigits(digits, random, region === 'US' || region === 'CA');
    } while (taken.has(e164));
    taken.add(e164);
    return { e164, region, line, holding, segment };
  });

  // Zipf–Mandelbrot over the shuffled population: rank i (from 1) calls with weight 1 / (i + q)^s.
  const cumulative: number[] = [];
  let total = 0;
  for (let rank = 0; rank < numbers.length; rank += 1) cumulative.push((total += 1 / (rank + 1 + zipfOffset) ** zipfExponent));
  const slot = (days * 86_400_000) / eventCount;
  const startMs = Date.parse(start);
  const events = Array.from({ length: eventCount }, (_, index): TraceEvent => {
    const number = numbers[lowerBound(cumulative, random() * total)]!;
    const channel = number.line === 'mobile' && random() < smsShareOfMobileEvents ? 'sms' : 'voice';
    return { eventId: `trace-${seed}-${index}`, channel, from: number.e164, at: new Date(startMs + Math.floor((index + random()) * slot)).toISOString() };
  });
  return { seed, numbers, events };
}

function describeSegment(segment: Segment, random: () => number): { line: Line; holding: Holding; northAmerican: boolean } {
  const held = random() < heldNorthAmericanShare;
  switch (segment) {
    case 'unknown-na-mobile':
      return { line: 'mobile', holding: { kind: 'unknown' }, northAmerican: true };
    case 'unknown-na-landline':
      return { line: 'landline', holding: { kind: 'unknown' }, northAmerican: true };
    case 'unknown-intl-mobile':
      return { line: 'mobile', holding: { kind: 'unknown' }, northAmerican: false };
    case 'unknown-intl-landline':
      return { line: 'landline', holding: { kind: 'unknown' }, northAmerican: false };
    case 'held-mobile':
      return { line: 'mobile', holding: { kind: 'MOBILE', holders: 1 }, northAmerican: held };
    case 'held-home':
      return { line: 'landline', holding: { kind: 'HOME', holders: 1 }, northAmerican: held };
    case 'held-office':
      return { line: 'landline', holding: { kind: 'OFFICE', holders: 1 }, northAmerican: held };
    case 'held-other-mobile':
      return { line: 'mobile', holding: { kind: 'OTHER', holders: 1 }, northAmerican: held };
    case 'held-other-landline':
      return { line: 'landline', holding: { kind: 'OTHER', holders: 1 }, northAmerican: held };
    case 'held-other-shared':
      return { line: 'landline', holding: { kind: 'OTHER', holders: 2 }, northAmerican: true };
  }
}

/** North American subscriber numbers: the exchange (first of the seven digits) is 2–9, and never 555. */
function randomDigits(count: number, random: () => number, northAmerican: boolean): string {
  for (;;) {
    let digits = '';
    for (let index = 0; index < count; index += 1) digits += String(Math.floor(random() * 10));
    if (!northAmerican || (digits[0]! >= '2' && !digits.startsWith('555'))) return digits;
  }
}

function shuffle<T>(items: T[], random: () => number): void {
  for (let index = items.length - 1; index > 0; index -= 1) {
    const other = Math.floor(random() * (index + 1));
    [items[index], items[other]] = [items[other]!, items[index]!];
  }
}

/** The first index whose cumulative weight exceeds `value`. */
function lowerBound(cumulative: readonly number[], value: number): number {
  let low = 0;
  let high = cumulative.length - 1;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (cumulative[middle]! > value) high = middle;
    else low = middle + 1;
  }
  return low;
}

export interface TraceMix {
  events: number;
  distinctCallers: number;
  smsShare: number;
  /** Share of the events made by the busiest fifth of the numbers that call at all. */
  busiestFifthShare: number;
  /** Segment → [distinct numbers in the population, events]. */
  bySegment: Record<string, [numbers: number, events: number]>;
}

/** The trace's actual mix, for the report. */
export function describeTrace(trace: InboundTrace): TraceMix {
  const segmentOf = new Map(trace.numbers.map((number) => [number.e164, number.segment]));
  const perNumber = new Map<string, number>();
  const bySegment: Record<string, [number, number]> = {};
  for (const number of trace.numbers) (bySegment[number.segment] ??= [0, 0])[0] += 1;
  for (const event of trace.events) {
    perNumber.set(event.from, (perNumber.get(event.from) ?? 0) + 1);
    bySegment[segmentOf.get(event.from)!]![1] += 1;
  }
  const busiest = [...perNumber.values()].sort((a, b) => b - a).slice(0, Math.ceil(perNumber.size / 5));
  return {
    events: trace.events.length,
    distinctCallers: perNumber.size,
    smsShare: trace.events.filter((event) => event.channel === 'sms').length / trace.events.length,
    busiestFifthShare: busiest.reduce((sum, count) => sum + count, 0) / trace.events.length,
    bySegment,
  };
}

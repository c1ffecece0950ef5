// Replays an inbound trace through the real inbound use case on DynamoDB Local, each number's events in order, and observes what
// each event cost: paid lookups (the product's PaidLookups metric and the simulated provider's own count) and the
// DynamoDB requests it sent (a recording proxy in front of DynamoDB Local).
//
// Why the use case composed here rather than the local runtime's /_local/connect/inbound-call and /_local/sms/inbound:
// - the handlers build their DynamoDB client and lookup singletons once per process, from the environment of the first
//   runtime; `npm run bench` runs the dialer suite's runtime in this same process, so a second runtime here would
//   reach a stopped DynamoDB Local through stale clients;
// - the inbound-SMS handler also runs the consent keywords (DESIGN §4), whose reads are not identity's and would
//   blur the per-event read count;
// - the Metrics port is handed in here, so paid lookups are counted exactly where the product counts them.
// The adapters are the production ones (contact repository, interaction store, lookup cache), composed as
// functions/handlers/inbound-composition.ts and identity-composition.ts compose them, with the simulated lookup.
import { createDocumentClient } from '#adapters/dynamodb/document-client';
import { DynamoDbContactRepository } from '#adapters/dynamodb/dynamodb-contact-repository';
import { DynamoDbInteractionStore } from '#adapters/dynamodb/dynamodb-interaction-store';
import { DynamoDbItemTypeRepository } from '#adapters/dynamodb/dynamodb-item-type-repository';
import { DynamoDbLookupCache } from '#adapters/dynamodb/dynamodb-lookup-cache';
import { randomIds } from '#adapters/id-generators';
import { SimulatorPhoneLookup } from '#adapters/lookup/simulator-phone-lookup';
import { buildContact, type PhoneKind } from '#domain/contact';
import { classifyLine } from '#domain/identity/line-classification';
import { identifyLine, InFlightLookups, type LineIdentificationDependencies } from '#domain/use-cases/identity/identify-line';
import { handleInbound, type InboundDependencies } from '#domain/use-cases/identity/inbound';
import type { Clock } from '#ports/clock';
import type { PhoneHolder } from '#ports/contact-repository';
import type { MetricDimension, MetricName, Metrics } from '#ports/metrics';
import type { OperationsLog } from '#ports/operations-log';
import { contactsTable } from '#shared/tables';
import { createLocalClient, createTablesFromTemplate, startDynamoDbLocal } from '../../../local/dynamodb-local.ts';
import { functionEnvironment, resourcesOfType, synthesizeApp } from '../../../local/synthesized-app.ts';
import { startDynamoDbRequestProxy, type ProxiedRequest } from '../../lib/dynamodb-request-proxy.ts';
import type { InboundTrace, TraceEvent } from './inbound-trace.ts';

const readOperations = new Set(['GetItem', 'Query', 'BatchGetItem', 'TransactGetItems', 'Scan']);
const writeOperations = new Set(['PutItem', 'UpdateItem', 'DeleteItem', 'BatchWriteItem', 'TransactWriteItems']);
/** Kinds under which a number is never looked up (DESIGN §3), and which a product without the economy would not look up either. */
const typedKinds: ReadonlySet<PhoneKind> = new Set(['MOBILE', 'HOME', 'OFFICE']);
const defaultRegion = 'US';

export interface ReplayObservation {
  events: number;
  /** The PaidLookups metric, counted through the Metrics port. */
  paidLookups: number;
  /** What the simulated provider answered: must equal paidLookups. */
  providerLookups: number;
  lookupFailures: number;
  /**
   * What a product without the economy pays on the same replay: one lookup per event whose number, as the event
   * arrives, is held under none of MOBILE, HOME or OFFICE (unknown numbers, numbers held only as OTHER), whatever its
   * channel or metadata and however often it was looked up before. "As the event arrives" is after the real run's
   * own earlier changes: a number an earlier SMS made MOBILE, or an earlier call created as MOBILE, is not counted.
   */
  naiveLookups: number;
  /** Paid lookups of numbers the metadata settles (DESIGN §9: zero). */
  lookupsOfMetadataSettledNumbers: number;
  /**
   * Paid lookups the rules forbid (DESIGN §3): during an event by SMS, or from a number held as MOBILE, HOME or OFFICE,
   * or held by several contacts (never upgraded automatically). A number held only as OTHER by one contact may be
   * looked up when it calls (once: the answer is kept on the phone), as an unknown number may.
   */
  forbiddenLookups: number;
  /** The allowed ones: a call from an unknown number, or from a number held only as OTHER by one contact. */
  lookupsOfUnknownNumbers: number;
  lookupsOfHeldOtherNumbers: number;
  maxLookupsPerNumber: number;
  /** Events from a number held as MOBILE by exactly one contact as the event arrives. */
  knownMobileEvents: number;
  knownMobileReads: number;
  knownMobileWrites: number;
  /** `Operation item` → requests, over the known-MOBILE events' reads. */
  knownMobileReadShapes: Map<string, number>;
  /** Operation → requests, over every event. */
  requestsByOperation: Map<string, number>;
  /** Decision → events, and how many contacts were created or upgraded. */
  decisions: Map<string, number>;
  created: number;
  upgraded: number;
  warnings: Map<string, number>;
}

/**
 * Lanes replaying at once. A number's events all go to one lane, in trace order, and nothing one number's events do
 * changes another's holders, lookups or cache: the figures do not depend on the lane count, the wall time does. Each
 * lane has its own proxy, so every request is put down to the one event that sent it.
 */
const defaultLanes = 4;

/** Starts its own DynamoDB Local, loads the trace's held numbers, replays the events and stops it. */
export async function replayTrace(trace: InboundTrace, lanes = defaultLanes): Promise<ReplayObservation> {
  const dynamo = await startDynamoDbLocal();
  // Set-up goes straight to DynamoDB Local: the proxies see only the product's requests.
  const directClient = createLocalClient(dynamo.endpoint);
  const closing: Array<() => Promise<void> | void> = [() => directClient.destroy()];
  try {
    const synthesized = synthesizeApp();
    const tableNames = await createTablesFromTemplate(synthesized.data, directClient);
    const bucketNames = resourcesOfType(synthesized.data, 'AWS::S3::Bucket').map((id) => [id, id.toLowerCase()] as const);
    const tableName = functionEnvironment(synthesized, new Map([...tableNames, ...bucketNames]))[contactsTable.envVar]!;
    const direct = new DynamoDbContactRepository(createDocumentClient(directClient), tableName);
    const start = trace.events[0]?.at ?? new Date(0).toISOString();
    await loadHeldNumbers(trace, direct, start);

    const metrics = new CountingMetrics();
    const warnings = new Map<string, number>();
    const log: OperationsLog = { info: () => undefined, warn: (message) => void warnings.set(message, (warnings.get(message) ?? 0) + 1) };
    const lookup = new SimulatorPhoneLookup();
    // North America is all FIXED_LINE_OR_MOBILE: the provider answers what the line really is.
    for (const number of trace.numbers) if (classifyLine(number.e164).verdict === 'ambiguous') lookup.script(number.e164, number.line === 'mobile' ? 'mobile' : 'landline');
    const inFlight = new InFlightLookups();
    const observation: ReplayObservation = {
      events: 0, paidLookups: 0, providerLookups: 0, lookupFailures: 0, naiveLookups: 0, lookupsOfMetadataSettledNumbers: 0, forbiddenLookups: 0, lookupsOfUnknownNumbers: 0, lookupsOfHeldOtherNumbers: 0, maxLookupsPerNumber: 0,
      knownMobileEvents: 0, knownMobileReads: 0, knownMobileWrites: 0, knownMobileReadShapes: new Map(), requestsByOperation: new Map(), decisions: new Map(), created: 0, upgraded: 0, warnings,
    };

    /** One lane: its own proxy, client and clock; the lookup, its in-flight map and the metrics are the process's. */
    const replayLane = async (events: readonly TraceEvent[]): Promise<void> => {
      const proxy = await startDynamoDbRequestProxy(dynamo.endpoint);
      const countedClient = createLocalClient(proxy.url);
      closing.push(() => countedClient.destroy(), () => proxy.close());
      const documentClient = createDocumentClient(countedClient);
      const clock = new TraceClock(start);
      const lookupDeps: LineIdentificationDependencies = {
        lookup,
        lookupCache: new DynamoDbLookupCache(documentClient, tableName),
        metrics,
        clock,
        ids: randomIds,
        sleep: (milliseconds) => new Promise((resolve) => setTimeout(resolve, milliseconds)),
        inFlight,
        log,
      };
      const interactions = new DynamoDbInteractionStore(documentClient, tableName);
      const contacts = new HolderRecordingContactRepository(documentClient, tableName);
      const deps: InboundDependencies = {
        contacts,
        itemTypes: new DynamoDbItemTypeRepository(documentClient, tableName),
        ids: randomIds,
        clock,
        defaultRegion,
        interactions,
        identifyLine: (e164) => identifyLine(lookupDeps, e164),
        log,
      };
      // Identification is on by default (DESIGN §3): nothing written, the default is what is measured.
      if (!(await interactions.getIdentificationSetting()).enabled) throw new Error('mobile number identification is off by default: the trace measures it on');

      for (const event of events) {
        // This number's lookups: only this lane looks it up.
        const lookupsBefore = lookup.lookupCount(event.from);
        clock.set(event.at);
        proxy.reset();
        contacts.forgetHolders();

        const outcome = await handleInbound(deps, { channel: event.channel, from: event.from, at: event.at, provider: event.channel === 'sms' ? 'eum-sms' : 'connect', eventId: event.eventId });

        if (outcome.duplicate) throw new Error(`event ${event.eventId} recorded as a duplicate: the trace's ids are not unique`);
        const holders = contacts.holdersAsArrived();
        if (holders === undefined) throw new Error('the inbound use case no longer reads the number\'s holders through findHolders: the bench cannot tell how the number stood');
        const typed = holders.some((holder) => typedKinds.has(holder.kind));
        const knownMobile = holders.length === 1 && holders[0]!.kind === 'MOBILE';
        observation.events += 1;
        if (!typed) observation.naiveLookups += 1;
        const lookups = lookup.lookupCount(event.from) - lookupsBefore;
        if (lookups > 0 && (typed || holders.length > 1 || event.channel === 'sms')) observation.forbiddenLookups += lookups;
        else if (lookups > 0) observation[holders.length === 0 ? 'lookupsOfUnknownNumbers' : 'lookupsOfHeldOtherNumbers'] += lookups;
        const requests = proxy.requests();
        for (const request of requests) observation.requestsByOperation.set(request.operation, (observation.requestsByOperation.get(request.operation) ?? 0) + 1);
        if (knownMobile) {
          observation.knownMobileEvents += 1;
          observation.knownMobileWrites += requests.filter((request) => writeOperations.has(request.operation)).length;
          for (const request of requests.filter((candidate) => readOperations.has(candidate.operation))) {
            observation.knownMobileReads += 1;
            const shape = readShape(request);
            observation.knownMobileReadShapes.set(shape, (observation.knownMobileReadShapes.get(shape) ?? 0) + 1);
          }
        }
        observation.decisions.set(outcome.decision, (observation.decisions.get(outcome.decision) ?? 0) + 1);
        if (outcome.createdContact) observation.created += 1;
        if (outcome.upgradedToMobile) observation.upgraded += 1;
      }
    };
    await Promise.all(splitIntoLanes(trace.events, lanes).map(replayLane));

    observation.paidLookups = metrics.total('PaidLookups');
    observation.lookupFailures = metrics.total('LookupFailures');
    observation.providerLookups = lookup.lookupCount();
    for (const number of trace.numbers) {
      const count = lookup.lookupCount(number.e164);
      observation.maxLookupsPerNumber = Math.max(observation.maxLookupsPerNumber, count);
      if (classifyLine(number.e164).verdict !== 'ambiguous') observation.lookupsOfMetadataSettledNumbers += count;
    }
    return observation;
  } finally {
    for (const close of closing.reverse()) await close();
    await dynamo.stop();
  }
}

/** Each number to the lane with the fewest events so far, busiest numbers first; events keep their trace order. */
function splitIntoLanes(events: readonly TraceEvent[], lanes: number): TraceEvent[][] {
  const perNumber = new Map<string, number>();
  for (const event of events) perNumber.set(event.from, (perNumber.get(event.from) ?? 0) + 1);
  const load = Array.from({ length: lanes }, () => 0);
  const laneOf = new Map<string, number>();
  for (const [number, count] of [...perNumber].sort(([a, countA], [b, countB]) => countB - countA || a.localeCompare(b))) {
    const lane = load.indexOf(Math.min(...load));
    laneOf.set(number, lane);
    load[lane]! += count;
  }
  const split = load.map((): TraceEvent[] => []);
  for (const event of events) split[laneOf.get(event.from)!]!.push(event);
  return split;
}

/** The contacts that hold the trace's known numbers when it starts: one contact per holder, the number as its only phone. */
async function loadHeldNumbers(trace: InboundTrace, contacts: DynamoDbContactRepository, now: string): Promise<void> {
  const rules = { defaultRegion, knownItemTypeIds: new Set<string>(), now };
  const contactsToCreate = trace.numbers.flatMap(({ e164, holding }) => {
    if (holding.kind === 'unknown') return [];
    const { kind, holders } = holding;
    return Array.from({ length: holders }, (_, index) => buildContact(randomIds.idFor(`bench-identity:${e164}:${index}`), { displayName: `Held ${index + 1}`, primaryPhone: { number: e164, kind } }, rules));
  });
  // The import's batched writes: the set-up is not what is measured.
  const results = await contacts.writeMany(contactsToCreate.map((contact) => ({ type: 'create', contact })));
  const failed = results.find((result) => !result.ok);
  if (failed) throw new Error(`loading the trace's held numbers failed: ${failed.error.message}`);
}

/** `Query PHONE#…/HOLDER#`, `GetItem SETTINGS/IDENTIFICATION`: the operation and the key's fixed parts. */
function readShape(request: ProxiedRequest): string {
  const body = request.body as { Key?: Record<string, { S?: string }>; ExpressionAttributeValues?: Record<string, { S?: string }> } | undefined;
  const prefix = (value: string | undefined) => (value ?? '?').replace(/#.*$/, '#…');
  if (body?.Key) return `${request.operation} ${prefix(body.Key.pk?.S)}/${prefix(body.Key.sk?.S)}`;
  const values = Object.values(body?.ExpressionAttributeValues ?? {}).map((value) => prefix(value.S));
  return `${request.operation} ${values.join('/')}`;
}

/**
 * The production repository, remembering the holders its first findHolders of an event answered: how the number stood
 * as the event arrived, seen through the product's own read (the bench adds no request of its own).
 */
class HolderRecordingContactRepository extends DynamoDbContactRepository {
  private firstHolders: PhoneHolder[] | undefined;

  override async findHolders(e164: string): Promise<PhoneHolder[]> {
    const holders = await super.findHolders(e164);
    this.firstHolders ??= holders;
    return holders;
  }

  /** Before each event. */
  forgetHolders(): void {
    this.firstHolders = undefined;
  }

  holdersAsArrived(): PhoneHolder[] | undefined {
    return this.firstHolders;
  }
}

/** Trace time: each event happens at its own instant, so cache expiry and lease times follow the trace. */
class TraceClock implements Clock {
  private at: Date;

  constructor(start: string) {
    this.at = new Date(start);
  }

  set(at: string): void {
    this.at = new Date(at);
  }

  now(): Date {
    return new Date(this.at);
  }
}

/** The Metrics port, counted in memory instead of written as EMF log lines. */
class CountingMetrics implements Metrics {
  private readonly counts = new Map<MetricName, number>();

  count(name: MetricName, _dimension?: MetricDimension, value = 1): void {
    this.counts.set(name, (this.counts.get(name) ?? 0) + value);
  }

  total(name: MetricName): number {
    return this.counts.get(name) ?? 0;
  }
}

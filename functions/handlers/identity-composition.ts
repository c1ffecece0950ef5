// The composition root of mobile number identification: the paid lookup (Pinpoint in AWS, a simulator in the local
// runtime), its cache and lease beside the contacts, and the count of paid lookups.
import { setTimeout as sleep } from 'node:timers/promises';
import { processDocumentClient } from '#adapters/dynamodb/document-client';
import { DynamoDbLookupCache } from '#adapters/dynamodb/dynamodb-lookup-cache';
import { randomIds } from '#adapters/id-generators';
import { createPinpointClient, PinpointPhoneLookup } from '#adapters/lookup/pinpoint-phone-lookup';
import { SimulatorPhoneLookup } from '#adapters/lookup/simulator-phone-lookup';
import { PowertoolsMetrics } from '#adapters/metrics/powertools-metrics';
import { systemClock } from '#adapters/system-clock';
import { InFlightLookups, type LineIdentificationDependencies, type LineIdentificationSettings } from '#domain/use-cases/identity/identify-line';
import type { PhoneLookup } from '#ports/phone-lookup';
import { optionalEnv, requireEnv } from '#shared/env';
import { lookupEnvVars, phoneLookupBackends, type PhoneLookupBackend } from '#shared/lookup';
import { operationsLog, traced } from '#shared/observability';
import { contactsTable } from '#shared/tables';

let simulator: SimulatorPhoneLookup | undefined;
let pinpoint: PinpointPhoneLookup | undefined;
let lookupDeps: LineIdentificationDependencies | undefined;

/** The one simulated lookup of this process: the local runtime scripts its answers and reads its count. */
export function simulatedPhoneLookup(): SimulatorPhoneLookup {
  simulator ??= new SimulatorPhoneLookup();
  return simulator;
}

/**
 * Built at first use, so a function that never identifies a number never asks for the settings. One per process:
 * its in-flight map is what makes concurrent identifications of one number in this process share one lookup.
 */
export function lookupDependencies(): LineIdentificationDependencies {
  lookupDeps ??= {
    lookup: phoneLookupFromEnv(),
    lookupCache: new DynamoDbLookupCache(processDocumentClient(), requireEnv(contactsTable.envVar)),
    metrics: new PowertoolsMetrics(),
    clock: systemClock,
    ids: randomIds,
    sleep: (milliseconds) => sleep(milliseconds),
    inFlight: new InFlightLookups(),
    log: operationsLog,
    settings: settingsFromEnv(),
  };
  return lookupDeps;
}

function phoneLookupFromEnv(): PhoneLookup {
  const backend = requireEnv(lookupEnvVars.backend);
  if (!isBackend(backend)) throw new Error(`${lookupEnvVars.backend}=${backend} is not one of ${phoneLookupBackends.join(', ')}`);
  if (backend === 'simulator') return simulatedPhoneLookup();
  pinpoint ??= new PinpointPhoneLookup(traced(createPinpointClient()));
  return pinpoint;
}

function isBackend(value: string): value is PhoneLookupBackend {
  return (phoneLookupBackends as readonly string[]).includes(value);
}

function settingsFromEnv(): Partial<LineIdentificationSettings> {
  const days = optionalEnv(lookupEnvVars.cacheLifetimeDays);
  if (days === undefined) return {};
  const cacheLifetimeDays = Number(days);
  if (!Number.isInteger(cacheLifetimeDays) || cacheLifetimeDays < 1) throw new Error(`${lookupEnvVars.cacheLifetimeDays}=${days} is not a whole number of days (1 or more)`);
  return { cacheLifetimeDays };
}

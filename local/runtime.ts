// The embedded local runtime: DynamoDB Local with the synthesized tables, the synthesized state machine on a
// virtual clock, the handlers behind a local HTTP API, and stand-ins for what cannot run here, under /_local/.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { apiRoutes } from '../functions/handlers/api/routes.ts';
import { importBucket } from '../functions/shared/buckets.ts';
import { routeMatcher, toApiGatewayEvent, writeResult } from './api-gateway-event.ts';
import { DevTokens, routesWithoutAuthorizer, tokenRequestOf } from './dev-tokens.ts';
import { createLocalClient, createTablesFromTemplate, startDynamoDbLocal } from './dynamodb-local.ts';
import { installClock } from '../functions/adapters/system-clock.ts';
import { reclaimedExecutionStatuses } from '../functions/domain/use-cases/dialer/reclaim-lines.ts';
import { stateMachineEnvVar, telephonySimulatorEnvVar } from '../functions/handlers/dialer-composition.ts';
import { simulatedSmsOutbox } from '../functions/handlers/messaging-composition.ts';
import { smsEnvVars } from '../functions/shared/sms.ts';
import { lookupEnvVars } from '../functions/shared/lookup.ts';
import type { ScriptedLookup } from '../functions/adapters/lookup/simulator-phone-lookup.ts';
import { lookupLineTypes } from '../functions/ports/phone-lookup.ts';
import { startDynamoDbProxy, type DynamoDbProxy } from './dynamodb-proxy.ts';
import { FaultInjector, type FaultSettings } from './fault-injection.ts';
import { invokeHandler } from './handler-modules.ts';
import { LocalLambdaService } from './lambda-service.ts';
import { LocalObjectStore, type StoredObject } from './object-store.ts';
import { LocalSchedulerService } from './scheduler-service.ts';
import { LocalStepFunctions, stepFunctionsFromTemplates, stepFunctionsPhysicalNames } from './step-functions/index.ts';
import { functionNameOf } from './step-functions/local-arns.ts';
import { functionEnvironment, namedFunctionHandlers, resourcesOfType, synthesizeApp } from './synthesized-app.ts';
import { TelephonySimulator } from './telephony-simulator.ts';
import { VirtualClock } from './virtual-clock.ts';

export interface LocalRuntime {
  url: string;
  dynamodbEndpoint: string;
  /** Campaign time: it jumps to the next thing due whenever nothing is running. */
  clock: VirtualClock;
  stepFunctions: LocalStepFunctions;
  telephony: TelephonySimulator;
  /** Present when the runtime was started with `faults`: their settings and counts (also `GET/PUT /_local/faults`). */
  faults?: FaultInjector;
  /** Resolves when nothing is running and nothing is due: imports done, campaigns closed. */
  idle(): Promise<void>;
  stop(): Promise<void>;
}

export interface LocalRuntimeOptions {
  port?: number;
  log?: (line: string) => void;
  /** Campaign time when the runtime starts (default: now). */
  clockStart?: Date;
  /**
   * Fault injection (local/fault-injection.ts), off without this: the handlers then reach DynamoDB Local through a
   * proxy that can throttle, asynchronous invocations are retried as Lambda retries them, and these settings (all
   * rates 0 unless given; `PUT /_local/faults` changes them) fail invocations, lose, repeat and delay outcome events.
   */
  faults?: FaultSettings;
}

const localCredentials = { AWS_ACCESS_KEY_ID: 'local', AWS_SECRET_ACCESS_KEY: 'local', AWS_REGION: 'us-east-1' };

export async function startLocalRuntime(options: LocalRuntimeOptions = {}): Promise<LocalRuntime> {
  const log = options.log ?? (() => undefined);
  const synthesized = synthesizeApp();
  const dynamodb = await startDynamoDbLocal();
  const objectsRoot = mkdtempSync(path.join(tmpdir(), 'contactable-objects-'));
  const clock = new VirtualClock({ ...(options.clockStart ? { start: options.clockStart } : {}), onActionError: (error) => log(`scheduled action failed: ${String(error)}`) });
  installClock(clock);
  /** Work that runs after its request answered (imports, queued invocations): campaign time waits for it. */
  const background = (work: Promise<unknown>, what: string) => void clock.track(work).catch((error: unknown) => log(`${what} failed: ${String(error)}`));
  let stepFunctions: LocalStepFunctions | undefined;
  let dynamodbProxy: DynamoDbProxy | undefined;
  try {
    const faults = options.faults && new FaultInjector(options.faults, { clock, invokeHandler, log, throttlingProxy: true });
    if (faults) dynamodbProxy = await startDynamoDbProxy(dynamodb.endpoint, (operation, body) => faults.throttle(operation, body));
    /** How EventBridge rules, Scheduler and `Event` invokes run a function: with Lambda's retries when faults are on. */
    const invokeEvent = faults ? faults.invokeEvent : invokeHandler;
    const tableNames = await createTablesFromTemplate(synthesized.data, createLocalClient(dynamodb.endpoint));
    const bucketNames = new Map(resourcesOfType(synthesized.data, 'AWS::S3::Bucket').map((id) => [id, id.toLowerCase()]));
    const templates = [synthesized.data, synthesized.compute];
    const physicalNames = new Map([...tableNames, ...bucketNames, ...stepFunctionsPhysicalNames(templates)]);
    const { stateMachines, functions } = stepFunctionsFromTemplates(templates, physicalNames);
    const allFunctions = new Map([...functions, ...namedFunctionHandlers(synthesized)]);
    const handlerOf = (nameOrArn: string) => {
      const handler = allFunctions.get(functionNameOf(nameOrArn));
      if (handler === undefined) throw new Error(`the local runtime has no function ${nameOrArn}`);
      return handler;
    };
    // What EventBridge rules deliver in AWS, delivered here to the same handlers.
    stepFunctions = await LocalStepFunctions.start({
      stateMachines,
      functions,
      clock,
      log,
      ...(faults && { invokeHandler: faults.invokeTask }),
      // Filtered as the EventBridge rule filters them in AWS.
      onExecutionStatusChange: async (event) => {
        if ((reclaimedExecutionStatuses as readonly string[]).includes(event.detail.status)) await invokeEvent('dialer/reclaim-lines', event);
      },
    });
    const telephony = new TelephonySimulator({
      now: () => clock.now(),
      schedule: (at, action) => void clock.schedule(at, action),
      deliver: faults ? faults.deliverOutcome((event) => faults.invokeEvent('dialer/call-outcome', event)) : (event) => invokeHandler('dialer/call-outcome', event).then(() => undefined),
      ...(faults && { outcomeDeliveryDelays: (scripted: number) => faults.outcomeDeliveryDelays(scripted) }),
    });
    const scheduler = new LocalSchedulerService({ clock, log, invokeTarget: (arn, input) => invokeEvent(handlerOf(arn), JSON.parse(input)) });
    const lambda = new LocalLambdaService({ functions: allFunctions, invokeHandler, invokeEvent, runInBackground: (work) => background(work, 'asynchronous invocation') });
    const matchRoute = routeMatcher(apiRoutes);
    const tokens = new DevTokens();
    const openRoutes = routesWithoutAuthorizer(synthesized.compute);
    const objects = new LocalObjectStore(objectsRoot, (object) => {
      if (!object.key.startsWith(importBucket.importsPrefix)) return;
      background(invokeEvent('import-file', objectCreatedEvent(object)), `import of ${object.key}`);
    });
    const localServices = stepFunctions;

    const server = createServer((request, response) => {
      const url = new URL(request.url ?? '/', 'http://127.0.0.1');
      // Moving the clock waits for campaign time to settle: that request must not itself hold the clock still.
      const work = url.pathname === '/_local/clock' ? serveClock(request, response) : clock.track(handle(request, response, url));
      work.catch((error: unknown) => {
        log(`local runtime error: ${String(error)}`);
        if (!response.headersSent) response.writeHead(500, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ error: 'internal', message: 'local runtime error' }));
      });
    });
    async function handle(request: IncomingMessage, response: ServerResponse, url: URL): Promise<void> {
      if (url.pathname.startsWith('/_local/s3/') && (await objects.serve(request, response, url.pathname.slice('/_local/s3'.length)))) return;
      if (url.pathname === '/_local/sfn' || url.pathname.startsWith('/_local/sfn/')) return localServices.handleRequest(request, response);
      if (url.pathname.startsWith('/_local/telephony/')) return telephony.serve(request, response, url.pathname.slice('/_local/telephony'.length) + url.search);
      if (url.pathname === '/_local/sms/outbox') return serveSmsOutbox(request, response, url);
      if (url.pathname === '/_local/sms/inbound') return await deliverInboundSms(request, response, clock.now());
      if (url.pathname === '/_local/connect/inbound-call') return await deliverInboundCall(request, response);
      if (url.pathname.startsWith('/_local/lookup/')) return await serveLookup(request, response, decodeURIComponent(url.pathname.slice('/_local/lookup/'.length)));
      if (url.pathname.startsWith('/_local/scheduler/') && (await scheduler.serve(request, response, url.pathname.slice('/_local/scheduler'.length), url.searchParams))) return;
      if (url.pathname.startsWith('/_local/lambda/')) return lambda.serve(request, response, url.pathname.slice('/_local/lambda'.length));
      if (url.pathname === '/_local/tokens') return await issueToken(request, response);
      if (url.pathname === '/_local/faults') {
        if (faults) return faults.serve(request, response);
        response.writeHead(409, { 'content-type': 'application/json' }).end(JSON.stringify({ error: 'conflict', message: 'fault injection is off: start the runtime with the faults option' }));
        return;
      }
      const matched = matchRoute(request.method ?? 'GET', url.pathname);
      if (matched === undefined || matched === 'method-not-allowed') {
        const status = matched === undefined ? 404 : 405;
        response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify({ error: status === 404 ? 'not_found' : 'method_not_allowed', message: `no route for ${request.method} ${url.pathname}` }));
        return;
      }
      const body = await readBody(request);
      // As API Gateway's JWT authorizer: a route the template protects takes a valid token, or answers 401 itself.
      const check = openRoutes.has(`${matched.route.method} ${matched.route.path}`) ? undefined : tokens.check(request.headers.authorization);
      if (check?.ok === false) {
        const challenge = `Bearer scope="" error="invalid_token" error_description="${check.reason}"`;
        response.writeHead(401, { 'content-type': 'application/json', 'www-authenticate': challenge }).end(JSON.stringify({ message: 'Unauthorized' }));
        return;
      }
      writeResult(response, await invokeHandler(matched.route.handler, toApiGatewayEvent(request, body, matched, check?.authorizer)));
    }
    /** POST {role, subject?, expiresInSeconds?}: a development token, the local stand-in for signing in to the Cognito user pool. */
    async function issueToken(request: IncomingMessage, response: ServerResponse): Promise<void> {
      const wanted = request.method === 'POST' ? tokenRequestOf(parseJsonObject((await readBody(request)).toString('utf8') || '{}')) : { error: 'POST only' };
      if ('error' in wanted) {
        response.writeHead(request.method === 'POST' ? 400 : 405, { 'content-type': 'application/json' }).end(JSON.stringify({ error: 'invalid_input', message: wanted.error }));
        return;
      }
      const { token, claims } = tokens.issue(wanted.roles, wanted.subject, wanted.lifetimeSeconds);
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ token, subject: claims.sub, roles: claims['cognito:groups'], expiresAt: new Date(claims.exp * 1000).toISOString() }));
    }
    /**
     * GET reads campaign time; POST {"at": ISO} or {"advanceMinutes": n} moves it (answering at once); POST
     * {"autoAdvance": false} stops it jumping ahead by itself (while a person works a preview list, say), true resumes.
     */
    async function serveClock(request: IncomingMessage, response: ServerResponse): Promise<void> {
      if (request.method === 'POST') {
        const move = JSON.parse((await readBody(request)).toString('utf8') || '{}') as { at?: string; advanceMinutes?: number; autoAdvance?: boolean };
        if (typeof move.autoAdvance === 'boolean') clock.setAutoAdvance(move.autoAdvance);
        if (typeof move.autoAdvance !== 'boolean' || move.at !== undefined || move.advanceMinutes !== undefined) {
          const moving = move.at !== undefined ? clock.set(new Date(move.at)) : clock.advanceBy((move.advanceMinutes ?? 0) * 60_000);
          moving.catch((error: unknown) => log(`clock move failed: ${String(error)}`));
        }
      }
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(clock.state()));
    }

    await new Promise<void>((resolve, reject) => server.once('error', reject).listen(options.port ?? 0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    Object.assign(process.env, functionEnvironment(synthesized, physicalNames), localCredentials, {
      AWS_ENDPOINT_URL_DYNAMODB: dynamodbProxy?.url ?? dynamodb.endpoint,
      AWS_ENDPOINT_URL_S3: `${url}/_local/s3`,
      AWS_ENDPOINT_URL_SFN: `${url}/_local/sfn`,
      AWS_ENDPOINT_URL_SCHEDULER: `${url}/_local/scheduler`,
      AWS_ENDPOINT_URL_LAMBDA: `${url}/_local/lambda`,
      [telephonySimulatorEnvVar]: `${url}/_local/telephony`,
      [smsEnvVars.simulator]: 'in-process',
      // The template says Pinpoint; here every paid lookup is the simulator's (scripted under /_local/lookup/).
      [lookupEnvVars.backend]: 'simulator',
      S3_FORCE_PATH_STYLE: 'true',
    });
    if (process.env[stateMachineEnvVar] === undefined) throw new Error(`no function is given ${stateMachineEnvVar}: the dialer is missing from the template`);
    log(`local runtime on ${url} (DynamoDB Local on ${dynamodb.endpoint})`);

    return {
      url,
      dynamodbEndpoint: dynamodb.endpoint,
      clock,
      stepFunctions: localServices,
      telephony,
      ...(faults && { faults }),
      idle: () => clock.idle(),
      async stop() {
        await localServices.stop();
        clock.close();
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
        await dynamodbProxy?.close();
        await dynamodb.stop();
        rmSync(objectsRoot, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await stepFunctions?.stop();
    clock.close();
    await dynamodbProxy?.close();
    await dynamodb.stop();
    rmSync(objectsRoot, { recursive: true, force: true });
    throw error;
  }
}

/** GET /_local/sms/outbox[?to=<E.164>]: what the handlers texted (to one number), oldest first. */
function serveSmsOutbox(request: IncomingMessage, response: ServerResponse, url: URL): void {
  if (request.method !== 'GET') {
    response.writeHead(405, { 'content-type': 'application/json' }).end(JSON.stringify({ error: 'method_not_allowed', message: 'GET only' }));
    return;
  }
  // An unencoded + arrives as a space.
  const to = url.searchParams.get('to')?.trim().replace(/^(?=\d)/, '+');
  response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ messages: simulatedSmsOutbox().sent(to || undefined) }));
}

/**
 * POST /_local/sms/inbound {from, body, messageId?}: an SMS to our number, delivered to the inbound-SMS function as
 * End User Messaging's SNS topic would. The same messageId again is a redelivery.
 */
async function deliverInboundSms(request: IncomingMessage, response: ServerResponse, now: Date): Promise<void> {
  const input = request.method === 'POST' ? (parseJsonObject((await readBody(request)).toString('utf8') || '{}') as { from?: unknown; body?: unknown; messageId?: unknown }) : {};
  if (typeof input.from !== 'string' || typeof input.body !== 'string') {
    response.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify({ error: 'invalid_input', message: 'POST {"from": "+E.164", "body": "text", "messageId"?: "id"}' }));
    return;
  }
  const messageId = typeof input.messageId === 'string' ? input.messageId : randomUUID();
  const payload = { originationNumber: input.from, destinationNumber: '+15550100000', messageKeyword: 'KEYWORD_LOCAL', messageBody: input.body, inboundMessageId: messageId };
  await invokeHandler('messaging/inbound-sms', snsEventOf(JSON.stringify(payload), now));
  response.writeHead(202, { 'content-type': 'application/json' }).end(JSON.stringify({ messageId }));
}

/**
 * POST /_local/connect/inbound-call {from, contactId?}: an inbound call, as Amazon Connect's contact flow invokes the
 * inbound-call function; answers what the flow would get back. The same contactId again is a redelivery.
 */
async function deliverInboundCall(request: IncomingMessage, response: ServerResponse): Promise<void> {
  const input = request.method === 'POST' ? parseJsonObject((await readBody(request)).toString('utf8') || '{}') : {};
  if (typeof input.from !== 'string') {
    response.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify({ error: 'invalid_input', message: 'POST {"from": "+E.164", "contactId"?: "id"}' }));
    return;
  }
  const contactId = typeof input.contactId === 'string' ? input.contactId : randomUUID();
  const event = { Name: 'ContactFlowEvent', Details: { ContactData: { ContactId: contactId, InitialContactId: contactId, Channel: 'VOICE', InitiationMethod: 'INBOUND', CustomerEndpoint: { Address: input.from, Type: 'TELEPHONE_NUMBER' } }, Parameters: {} } };
  const answer = await invokeHandler('identity/inbound-call', event);
  response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ connectContactId: contactId, ...(answer as object) }));
}

/**
 * PUT /_local/lookup/{+E164} {"answer": "mobile" | "landline" | "voip" | … | "fail" | null}: what the simulated paid
 * lookup answers for the number (null: its default again); GET /_local/lookup/{+E164 | count} tells how many paid
 * lookups it answered.
 */
async function serveLookup(request: IncomingMessage, response: ServerResponse, number: string): Promise<void> {
  // Imported when first asked, as the handlers import it: after the runtime set their environment (it makes a client).
  const { simulatedPhoneLookup } = await import('../functions/handlers/identity-composition.ts');
  const lookup = simulatedPhoneLookup();
  if (request.method === 'PUT') {
    const { answer } = parseJsonObject((await readBody(request)).toString('utf8') || '{}');
    if (answer !== null && answer !== 'fail' && !(typeof answer === 'string' && (lookupLineTypes as readonly string[]).includes(answer))) {
      response.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify({ error: 'invalid_input', message: `answer: one of ${lookupLineTypes.join(', ')}, fail, or null` }));
      return;
    }
    lookup.script(number, answer === null ? undefined : (answer as ScriptedLookup));
  }
  response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ lookups: number === 'count' ? lookup.lookupCount() : lookup.lookupCount(number) }));
}

/** A request body that is not JSON is the caller's mistake (400 above), not the runtime's (500). */
function parseJsonObject(text: string): Record<string, unknown> {
  try {
    const parsed: unknown = JSON.parse(text);
    return parsed !== null && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

function snsEventOf(message: string, now: Date) {
  const topicArn = 'arn:aws:sns:us-east-1:000000000000:contactable-inbound-sms';
  return { Records: [{ EventSource: 'aws:sns', EventVersion: '1.0', EventSubscriptionArn: `${topicArn}:local`, Sns: { Type: 'Notification', MessageId: randomUUID(), TopicArn: topicArn, Subject: null, Message: message, Timestamp: now.toISOString(), MessageAttributes: {} } }] };
}

async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** What S3 sends to EventBridge when an object lands in a bucket with EventBridge notifications on. */
function objectCreatedEvent(object: StoredObject) {
  return {
    version: '0',
    id: crypto.randomUUID(),
    'detail-type': 'Object Created',
    source: 'aws.s3',
    account: '000000000000',
    time: new Date().toISOString(),
    region: 'us-east-1',
    resources: [`arn:aws:s3:::${object.bucket}`],
    detail: { version: '0', bucket: { name: object.bucket }, object: { key: object.key, size: object.size }, reason: 'PutObject' },
  };
}

// Loads the same handler modules that deploy to Lambda, once each.
import type { Context } from 'aws-lambda';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { lambdaContext } from './api-gateway-event.ts';

const handlersRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../functions/handlers');

type Handler = (event: unknown, context: Context) => Promise<unknown>;
const loaded = new Map<string, Promise<Handler>>();
const invocations = new Map<string, number>();

/** For the benchmark: invocations per handler module since this process started. */
export function handlerInvocationCounts(): ReadonlyMap<string, number> {
  return invocations;
}

/**
 * How many invocations run at once, as an account's Lambda concurrency bounds them in AWS. Without a bound, a
 * campaign whose executions all fall due at one campaign instant starts thousands of invocations together: they
 * queue for the SDK's sockets, and their deadlines pass before they get one. The rest wait their turn, and each
 * invocation's deadline starts when it runs. (No handler waits for another's invocation, so waiting cannot deadlock:
 * Step Functions callbacks, executions and `Event` invokes all return at once.)
 */
export const maxConcurrentInvocations = 64;
let running = 0;
const waiting: Array<() => void> = [];

/** Invoke `functions/handlers/<name>.handler.ts` as Lambda would. */
export async function invokeHandler<T>(name: string, event: unknown): Promise<T> {
  invocations.set(name, (invocations.get(name) ?? 0) + 1);
  let handler = loaded.get(name);
  if (!handler) {
    handler = import(pathToFileURL(path.join(handlersRoot, `${name}.handler.ts`)).href).then((module: { handler: Handler }) => module.handler);
    loaded.set(name, handler);
  }
  const run = await handler;
  await takeSlot();
  try {
    return (await run(event, lambdaContext(name.replaceAll('/', '-')))) as T;
  } finally {
    giveSlotBack();
  }
}

async function takeSlot(): Promise<void> {
  if (running < maxConcurrentInvocations) {
    running += 1;
    return;
  }
  await new Promise<void>((resolve) => waiting.push(resolve)); // handed over by giveSlotBack, still counted
}

function giveSlotBack(): void {
  const next = waiting.shift();
  if (next) next();
  else running -= 1;
}

// Loads the same handler modules that deploy to Lambda, once each.
import type { Context } from 'aws-lambda';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { lambdaContext } from './api-gateway-event.ts';

const handlersRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../functions/handlers');

type Handler = (event: unknown, context: Context) => Promise<unknown>;
const loaded = new Map<string, Promise<Handler>>();

/** Invoke `functions/handlers/<name>.handler.ts` as Lambda would. */
export async function invokeHandler<T>(name: string, event: unknown): Promise<T> {
  let handler = loaded.get(name);
  if (!handler) {
    handler = import(pathToFileURL(path.join(handlersRoot, `${name}.handler.ts`)).href).then((module: { handler: Handler }) => module.handler);
    loaded.set(name, handler);
  }
  return (await handler)(event, lambdaContext(name.replaceAll('/', '-'))) as Promise<T>;
}

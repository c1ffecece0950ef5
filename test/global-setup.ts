// Vitest globalSetup: one local runtime (DynamoDB Local with the synthesized tables, and the HTTP API) for the
// whole run. Adapter tests read inject('dynamodbEndpoint'); end-to-end tests inject('apiUrl').
import type { TestProject } from 'vitest/node';
import { startLocalRuntime } from '../local/runtime.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    dynamodbEndpoint: string;
    apiUrl: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const runtime = await startLocalRuntime();
  project.provide('dynamodbEndpoint', runtime.dynamodbEndpoint);
  project.provide('apiUrl', runtime.url);
  return () => runtime.stop();
}

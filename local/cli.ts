#!/usr/bin/env -S npx tsx
// The contactable CLI: `local` serves the API, `demo` is what `npm start` runs, `import FILE` imports a CSV.
import './handler-log-level.ts';
import { runDemo } from './demo.ts';
import { importFile } from './import-command.ts';
import { startLocalRuntime } from './runtime.ts';

const usage = `usage: contactable <command>
  local                 serve the API on http://127.0.0.1:\${PORT:-3000} until stopped (Ctrl-C)
  demo                  start the local runtime, load the sample data, print it, stop (npm start)
  import FILE [--api URL] [--mapping mapping.json]
                        import a CSV file through the API (default: a running \`npm run local\`);
                        a deployed API takes the token in CONTACTABLE_TOKEN`;

async function main(args: string[]): Promise<number> {
  const [command, ...rest] = args;
  switch (command) {
    case 'local':
      return serve();
    case 'demo':
      await runDemo();
      return 0;
    case 'import':
      return importFile(rest);
    default:
      console.error(usage);
      return command === undefined || command === '--help' ? 0 : 2;
  }
}

async function serve(): Promise<number> {
  const runtime = await startLocalRuntime({ port: Number(process.env.PORT ?? 3000), log: (line) => console.log(line) });
  console.log(`API: ${runtime.url}   OpenAPI: ${runtime.url}/openapi.json   (Ctrl-C stops everything)`);
  console.log(`Tokens: curl -X POST ${runtime.url}/_local/tokens -d '{"role":"agent"}'   (administrator, supervisor or agent)`);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await runtime.stop();
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);

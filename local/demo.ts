// What `npm start` shows: the local runtime up, the seed's item types, a sample import, contacts in dial order.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ApiClient } from './api-client.ts';
import { printImportSummary, runImport } from './import-command.ts';
import { startLocalRuntime } from './runtime.ts';

const sampleFile = path.join(path.dirname(fileURLToPath(import.meta.url)), 'sample/contacts.csv');

interface ContactOut {
  displayName: string;
  dialOrder: Array<{ position: number; number: string; label: string }>;
}

export async function runDemo(): Promise<void> {
  const started = Date.now();
  const runtime = await startLocalRuntime({ log: (line) => console.log(line) });
  try {
    const api = new ApiClient(runtime.url);
    for (const itemType of [{ name: 'Office', orderBy: 1, colour: '#1f77b4' }, { name: 'Holiday', orderBy: 2, colour: '#ff7f0e' }]) {
      await api.request('POST', '/item-types', itemType);
    }
    console.log('\ncontact item types: Office (orderBy 1), Holiday (orderBy 2)');
    console.log(`importing ${path.relative(process.cwd(), sampleFile)} …`);
    const { status, rejections } = await runImport(api, sampleFile, undefined, () => undefined);
    printImportSummary(status, rejections);
    const contacts = await api.request<{ items: ContactOut[] }>('GET', '/contacts?limit=100');
    console.log('\ncontacts in dial order:');
    for (const contact of contacts.items) {
      console.log(`  ${contact.displayName}`);
      for (const entry of contact.dialOrder) console.log(`    ${entry.position}. ${entry.label.padEnd(8)} ${entry.number}`);
    }
    console.log(`\ndone in ${((Date.now() - started) / 1000).toFixed(1)} s; the local runtime is stopping.`);
  } finally {
    await runtime.stop();
  }
}

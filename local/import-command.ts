// `contactable import FILE`: start an import job, upload the file, follow it with a progress bar, summarise.
import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { parseArgs } from 'node:util';
import { ApiClient, type ImportStatus, type Rejection } from './api-client.ts';

export async function importFile(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { api: { type: 'string' }, mapping: { type: 'string' } } });
  const file = positionals[0];
  if (file === undefined) throw new Error('usage: contactable import FILE [--api URL] [--mapping mapping.json]');
  // A deployed API takes a Cognito token; the local runtime hands out development tokens itself.
  const token = process.env.CONTACTABLE_TOKEN;
  const api = new ApiClient(values.api ?? `http://127.0.0.1:${process.env.PORT ?? 3000}`, token ? { token } : {});
  const mapping = values.mapping === undefined ? undefined : (JSON.parse(await readFile(values.mapping, 'utf8')) as unknown);
  const job = await runImport(api, file, mapping, (status) => process.stdout.write(`\r${progressBar(status)}`));
  process.stdout.write('\n');
  printImportSummary(job.status, job.rejections);
  return job.status.status === 'COMPLETED' ? 0 : 1;
}

/** Upload `file` as a new import and wait for it to finish, reporting progress as it goes. */
export async function runImport(api: ApiClient, file: string, mapping: unknown, onProgress: (status: ImportStatus) => void) {
  const { size } = await stat(file);
  const started = await api.request<ImportStatus & { uploadUrl: string }>('POST', '/imports', { fileName: file.split('/').pop(), ...(mapping !== undefined && { mapping }) });
  const upload = await fetch(started.uploadUrl, {
    method: 'PUT',
    headers: { 'content-type': 'text/csv', 'content-length': String(size) },
    body: Readable.toWeb(createReadStream(file)) as ReadableStream,
    duplex: 'half',
  } as RequestInit);
  if (!upload.ok) throw new Error(`upload failed: ${upload.status} ${await upload.text()}`);
  let status = started;
  while (status.status === 'AWAITING_UPLOAD' || status.status === 'RUNNING') {
    await new Promise((resolve) => setTimeout(resolve, 200));
    status = { ...status, ...(await api.request<ImportStatus>('GET', `/imports/${started.id}`)) };
    onProgress(status);
  }
  const rejections = await api.request<{ items: Rejection[] }>('GET', `/imports/${started.id}/rejections?limit=100`);
  return { status: status as ImportStatus, rejections: rejections.items };
}

export function progressBar(status: ImportStatus, width = 30): string {
  const fraction = status.totalBytes ? Math.min(1, status.bytesRead / status.totalBytes) : 0;
  const filled = Math.round(fraction * width);
  return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${String(Math.round(fraction * 100)).padStart(3)}%  ${status.counts.rowsRead} rows`;
}

export function printImportSummary(status: ImportStatus, rejections: readonly Rejection[]): void {
  const { created, updated, unchanged, rejected, rowsRead } = status.counts;
  console.log(`import ${status.status.toLowerCase()}: ${rowsRead} rows — ${created} created, ${updated} updated, ${unchanged} unchanged, ${rejected} rejected`);
  if (status.failureReason) console.log(`  failed: ${status.failureReason}`);
  if (status.ignoredColumns.length > 0) console.log(`  ignored columns: ${status.ignoredColumns.join(', ')}`);
  for (const rejection of rejections) {
    console.log(`  line ${rejection.line}${rejection.column ? `, column "${rejection.column}"` : ''}: ${rejection.reason}${rejection.value ? ` (${rejection.value})` : ''}`);
  }
  if (rejections.length < rejected) console.log(`  … ${rejected - rejections.length} more: GET /imports/${status.id}/rejections`);
}

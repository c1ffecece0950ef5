// Runs a TypeScript script in its own Node process and reads the peak RSS it reports on exit.
import { spawn } from 'node:child_process';

/** What a child script prints as its last stdout line: `reportPeakRss(details)`. */
export interface PeakRssReport {
  maxRssKb: number;
  details: Record<string, number>;
}

/** Call at the end of a child script. */
export function reportPeakRss(details: Record<string, number> = {}): void {
  const report: PeakRssReport = { maxRssKb: process.resourceUsage().maxRSS, details };
  console.log(JSON.stringify(report));
}

/** Peak RSS in MB of `script` (run by this Node with tsx's loader) over its whole life, and what else it reported. */
export async function measurePeakRss(script: string, args: readonly string[]): Promise<{ peakRssMb: number; details: Record<string, number> }> {
  const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  let output = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  const code = await new Promise<number | null>((resolve, reject) => child.once('error', reject).once('exit', resolve));
  if (code !== 0) throw new Error(`${script} exited with ${code}:\n${output}`);
  const report = JSON.parse(output.trim().split('\n').at(-1)!) as PeakRssReport;
  return { peakRssMb: report.maxRssKb / 1024, details: report.details };
}

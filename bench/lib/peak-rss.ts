// Runs a TypeScript script in its own Node process and reads the peak RSS it reports as it ends.
import { spawn } from 'node:child_process';

/** The last thing a child script does: print its peak RSS, with any figures of its own, as its last stdout line. */
export function reportPeakRss(figures: Record<string, number> = {}): void {
  console.log(JSON.stringify({ ...figures, maxRssKb: process.resourceUsage().maxRSS }));
}

/** Peak RSS in MB over the whole life of `script`, run by this Node with tsx's loader; it must end with reportPeakRss(). */
export async function measurePeakRssMb(script: string, args: readonly string[], nodeFlags: readonly string[] = []): Promise<number> {
  return (await runMeasuredChild(script, args, nodeFlags)).peakRssMb;
}

/** The same, with the figures the script passed to reportPeakRss(). */
export async function runMeasuredChild(script: string, args: readonly string[], nodeFlags: readonly string[] = []): Promise<{ peakRssMb: number; figures: Record<string, number> }> {
  const child = spawn(process.execPath, [...nodeFlags, '--import', 'tsx', script, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  let output = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  const code = await new Promise<number | null>((resolve, reject) => child.once('error', reject).once('exit', resolve));
  if (code !== 0) throw new Error(`${script} exited with ${code}:\n${output}`);
  const { maxRssKb, ...figures } = JSON.parse(output.trim().split('\n').at(-1)!) as { maxRssKb: number } & Record<string, number>;
  return { peakRssMb: maxRssKb / 1024, figures };
}

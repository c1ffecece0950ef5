// Runs a TypeScript script in its own Node process and reads the peak RSS it reports as it ends.
import { spawn } from 'node:child_process';

/** The last thing a child script does: print its peak RSS as its last stdout line. */
export function reportPeakRss(): void {
  console.log(JSON.stringify({ maxRssKb: process.resourceUsage().maxRSS }));
}

/** Peak RSS in MB over the whole life of `script`, run by this Node with tsx's loader; it must end with reportPeakRss(). */
export async function measurePeakRssMb(script: string, args: readonly string[], nodeFlags: readonly string[] = []): Promise<number> {
  const child = spawn(process.execPath, [...nodeFlags, '--import', 'tsx', script, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  let output = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  const code = await new Promise<number | null>((resolve, reject) => child.once('error', reject).once('exit', resolve));
  if (code !== 0) throw new Error(`${script} exited with ${code}:\n${output}`);
  const { maxRssKb } = JSON.parse(output.trim().split('\n').at(-1)!) as { maxRssKb: number };
  return maxRssKb / 1024;
}

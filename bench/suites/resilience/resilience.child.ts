// Child process: the resilience scenario on a local runtime of its own (the handlers' SDK clients are made once per
// process, for the runtime they first see); argv: the number of contacts (default 1,000). Prints its figures as the last line, with its peak RSS.
import '../../../local/handler-log-level.ts';
import { startLocalRuntime } from '../../../local/runtime.ts';
import { reportPeakRss } from '../../lib/peak-rss.ts';
import { resilienceClockStart, runFaultCampaign } from './fault-campaign.ts';

const contacts = Number(process.argv[2] ?? 1_000);
const runtimeLog: string[] = [];
const runtime = await startLocalRuntime({ clockStart: resilienceClockStart(), faults: {}, log: (line) => runtimeLog.push(line) });
try {
  const { figures, executionsByStatus, executionFailures } = await runFaultCampaign(runtime, { contacts, progress: (line) => console.error(`resilience: ${line}`) });
  if (executionFailures.length > 0) console.error(`resilience: executions ${JSON.stringify(executionsByStatus)}; for example ${executionFailures.join(' | ')}`);
  if (runtimeLog.length > 0) console.error(`resilience: the runtime logged ${runtimeLog.length} lines, the first: ${runtimeLog.slice(0, 3).join(' | ')}`);
  await runtime.stop();
  reportPeakRss(figures as unknown as Record<string, number>);
} catch (error) {
  await runtime.stop();
  throw error;
}

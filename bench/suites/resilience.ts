// Resilience under faults (issue 6): the 1,000-contact campaign of bench/suites/resilience/fault-campaign.ts with 5% of
// handler invocations failing, outcome events lost, repeated and delayed, and DynamoDB throttled, in a child process.
import { fileURLToPath } from 'node:url';
import type { Suite } from '../lib/measure.ts';
import { runMeasuredChild } from '../lib/peak-rss.ts';
import type { ResilienceFigures } from './resilience/fault-campaign.ts';

const child = fileURLToPath(new URL('./resilience/resilience.child.ts', import.meta.url));

/** Runs the scenario and returns its figures (contacts closed, duplicates, lines, faults injected…). */
export async function measureResilience(): Promise<ResilienceFigures & { peakRssMb: number }> {
  const { peakRssMb, figures } = await runMeasuredChild(child, []);
  return { ...(figures as unknown as ResilienceFigures), peakRssMb };
}

export const resilienceSuite: Suite = {
  name: 'resilience',
  async run() {
    console.error('resilience: a campaign of 1,000 contacts under faults, in a child process…');
    const figures = await measureResilience();
    console.error(`resilience: ${JSON.stringify(figures)}`);
    const ratio = figures.resilienceContactsClosedRatio;
    return [
      { measure: 'resilienceContactsClosedRatio', value: ratio, target: '1.0', met: ratio === 1 },
      { measure: 'resilienceDuplicatedHistoryRows', value: figures.duplicatedHistoryRows, target: '= 0', met: figures.duplicatedHistoryRows === 0 },
      { measure: 'resilienceMaxLinesInUse', value: figures.maxLinesInUse, target: `≤ ${figures.lineLimit}`, met: figures.maxLinesInUse <= figures.lineLimit },
      { measure: 'resilienceSlotsLeftTaken', value: figures.slotsLeftTaken, target: '= 0', met: figures.slotsLeftTaken === 0 },
      { measure: 'resilienceWallSeconds', value: Number(figures.wallSeconds.toFixed(1)) },
    ];
  },
};

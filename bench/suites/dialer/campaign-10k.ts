// A campaign of 10,000 contacts on the local runtime, in a process of its own so that its peak RSS is the runtime's.
import { fileURLToPath } from 'node:url';
import type { Measure } from '../../lib/measure.ts';
import { runMeasuredChild } from '../../lib/peak-rss.ts';

const child = fileURLToPath(new URL('./campaign-10k.child.ts', import.meta.url));

export async function measureCampaign10k(contacts = 10_000): Promise<Measure[]> {
  const { peakRssMb, figures } = await runMeasuredChild(child, [String(contacts)]);
  console.error(`dialer: campaign of ${contacts} ${JSON.stringify(figures)}`);
  const figure = (name: string) => figures[name] ?? Number.NaN;
  const round = (value: number, digits = 1) => Number(value.toFixed(digits));
  const closed = figure('closedContacts');
  const calls = figure('calls');
  return [
    // The wall time is until every contact has its Final row — or, when some never get one, until nothing is left to run.
    { measure: 'campaign10kClosedContacts', value: closed, target: `= ${contacts}`, met: closed === contacts },
    { measure: 'campaign10kWallSeconds', value: round(figure('wallSeconds')) },
    // Of which: until the starter had started every execution (it pauses half a second between pages of 100).
    { measure: 'campaign10kStartSeconds', value: round(figure('allStartedSeconds')) },
    { measure: 'campaign10kPeakRssMb', value: round(peakRssMb) },
    { measure: 'campaign10kDynamoDbLocalPeakRssMb', value: round(figure('dynamodbLocalPeakRssMb')) },
    // A call waiting for a free line is one more place-call invocation and one more loop of the state machine.
    { measure: 'campaign10kPlaceCallsPerCall', value: calls > 0 ? round(figure('placeCallInvocations') / calls, 3) : Number.NaN },
    { measure: 'campaign10kTransitionsPerCall', value: calls > 0 ? round(figure('stateTransitions') / calls, 3) : Number.NaN },
  ];
}

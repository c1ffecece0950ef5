// When the seed campaign runs: 10:00 in New York today, inside the legal window of each of its numbers (New York,
// London, Nice). `npm start` and the benchmark's T1 both start campaign time there.
import { instantsOf, wallTimeAt } from '../functions/domain/time-zone.ts';

export const seedCampaignZone = 'America/New_York';

export function tenOClockToday(): Date {
  const { year, month, day } = wallTimeAt(Date.now(), seedCampaignZone);
  return new Date(instantsOf({ year, month, day, hour: 10, minute: 0, second: 0 }, seedCampaignZone)[0]!);
}

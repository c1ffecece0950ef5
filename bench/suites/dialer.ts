// The dialer's budgets (DESIGN §9): per-call costs and wall time of T1 (DESIGN §8), and a 10,000-contact campaign.
import type { Suite } from '../lib/measure.ts';
import { measureCampaign10k } from './dialer/campaign-10k.ts';
import { measureT1 } from './dialer/t1.ts';

export const dialerSuite: Suite = {
  name: 'dialer',
  async run() {
    console.error('dialer: T1 on the local runtime, twice (cold, then warm)…');
    const t1 = await measureT1();
    console.error('dialer: a campaign of 10,000 contacts in a child process…');
    const campaign = await measureCampaign10k();
    return [...t1, ...campaign];
  },
};

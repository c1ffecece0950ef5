// The composition root of the preview routes: the dialer's adapters (accepting dials, rejecting resumes) with the
// campaigns and contacts of the campaign functions, each built on first use (a route reads only what it uses).
import type { PreviewDependencies } from '#domain/use-cases/dialer/preview';
import { campaignDependencies } from './campaign-composition.ts';
import { dialerDependencies } from './dialer-composition.ts';

let previewDeps: PreviewDependencies | undefined;

export function previewDependencies(): PreviewDependencies {
  previewDeps ??= (() => {
    const dialer = dialerDependencies();
    const campaign = campaignDependencies();
    return {
      ...dialer,
      get campaigns() {
        return campaign.campaigns;
      },
      get contacts() {
        return campaign.contacts;
      },
    };
  })();
  return previewDeps;
}

// PreviewOffers in memory, with the DynamoDB adapter's all-or-nothing take: the offer is taken together with the
// attempt's claim and its line on the call ledger, or not at all.
import type { PreviewOffer } from '#domain/dialer/preview-offer';
import type { CallAttempt, CallLedger } from '#ports/call-ledger';
import type { Page } from '#ports/contact-repository';
import type { PreviewOffers, StoredPreviewOffer, TakeOfferResult } from '#ports/preview-offers';
import type { FixedClock } from './fixed-clock.ts';

export class InMemoryPreviewOffers implements PreviewOffers {
  private readonly offers = new Map<string, StoredPreviewOffer>();

  constructor(
    private readonly calls: CallLedger,
    private readonly clock: FixedClock,
  ) {}

  async offer(offer: PreviewOffer): Promise<boolean> {
    const key = keyOf(offer.workflow.campaignId, offer.workflow.contactId, offer.attemptId);
    const stored = this.offers.get(key);
    if (stored !== undefined && (stored.status !== 'OPEN' || stored.offer.taskToken === offer.taskToken)) return false;
    this.offers.set(key, { offer: structuredClone(offer), status: 'OPEN' });
    return true;
  }

  async listOpen(campaignId: string, options: { offeredAfter: string; limit: number; cursor: string | undefined }): Promise<Page<PreviewOffer>> {
    const position = (offer: PreviewOffer) => `${offer.offeredAt}#${offer.attemptId}`;
    const open = [...this.offers.values()]
      .filter(({ offer, status }) => status === 'OPEN' && offer.workflow.campaignId === campaignId && position(offer) > options.offeredAfter)
      .map(({ offer }) => offer)
      .filter((offer) => options.cursor === undefined || position(offer) > options.cursor)
      .sort((a, b) => position(a).localeCompare(position(b)));
    const page = open.slice(0, options.limit);
    return { items: structuredClone(page), cursor: open.length > options.limit ? position(page.at(-1)!) : undefined };
  }

  async ofContact(campaignId: string, contactId: string): Promise<StoredPreviewOffer[]> {
    return structuredClone([...this.offers.values()].filter(({ offer }) => offer.workflow.campaignId === campaignId && offer.workflow.contactId === contactId));
  }

  async get(campaignId: string, contactId: string, attemptId: string): Promise<StoredPreviewOffer | undefined> {
    const stored = this.offers.get(keyOf(campaignId, contactId, attemptId));
    return stored && structuredClone(stored);
  }

  async take(offer: PreviewOffer, attempt: CallAttempt, lineLimit: number): Promise<TakeOfferResult> {
    const stored = this.offers.get(keyOf(offer.workflow.campaignId, offer.workflow.contactId, offer.attemptId));
    if (stored?.status !== 'OPEN') return 'offer-gone';
    // Marked before the claim and put back if it fails: a second take meanwhile finds it gone, as in one transaction.
    stored.status = 'TAKEN';
    stored.takenAt = this.clock.now().toISOString();
    const claim = await this.calls.claim(attempt, lineLimit);
    if (claim === 'claimed') return 'taken';
    stored.status = 'OPEN';
    stored.takenAt = undefined;
    return claim;
  }

  async withdraw(campaignId: string, contactId: string, attemptId: string): Promise<boolean> {
    const key = keyOf(campaignId, contactId, attemptId);
    if (this.offers.get(key)?.status !== 'OPEN') return false;
    this.offers.delete(key);
    return true;
  }

  /** Every open offer, whatever its campaign. */
  openOffers(): PreviewOffer[] {
    return structuredClone([...this.offers.values()].filter(({ status }) => status === 'OPEN').map(({ offer }) => offer));
  }
}

const keyOf = (campaignId: string, contactId: string, attemptId: string) => `${campaignId}#${contactId}#${attemptId}`;

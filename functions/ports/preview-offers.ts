// Preview offers (DESIGN §5 rule 5): calls the strategy chose, waiting for an agent to accept or reject them.
import type { PreviewOffer } from '#domain/dialer/preview-offer';
import type { CallAttempt, ClaimResult } from './call-ledger.ts';
import type { Page } from './contact-repository.ts';

/** An offer as stored: open until an agent takes it; a taken one stays a while so that a second agent hears so. */
export interface StoredPreviewOffer {
  offer: PreviewOffer;
  status: 'OPEN' | 'TAKEN';
  takenAt?: string | undefined;
}

export type TakeOfferResult = 'taken' | 'offer-gone' | Exclude<ClaimResult, 'claimed'>;

export interface PreviewOffers {
  /**
   * Stores the offer once per attempt: false when this attempt was offered already (its task delivered again). A
   * task the state machine retried comes with a new token: an offer still open then takes it (and the new time).
   */
  offer(offer: PreviewOffer): Promise<boolean>;
  /** The campaign's open offers made after `offeredAfter`, oldest first. */
  listOpen(campaignId: string, options: { offeredAfter: string; limit: number; cursor: string | undefined }): Promise<Page<PreviewOffer>>;
  /** The contact's offers in the campaign, open or taken: one per attempt offered (several only when runs overlap). */
  ofContact(campaignId: string, contactId: string): Promise<StoredPreviewOffer[]>;
  get(campaignId: string, contactId: string, attemptId: string): Promise<StoredPreviewOffer | undefined>;
  /**
   * Takes the open offer and claims its attempt and one of `lineLimit` lines in one write, all or nothing: two
   * agents cannot both take it, and with no free line the offer stays open.
   */
  take(offer: PreviewOffer, attempt: CallAttempt, lineLimit: number): Promise<TakeOfferResult>;
  /** Removes the offer while it is still open; false when it was taken or is gone. */
  withdraw(campaignId: string, contactId: string, attemptId: string): Promise<boolean>;
}

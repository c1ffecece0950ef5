// Execution names: one per campaign, contact and run (DESIGN §5), so a start delivered twice starts one execution.
import { createHash } from 'node:crypto';

/** Step Functions allows 80 characters; letters, digits, `-` and `_` are safe wherever a name shows (ARNs, logs). */
const maxNameLength = 80;
/** What a part may be when it is used as it is: `_` is kept for the separator, so prefixes never overlap. */
const plainPart = /^[A-Za-z0-9-]+$/;
const separator = '_';
/** A UUID fits; longer campaign and run ids are digested, which leaves at least 22 characters for the contact. */
const maxCampaignPart = 36;
const maxRunPart = 20;

/**
 * `<campaign>_<run>_<contact>`, each part the id itself when it is plain and fits, otherwise `h` and a SHA-256 digest
 * of it cut to the room left (at least 84 bits for the contact, so two contacts of a run never share a name).
 */
export function executionName(campaignId: string, contactId: string, runId: string): string {
  const prefix = runExecutionPrefix(campaignId, runId);
  return `${prefix}${namePart(contactId, maxNameLength - prefix.length)}`;
}

/** Every execution of the campaign, whatever its run, starts with this: what stopping a campaign stops. */
export function campaignExecutionPrefix(campaignId: string): string {
  return `${namePart(campaignId, maxCampaignPart)}${separator}`;
}

/** Every execution of one run of the campaign starts with this. */
export function runExecutionPrefix(campaignId: string, runId: string): string {
  return `${campaignExecutionPrefix(campaignId)}${namePart(runId, maxRunPart)}${separator}`;
}

function namePart(value: string, room: number): string {
  if (plainPart.test(value) && value.length <= room) return value;
  return `h${createHash('sha256').update(value).digest('hex').slice(0, room - 1)}`;
}

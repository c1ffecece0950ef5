// Waiting for a free line: how long a call that found every line of its campaign busy waits before asking again.

/** The longest wait between two tries, in minutes: a line freed meanwhile stays idle at most this long. */
export const maxLineWaitMinutes = 8;

/**
 * 1, 2, 4, then 8 minutes for the 1st, 2nd, 3rd and later tries in a row, each stretched or shortened by up to a
 * quarter, by an amount drawn from the attempt id. A campaign starts every contact at once: without the doubling,
 * each waiting contact would ask every minute (work growing with contacts² / lines); without the spread, they would
 * all ask in the same second and the lines would go to whoever's request lands first.
 */
export function lineWaitSeconds(triesInARow: number, attemptId: string): number {
  const minutes = Math.min(2 ** Math.max(0, triesInARow - 1), maxLineWaitMinutes);
  return Math.round(minutes * 60 * (0.75 + 0.5 * unitFraction(attemptId)));
}

/** A number in [0, 1) that depends only on `text` (FNV-1a): the same attempt always waits as long. */
function unitFraction(text: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index += 1) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) / 2 ** 32;
}

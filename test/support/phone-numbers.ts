// Fresh, valid phone numbers for tests that share one database.
let counter = Math.floor(Math.random() * 500_000);

/** A valid mobile (French: every +33 61… number is one), different at every call. */
export function mobileNumber(): string {
  counter += 1;
  return `+3361${String(counter % 10_000_000).padStart(7, '0')}`;
}

/** A valid US number (fixed line or mobile), different at every call. */
export function usNumber(): string {
  counter += 1;
  return `+1201${String(200 + (counter % 700))}${String(counter % 10_000).padStart(4, '0')}`;
}

/**
 * A valid French landline (Paris, +33 1…), different at every call. Workflow tests dial French numbers only: one
 * zone, so the whole suite's campaign time fits in their legal window (08:00–21:00 Paris).
 */
export function landlineNumber(): string {
  counter += 1;
  return `+3314${String(counter % 10_000_000).padStart(7, '0')}`;
}

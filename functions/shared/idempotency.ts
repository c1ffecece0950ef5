// The idempotency records' table (Powertools idempotency, DynamoDB persistence): one module read by the CDK construct
// and by the handler wrapper, so the key and TTL attributes cannot drift apart.

export const idempotencyTable = {
  /** Carries the table's name to the functions that keep idempotency records. */
  envVar: 'IDEMPOTENCY_TABLE_NAME',
  /** Powertools' DynamoDB persistence layer's own defaults (keyAttr, expiryAttr): nothing to configure twice. */
  partitionKey: 'id',
  ttlAttribute: 'expiration',
} as const;

/** How long a completed event's record answers its duplicates: EventBridge's longest retry window (24 hours). */
export const idempotencyRecordLifetimeSeconds = 24 * 60 * 60;

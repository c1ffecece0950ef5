// The variables CDK (or the local runtime) hands the functions that identify mobile numbers: one list for both sides.
export const lookupEnvVars = {
  /** `pinpoint` in AWS (PhoneNumberValidate, IAM mobiletargeting:PhoneNumberValidate); `simulator` only in the local runtime. */
  backend: 'PHONE_LOOKUP',
  /** Optional: how many days a paid answer is kept (180 when unset). */
  cacheLifetimeDays: 'LOOKUP_CACHE_LIFETIME_DAYS',
} as const;

export const phoneLookupBackends = ['simulator', 'pinpoint'] as const;
export type PhoneLookupBackend = (typeof phoneLookupBackends)[number];

// The variables CDK (or the local runtime) hands the functions that send SMS: one list for both sides.
export const smsEnvVars = {
  /** `in-process`: set only by the local runtime, never by a deployed stack. */
  simulator: 'SMS_SIMULATOR',
  originationIdentity: 'SMS_ORIGINATION_IDENTITY',
  configurationSetName: 'SMS_CONFIGURATION_SET_NAME',
} as const;

// The variable CDK (or the local runtime) hands the functions that start the identification backfill, and the worker
// itself (it continues in a new invocation): one name for both sides.
export const backfillEnvVars = {
  /** The worker's function name: named in CDK, so that the worker can invoke itself without a reference cycle. */
  functionName: 'IDENTIFICATION_BACKFILL_FUNCTION_NAME',
} as const;

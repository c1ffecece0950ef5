// The import bucket's layout: one module read by the CDK constructs, the composition root and the local runtime.

export const importBucket = {
  /** The environment variable that carries the bucket's name to a function bound to it. */
  envVar: 'IMPORT_BUCKET_NAME',
  /** Uploaded CSV files, `imports/<job id>.csv`: an object created here starts its import. */
  importsPrefix: 'imports/',
} as const;

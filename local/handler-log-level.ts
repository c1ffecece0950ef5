// Imported first by the CLI: the handlers' logger reads its level once, when its module is first evaluated,
// so the level must be in the environment before any handler module loads. Locally the handlers' INFO lines
// would drown what the CLI prints; POWERTOOLS_LOG_LEVEL=INFO brings them back.
process.env.POWERTOOLS_LOG_LEVEL ??= 'WARN';
// Likewise the metrics' Embedded Metric Format lines: nothing reads them here (POWERTOOLS_METRICS_DISABLED=false shows them).
process.env.POWERTOOLS_METRICS_DISABLED ??= 'true';
// Powertools traces only inside Lambda already; said here too, since no X-Ray daemon listens on a laptop.
process.env.POWERTOOLS_TRACE_ENABLED ??= 'false';

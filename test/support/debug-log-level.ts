// Imported first by the test run's global setup and by every test file's setup: handlers log at DEBUG in tests, and
// write their Embedded Metric Format lines, so that the log scan (test/support/log-scan.ts) reads every line they can
// write. Those lines go to a capture file, not to the terminal.
process.env.POWERTOOLS_LOG_LEVEL = 'DEBUG';
process.env.POWERTOOLS_METRICS_DISABLED = 'false';

// Vitest setup file, run in every test process before each test file: what handlers log there (a test file's own
// local runtime, say) is captured for the end-of-run log scan too, at DEBUG like the shared runtime's.
import './debug-log-level.ts';
import { inject } from 'vitest';
import { captureLogLines } from './log-capture.ts';

captureLogLines(inject('logCaptureDir'), 'test-process');

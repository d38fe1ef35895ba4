// How a check's status reads: its icon and its word (for screen readers and the permission table).
import type { Check } from './bindings';

export const STATUS_ICON: Record<Check['status'], string> = {
  pending: '○',
  running: '◐',
  pass: '✓',
  warn: '!',
  fail: '✕',
  skipped: '–',
};

export const STATUS_WORD: Record<Check['status'], string> = {
  pending: 'Waiting',
  running: 'In progress',
  pass: 'Passed',
  warn: 'Warning',
  fail: 'Failed',
  skipped: 'Skipped',
};

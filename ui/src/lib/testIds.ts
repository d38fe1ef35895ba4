// The data-testid values: one list (test-ids.json) for the components, the Vitest tests, the mock and
// the Rust E2E, whose build.rs turns it into selector constants. testIds.test.ts fails when any of
// them uses an id the list lacks, or the list keeps one no component has.
import ids from './test-ids.json';

export const TestId = ids;

/** The CSS selector of a test id, for querySelector. */
export const byTestId = (id: string): string => `[data-testid=${id}]`;

// The error codes that concern credentials Autotask rejects, named once for the cards that show them.
import type { ErrorCode } from './bindings';

/** Rust refused to send: these credentials were rejected, their one more try is used, or it waits for the admin. */
export const REFUSED: readonly ErrorCode[] = [
  'credentials_rejected',
  'retry_spent',
  'confirm_sign_in',
];

/** Autotask's own answer that rejects the credentials. */
export const REJECTION: readonly ErrorCode[] = ['invalid_credentials', 'account_locked'];

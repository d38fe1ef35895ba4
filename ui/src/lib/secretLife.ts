// How the status screen words the secret's age. The days come from Rust (whole days, never
// negative); only the words are made here.
import type { ConnectionStatus } from './bindings';

/** Where the old API user is retired in Autotask (help pages on autotask.net). */
export const RETIRE_LINKS = {
  apiUser:
    'https://ww1.autotask.net/help/Content/4_Admin/1CompanySettings_Users/ResourcesUsersHR/Resources/API_User_Add_Edit.htm',
  trackingIdentifier:
    'https://ww1.autotask.net/help/Content/4_Admin/1CompanySettings_Users/ResourcesUsersHR/Resources/API_Tracking_Identifier.htm',
} as const;

export function ago(days: number): string {
  if (days <= 0) return 'today';
  if (days === 1) return 'yesterday';
  return `${days} days ago`;
}

/** "Secret saved 83 days ago, last verified today"; null when nothing is saved. */
export function describeAge(status: ConnectionStatus): string | null {
  if (status.secretAgeDays === null) return null;
  const verified =
    status.lastVerifiedDays === null
      ? 'not verified since'
      : `last verified ${ago(status.lastVerifiedDays)}`;
  return `Secret saved ${ago(status.secretAgeDays)}, ${verified}`;
}

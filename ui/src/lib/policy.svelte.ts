// The organisation's managed values (from Rust's AppInfo), for the screens that show them as
// "Set by your organization". Rust enforces them; the UI only shows them.
import type { ManagedValues, Policy } from './bindings';

let current = $state<Policy | null>(null);

export function setPolicy(policy: Policy | null) {
  current = policy;
}

export type ManagedDefault = Extract<
  keyof ManagedValues,
  'QueueId' | 'CategoryId' | 'StatusId' | 'PriorityId'
>;

/** The managed value of a ticket default, when the organisation sets one. */
export const managedDefault = (key: ManagedDefault): number | undefined => current?.keys[key];

/** Whether the opt-in test ticket may be offered here. */
export const testTicketAllowed = (): boolean => current?.keys.OfferTestTicket !== false;

/** Where the managed values come from, for the admin (e.g. the registry key). */
export const policySource = (): string | null => current?.source ?? null;

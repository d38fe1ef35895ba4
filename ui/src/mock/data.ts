// Realistic Test results for the mock build, built on the unit-test fixtures.
import { failedReport, okReport, options } from '../test/fixtures';
import type { Check, CheckId, ErrorCode, Field, TestReport, TicketOptions } from '../lib/bindings';

const LABELS: [CheckId, string, string][] = [
  ['zone', 'Find the Autotask zone', 'America West 2 (webservices15.autotask.net)'],
  ['signIn', 'Sign in as the API user', 'Signed in as key@contoso-msp.com'],
  ['permission.Companies.read', 'Permission: read Companies', 'Granted'],
  ['permission.Tickets.read', 'Permission: read Tickets', 'Granted'],
  ['permission.Contracts.read', 'Permission: read Contracts', 'Granted'],
  ['permission.TimeEntries.read', 'Permission: read Time Entries', 'Granted'],
  ['permission.Tickets.create', 'Permission: create Tickets', 'Granted'],
  ['permission.TicketNotes.create', 'Permission: create Ticket Notes', 'Granted'],
  ['usage', 'API usage this hour', '12 of 10000 requests in the last 60 minutes'],
  ['ticketOptions', 'Load queues, categories, statuses and priorities', '5 queues, 3 categories'],
];

/** Every check passed, except those given another status and message. */
export function checks(changed: Partial<Record<CheckId, [Check['status'], string]>> = {}): Check[] {
  return LABELS.map(([id, label, message]) => {
    const [status, text] = changed[id] ?? ['pass', message];
    return { id, label, status, message: text };
  });
}

/** Only the checks up to (not including) `id`, then `id` with `status`: a Test that stopped there. */
export function checksUntil(id: CheckId, status: Check['status'], message: string): Check[] {
  const all = checks();
  const at = all.findIndex((c) => c.id === id);
  return [...all.slice(0, at), { ...(all[at] as Check), status, message }];
}

export const passed: TestReport = { ...okReport, checks: checks() };

export function failed(code: ErrorCode, message: string, remediation: string, list: Check[], field?: Field): TestReport {
  const base = failedReport(code, field);
  return { ...base, message, checks: list, error: { code, message, remediation, field } };
}

export const missing = (what: string) => `Missing: the security level cannot ${what}.`;

export const lists: TicketOptions = {
  ...options,
  queues: {
    choices: [
      { id: 5, label: 'Client Portal', isDefault: false },
      { id: 29682833, label: 'Level I Support', isDefault: false },
      { id: 29682834, label: 'Level II Support', isDefault: false },
      { id: 29682840, label: 'Monitoring Alert', isDefault: false },
    ],
    inactive: [{ id: 7, label: 'Old Queue', isDefault: false }],
  },
  categories: { choices: [{ id: 3, label: 'Standard', isDefault: true }, { id: 113, label: 'Incident', isDefault: false }], inactive: [] },
};

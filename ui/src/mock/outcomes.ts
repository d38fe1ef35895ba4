// The Test outcomes the mock scenarios answer with (kept apart from scenarios.ts, which names the screens).
import type { Handlers } from '../test/ipc';
import type { TestReport } from '../lib/bindings';
import { checks, checksFailedAt, checksUntil, failed, missing, stopped } from './data';

export const answering =
  (report: TestReport): NonNullable<Handlers['start_test']> =>
  (_args, emit) => {
    report.checks.forEach((check) => emit({ kind: 'check', check }));
    return report;
  };

export const wrongSecret = failed(
  'invalid_credentials',
  // Rust's words (autotask/error.rs): every likely cause, and no claim that the user cannot be locked.
  "Autotask refused the sign-in (401) without saying why. Likely causes: the secret or the username is wrong; the API user is locked or inactive (Autotask e-mails the API user's address when it locks it); or the API user is brand new and not live yet.",
  'Paste the secret again (it is case-sensitive) and check the username; if the secret was lost, generate a new one on the API user in Autotask. In Autotask (Admin → Resources/Users), check that the API user is Active and not Locked. If you just created the user, wait a few minutes, then try once more. Autotask locks an API user after repeated failed sign-ins, so this app never retries on its own.',
  checksUntil('signIn', 'fail', '401 Unauthorized'),
  'secret',
);
export const permissions = failed(
  'permission_denied',
  "The API user's security level lacks permission to: read Contracts; create Tickets; create Ticket Notes.",
  'Use an API User (system) security level (or a clone of one), not a regular staff role, with read on Companies, Tickets, Contracts and Time Entries and write on Tickets and Ticket Notes.',
  checks({
    'permission.Tickets.read': [
      'warn',
      'Restricted: the API user sees only some Tickets. Vectis may miss records.',
    ],
    'permission.Contracts.read': ['fail', missing('read Contracts')],
    'permission.Tickets.create': ['fail', missing('create Tickets')],
    'permission.TicketNotes.create': ['fail', missing('create Ticket Notes')],
  }),
);
export const timeout = failed(
  'timeout',
  'Autotask did not answer within 4 seconds.',
  'Check the network, a proxy or firewall between this computer and webservices15.autotask.net, then retry.',
  checksUntil('signIn', 'fail', 'No answer within 4 s'),
);
export const integrationCode = failed(
  'invalid_integration_code',
  'Autotask rejected the integration code ("IntegrationCode is invalid.").',
  'Copy the Integration Code from the API user\'s API Tracking Identifier tab in this same Autotask tenant: the Custom (Internal Integration) one named "Vectis".',
  checksFailedAt(
    'signIn',
    'Autotask rejected the integration code ("IntegrationCode is invalid.").',
  ),
  'integrationCode',
);
export const unknownUser = failed(
  'unknown_user',
  'Zone information could not be determined for this Username (Key).',
  'Check the username. If you just created the API user, Autotask can take a few minutes to make it available.',
  checksUntil('zone', 'fail', 'Unknown Username (Key)'),
  'username',
);

/** A Test that runs until `cancel_test` stops it, then reports `cancelled` as Rust does. */
export function stoppable(): Pick<Handlers, 'start_test' | 'cancel_test'> {
  let stop: (() => void) | null = null;
  return {
    start_test: (_args, emit) => {
      emit({
        kind: 'check',
        check: { ...checks()[0]!, status: 'running', message: 'Looking up the zone' },
      });
      return new Promise<TestReport>((resolve) => (stop = () => resolve(stopped)));
    },
    cancel_test: () => {
      if (!stop) return false;
      stop();
      stop = null;
      return true;
    },
  };
}

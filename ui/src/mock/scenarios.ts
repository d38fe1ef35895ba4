// One scenario per screen of the app, named as the WebKitGTK E2E screenshots are: the Rust commands it
// answers (typed by the IPC contract) and the clicks that reach the screen.
import { appInfo, configured, notConfigured, testTicket, ticketPlan } from '../test/fixtures';
import type { Handlers } from '../test/ipc';
import type { TestReport } from '../lib/bindings';
import { byTestId, TestId } from '../lib/testIds';
import { checks, lists, passed, beyondNeed, wrongTenant, supportBundle, validate } from './data';
import {
  click,
  clickOn,
  heading,
  pick,
  toCredentials,
  toTested,
  type,
  waitFor,
  waitForSelector,
} from './drive';
import {
  answering,
  integrationCode,
  permissions,
  stoppable,
  timeout,
  unknownUser,
  wrongSecret,
} from './outcomes';

export type Scenario = { handlers: Handlers; drive: () => Promise<unknown> };

/** The second API user of a blue/green rotation, and the status after switching to it. */
const GREEN = 'green5r8t2w7q@contoso-msp.com';
const switched = {
  ...configured,
  username: GREEN,
  secretAgeDays: 0,
  lastVerifiedDays: 0,
  oldUser: {
    username: configured.username ?? '',
    switchedAt: '2026-11-23T10:00:00Z',
    retiredAt: null,
  },
};

// Autotask's rejection as the ledger counts it (H1, H2): the counted, single-use re-send.
const rejection = {
  at: '2026-12-06T05:06:16.380035218Z',
  code: 'invalid_credentials' as const,
  message: '401',
};
const history = (retrySpent: boolean) => ({
  rejectedSignIns: retrySpent ? 2 : 1,
  rejectedSecrets: 1,
  rejection,
  retrySpent,
});
const refused = (code: 'confirm_sign_in', message: string) => () => {
  throw { code, message, remediation: 'Check the secret first.', field: 'secret' };
};

const wizard: Handlers = {
  app_info: () => appInfo,
  ui_ready: () => ({
    readyMs: 480,
    phases: [{ name: 'main', ms: 2 }],
    startedEpochMs: performance.timeOrigin - 300,
  }),
  open_url: () => null,
  connection_status: () => notConfigured,
  validate_credentials: ({ input }) => validate(input),
  ticket_options: () => lists,
  validate_defaults: ({ defaults }) => ({
    ok: true,
    errors: [],
    defaults: { ...defaults, queueLabel: 'Level I Support', categoryLabel: 'Incident' },
  }),
  save_connection: () => configured,
  test_ticket_plan: ({ defaults }) => ticketPlan(defaults),
  create_test_ticket: ({ defaults }) => testTicket(defaults),
  cancel_test: () => true,
};
const status: Handlers = {
  ...wizard,
  connection_status: () => configured,
  disconnect: () => notConfigured,
};
/** Credentials with a 10-character integration code: Next stops once to show the length notice. */
const toNotice = async () => {
  await toCredentials();
  await type('#integration-code', 'WRONGCODE1');
  await click('Next');
  await waitForSelector('#integration-code-notice');
};

const toIntegrationCodeFailure = async () => {
  await toNotice();
  await click('Next');
  await heading('Test');
  await click('Test connection');
  await waitForSelector(byTestId(TestId.relatedNotice));
};

const toDefaults = async () => {
  await toTested(byTestId(TestId.testSuccess));
  await click('Next');
  await heading('Ticket defaults');
  await pick('queue', 'level i', 29682833);
  await pick('category', '113', 113);
};

export const SCENARIOS: Record<string, Scenario> = {
  '01-what-you-need': { handlers: wizard, drive: () => heading("What you'll need") },
  '02-create-api-user': {
    handlers: wizard,
    drive: async () => {
      await heading("What you'll need");
      await click('Next');
    },
  },
  '03-paste-credentials': { handlers: wizard, drive: toCredentials },
  '04-test': {
    handlers: { ...wizard, start_test: answering(passed) },
    drive: () => toTested(byTestId(TestId.testSuccess)),
  },
  '03-paste-credentials-notice': { handlers: wizard, drive: toNotice },
  '04-test-passed': {
    handlers: { ...wizard, start_test: answering(passed) },
    // Back and Next again: the pass is kept, and the button says why it cannot test again.
    drive: async () => {
      await toTested(byTestId(TestId.testSuccess));
      await click('Back');
      await heading('Paste credentials');
      await click('Next');
      await heading('Test');
      await waitFor(
        () =>
          [...document.querySelectorAll<HTMLButtonElement>(byTestId(TestId.runTest))].find(
            (b) => b.disabled && b.textContent?.includes('Passed ✓'),
          ),
        'the Passed button',
      );
      await waitForSelector(byTestId(TestId.testSuccess));
    },
  },
  '04-test-integration-code': {
    handlers: { ...wizard, start_test: answering(integrationCode) },
    drive: toIntegrationCodeFailure,
  },
  // Test is off after a 401 (Rust would refuse the same secret); the card has the counted one more try.
  '04-test-wrong-secret': {
    handlers: {
      ...wizard,
      start_test: answering(wrongSecret),
      sign_in_history: () => history(false),
    },
    drive: () => toTested(byTestId(TestId.rejectedCount)),
  },
  '04-test-missing-permission': {
    handlers: { ...wizard, start_test: answering(permissions) },
    drive: () => toTested(byTestId(TestId.errorCard)),
  },
  '04-test-beyond-need': {
    handlers: { ...wizard, start_test: answering(beyondNeed) },
    drive: async () => {
      await toTested(byTestId(TestId.testSuccess));
      // Collapsed by default; the screenshot shows it opened.
      const details = await waitForSelector(byTestId(TestId.excessPermissions));
      (details as HTMLDetailsElement).open = true;
      details.scrollIntoView({ block: 'end' });
    },
  },
  '04-test-wrong-tenant': {
    handlers: { ...wizard, start_test: answering(wrongTenant) },
    drive: () => toTested(byTestId(TestId.errorCard)),
  },
  '04-test-timeout': {
    handlers: { ...wizard, start_test: answering(timeout) },
    drive: () => toTested(byTestId(TestId.errorCard)),
  },
  '04-test-propagation-wait': {
    handlers: {
      ...wizard,
      start_test: ({ request }, emit) => {
        if (!request.waitForPropagation) return answering(unknownUser)({ request } as never, emit);
        emit({
          kind: 'check',
          check: { ...checks()[0]!, status: 'running', message: 'Waiting for the new API user' },
        });
        emit({ kind: 'waiting', attempt: 2, nextAttemptInSeconds: 20, remainingSeconds: 540 });
        return new Promise<TestReport>(() => undefined);
      },
    },
    drive: async () => {
      await toTested(byTestId(TestId.errorCard));
      await click('I just created this user — wait for it');
      await waitForSelector(byTestId(TestId.propagationWait));
    },
  },
  '05-ticket-defaults': {
    handlers: { ...wizard, start_test: answering(passed) },
    drive: toDefaults,
  },
  '06-save': {
    handlers: { ...wizard, start_test: answering(passed) },
    drive: async () => {
      await toDefaults();
      await click('Next');
      await heading('Save');
    },
  },
  '07-status': { handlers: status, drive: () => waitForSelector(byTestId(TestId.statusScreen)) },
  '04-test-third-secret-waits': {
    handlers: {
      ...wizard,
      sign_in_history: () => ({ ...history(false), rejectedSignIns: 2, rejectedSecrets: 2 }),
      start_test: refused('confirm_sign_in', 'Not sent yet'),
    },
    drive: () => toTested(byTestId(TestId.rejectedCount)),
  },
  '07-status-test-once-anyway-asks': {
    handlers: {
      ...status,
      connection_status: () => ({ ...configured, rejected: rejection }),
      sign_in_history: () => history(false),
    },
    drive: async () => {
      await waitForSelector(byTestId(TestId.rejectedCount));
      await click('Test once anyway…');
      await waitForSelector(byTestId(TestId.confirmRetry));
    },
  },
  '07-status-test-once-anyway-used': (() => {
    let spent = false;
    const rejected = answering(wrongSecret);
    return {
      handlers: {
        ...status,
        connection_status: () => ({ ...configured, rejected: rejection }),
        sign_in_history: () => history(spent),
        start_test: (args, emit) => {
          spent = true;
          return rejected(args, emit);
        },
      },
      drive: async () => {
        await waitForSelector(byTestId(TestId.rejectedCount));
        await click('Test once anyway…');
        await click('Send once');
        await waitFor(
          () => document.querySelector(byTestId(TestId.testAnyway))?.textContent?.includes('used'),
          'the used button',
        );
      },
    };
  })(),
  '08-status-id-not-checked': {
    handlers: {
      ...status,
      connection_status: () => ({
        ...configured,
        defaults: configured.defaults && { ...configured.defaults, queueId: 99, queueLabel: null },
      }),
    },
    drive: () => waitForSelector(byTestId(TestId.statusScreen)),
  },
  '08-edit-defaults-lists-failed': {
    handlers: {
      ...status,
      ticket_options: () => {
        throw {
          code: 'server_error',
          message: 'Autotask answered 503 Service Unavailable while the lists were loading.',
          remediation: 'Wait a few minutes and test again.',
        };
      },
    },
    drive: async () => {
      await click('Edit ticket defaults');
      await type('#category-typed', '999');
      await waitForSelector(byTestId(TestId.reloadLists));
    },
  },
  '08-status-test-now': {
    handlers: { ...status, start_test: answering(passed) },
    drive: async () => {
      await click('Test now');
      await waitForSelector(byTestId(TestId.testSuccess));
    },
  },
  '08-status-test-stopped': {
    handlers: { ...status, ...stoppable() },
    drive: async () => {
      await click('Test now');
      await click('Stop test');
      await waitForSelector(byTestId(TestId.testStopped));
    },
  },
  '09-reset-failed': {
    handlers: { ...status, start_test: answering(wrongSecret) },
    drive: async () => {
      await click('Reset credentials');
      await type('#new-secret', 'wrong-new-secret');
      await click('Test the new credentials');
      await waitForSelector(byTestId(TestId.resetKept));
    },
  },
  '10-disconnect-confirm': {
    handlers: status,
    drive: async () => {
      await click('Disconnect…');
      await waitForSelector(byTestId(TestId.confirmDisconnect));
    },
  },
  '10-disconnected': {
    handlers: status,
    drive: async () => {
      await click('Disconnect…');
      await click('Disconnect');
      await waitForSelector(byTestId(TestId.flash));
      await heading("What you'll need");
    },
  },
  '11-support-bundle': {
    handlers: {
      ...wizard,
      start_test: answering(integrationCode),
      support_bundle: () => supportBundle(integrationCode),
      save_support_bundle: () => null,
    },
    drive: async () => {
      await toIntegrationCodeFailure();
      await click('Save support bundle…');
      await waitForSelector(byTestId(TestId.bundleText));
    },
  },
  '11-settings-recovery': {
    handlers: {
      ...wizard,
      connection_status: () => ({
        ...notConfigured,
        notice: {
          message:
            'The settings file could not be read, so the app started without a saved connection.',
          movedTo: '/home/admin/.config/vectis-autotask-setup/settings.json.broken',
          backupAvailable: true,
        },
      }),
    },
    drive: () => waitForSelector(byTestId(TestId.settingsNotice)),
  },
  '13-reset-switch': {
    handlers: status,
    drive: async () => {
      await click('Reset credentials');
      await clickOn(byTestId(TestId.resetKindSwitch));
      await type('#new-username', GREEN);
      await type('#new-secret', 'green-secret');
    },
  },
  '13-status-switched': {
    handlers: {
      ...status,
      start_test: answering(passed),
      reset_credentials: () => switched,
      confirm_old_user_retired: () => switched,
    },
    drive: async () => {
      await click('Reset credentials');
      await clickOn(byTestId(TestId.resetKindSwitch));
      await type('#new-username', GREEN);
      await type('#new-secret', 'green-secret');
      await click('Test the new credentials');
      await waitForSelector(byTestId(TestId.testSuccess));
      await click('Switch to the new API user');
      await waitForSelector(byTestId(TestId.retireOldUser));
    },
  },
  // 83 days after saving with RotationReminderDays = 60: the real app has no clock switch, so
  // only the mock shows it (the CLI's faketime tests and the core's clock tests cover the days).
  '14-status-rotation-due': {
    handlers: {
      ...status,
      connection_status: () => ({
        ...configured,
        secretSetAt: '2026-09-01T10:00:00Z',
        secretAgeDays: 83,
        lastVerifiedDays: 0,
        rotationReminderDays: 60,
        rotationDue: true,
      }),
    },
    drive: () => waitForSelector(byTestId(TestId.rotationDue)),
  },
  // Settings gone, the keychain entry kept (N6): the offer to test and reconnect.
  '12-found-secret': {
    handlers: { ...wizard, found_secret: () => 'e2eonboarding@contoso-msp.com' },
    drive: () => waitForSelector(byTestId(TestId.foundSecret)),
  },
};

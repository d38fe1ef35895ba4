// Realistic Test results for the mock build, built on the unit-test fixtures.
import { failedReport, okReport, options } from '../test/fixtures';
import type {
  Check,
  CheckId,
  CredentialsInput,
  ErrorCode,
  Field,
  TestReport,
  TicketOptions,
  ValidationReport,
} from '../lib/bindings';

const LABELS: [CheckId, string, string][] = [
  ['zone', 'Find the Autotask zone', 'America West 2 (webservices15.autotask.net)'],
  ['signIn', 'Sign in as the API user', 'Signed in as key@contoso-msp.com'],
  ['tenant', 'Which Autotask tenant', 'Contoso Managed Services (tenant 20264)'],
  ['permission.Companies.read', 'Permission: read Companies', 'Granted (a query read a record)'],
  ['permission.Tickets.read', 'Permission: read Tickets', 'Granted (a query read a record)'],
  ['permission.Contracts.read', 'Permission: read Contracts', 'Granted (a query read a record)'],
  [
    'permission.TimeEntries.read',
    'Permission: read Time Entries',
    'Granted (a query read a record)',
  ],
  [
    'permission.Tickets.create',
    'Permission: create Tickets',
    'Granted by the security level (not tried: the optional test ticket proves it)',
  ],
  [
    'permission.TicketNotes.create',
    'Permission: create Ticket Notes',
    'Granted by the security level (not tried: the optional test ticket proves it)',
  ],
  [
    'leastPrivilege',
    'Rights beyond what Vectis needs',
    'None: the API user can do only what Vectis needs',
  ],
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

/** Every check up to `id` passed, `id` failed with `message`, the rest did not run (as Rust reports a failure). */
export function checksFailedAt(id: CheckId, message: string): Check[] {
  const all = checks();
  const at = all.findIndex((c) => c.id === id);
  return all.map((c, i) =>
    i < at
      ? c
      : i === at
        ? { ...c, status: 'fail', message }
        : { ...c, status: 'skipped', message: 'Not run: an earlier step failed.' },
  );
}

/** A Test that was stopped: Rust reports `cancelled`, its checks not run. */
export const stopped: TestReport = {
  ...failed(
    'cancelled',
    'The test was stopped.',
    'Run the Test again when ready.',
    checks().map((c) => ({ ...c, status: 'skipped', message: 'Not run: the test was stopped.' })),
  ),
  zone: null,
};

const contoso = { name: 'Contoso Managed Services', id: 20264 };

export const passed: TestReport = {
  ...okReport,
  message: 'Connected to Autotask (webservices15.autotask.net) — Contoso Managed Services',
  tenant: contoso,
  checks: checks(),
};

/** Passed, with a Line of Business the API user may lack and rights beyond need (as Rust reports them). */
export const beyondNeed: TestReport = {
  ...passed,
  checks: checks({
    'permission.Tickets.read': [
      'warn',
      'A query for Tickets found none where there should be some: the API user may lack a Line of Business.',
    ],
    leastPrivilege: [
      'warn',
      '4 more than Vectis needs: update Companies, update Tickets, delete Tickets, read Invoices.',
    ],
  }),
  warnings: [
    {
      code: 'line_of_business',
      message:
        'A query for Tickets found none where there should be some: the API user may lack a Line of Business.',
      remediation:
        'In Autotask, open the API user (Admin → Resources/Users), tab Line of Business, and associate it with every Line of Business (or tick "all"); records tied to a Line of Business the API user lacks are invisible to it. Then test again.',
    },
  ],
  excessPermissions: [
    { entity: 'Companies', label: 'Companies', access: 'update', level: 'all' },
    { entity: 'Tickets', label: 'Tickets', access: 'update', level: 'all' },
    { entity: 'Tickets', label: 'Tickets', access: 'delete', level: 'all' },
    { entity: 'Invoices', label: 'Invoices', access: 'read', level: 'restricted' },
  ],
};

/** Another tenant than the organisation's ExpectedTenant. */
export const wrongTenant: TestReport = {
  ...failed(
    'wrong_tenant',
    'These credentials belong to Contoso Sandbox (tenant 30595), but your organisation expects “Contoso Managed Services” (ExpectedTenant). Nothing was saved.',
    "Use the API user of the expected tenant: check the username (a sandbox is a separate tenant with its own API users). If the organisation's setting is wrong, ask your IT administrator to change ExpectedTenant.",
    checks({
      tenant: [
        'fail',
        'Contoso Sandbox (tenant 30595); your organisation expects “Contoso Managed Services”',
      ],
    }),
  ),
  message:
    'Signed in to Autotask (webservices15.autotask.net), but not to the tenant your organisation expects.',
  tenant: { name: 'Contoso Sandbox', id: 30595 },
};

export function failed(
  code: ErrorCode,
  message: string,
  remediation: string,
  list: Check[],
  field?: Field,
): TestReport {
  const base = failedReport(code, field);
  return { ...base, message, checks: list, error: { code, message, remediation, field } };
}

/** Rust's check of the typed credentials: fine, with its note on an integration code of an unusual length. */
export function validate(input: CredentialsInput): ValidationReport {
  const length = [...input.integrationCode.trim()].length;
  if (length === 27) return { ok: true, errors: [], notices: [] };
  const message = `Autotask integration codes are usually 27 characters; this one has ${length}. Check that it was copied whole.`;
  return { ok: true, errors: [], notices: [{ field: 'integrationCode', message }] };
}

/** The support bundle as Rust previews it: redacted JSON, the summary first. */
export function supportBundle(report: TestReport | null): string {
  const at = '2026-11-24T09:37:33.922Z';
  const username = 'key@contoso-msp.com';
  const test = report
    ? `Test of ${username} at ${at}: ${report.ok ? 'passed' : 'FAILED'} in ${report.elapsedMs} ms: ${report.message}${report.error ? ` [${report.error.code}] Fix: ${report.error.remediation}` : ''} Requests: 2 (1 failed).`
    : 'Test: none ran in this session.';
  const doc = {
    summary: [
      'Vectis Autotask Setup 0.1.0 (release, windows-x86_64) on Windows 11 Pro 24H2 (build 26100); WebView 131.0.2903.70.',
      "Autotask's own servers.",
      'Connection: none saved.',
      test,
      'Log: the last 4 lines.',
    ],
    format: 'vectis-support-bundle/2',
    generatedAt: '2026-11-24T09:37:34.182Z',
    app: { version: '0.1.0', profile: 'release', target: 'windows-x86_64' },
    system: { os: 'Windows 11 Pro 24H2 (build 26100)', webview: '131.0.2903.70' },
    mode: { demo: false, customEndpoint: null, policy: null },
    connection: {
      saved: null,
      integrationCode: null,
      secret: 'never included',
      breakerOpen: false,
    },
    lastTest: report && { at, username, report: { ...report, details: undefined } },
    requestTimeline: report && [
      {
        atMs: 0,
        method: 'GET',
        host: 'webservices.autotask.net',
        path: '/ATServicesRest/v1.0/zoneInformation',
        status: 200,
        ms: 212,
      },
      {
        atMs: 214,
        method: 'GET',
        host: 'webservices15.autotask.net',
        path: '/ATServicesRest/V1.0/Version',
        status: 500,
        ms: 188,
        messages: ['IntegrationCode is invalid.'],
      },
    ],
    log: {
      file: 'C:\\Users\\admin\\AppData\\Local\\vectis-autotask-setup\\logs\\vectis-autotask-setup.log',
      lines: [
        '2026-11-24T09:37:33.921Z INFO vectis: test started (new credentials, username key@contoso-msp.com)',
        '2026-11-24T09:37:34.110Z INFO vectis: zone America West 2 (webservices15.autotask.net)',
        '2026-11-24T09:37:34.298Z WARN vectis: sign-in refused: invalid_integration_code',
        `2026-11-24T09:37:34.299Z INFO vectis: test finished: ${report?.ok ? 'passed' : 'FAILED'} in ${report?.elapsedMs ?? 0} ms`,
      ],
      leftOut: 0,
    },
  };
  return JSON.stringify(doc, null, 2);
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
  categories: {
    choices: [
      { id: 2, label: 'Datto RMM Alert', isDefault: false },
      { id: 3, label: 'Standard', isDefault: true },
      { id: 113, label: 'Incident', isDefault: false },
    ],
    inactive: [],
  },
  // As the simulator's tenant: an API-only category to suggest (L2).
  suggestedCategory: 2,
};

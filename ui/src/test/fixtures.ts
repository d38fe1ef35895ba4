// Sample data as Rust sends it.
import type {
  AppInfo,
  Check,
  ConnectionStatus,
  ErrorCode,
  Field,
  TestReport,
  TestTicket,
  TestTicketPlan,
  TicketDefaults,
  TicketOptions,
  ValidationReport,
} from '../lib/bindings';
import type { CheckId } from '../lib/bindings';

export const appInfo: AppInfo = {
  version: '0.1.0',
  customEndpoint: null,
  demo: null,
  fatal: null,
  logDir: '/tmp/logs',
  settingsDir: '/tmp/config',
  policy: { source: null, sources: [], keys: {}, warnings: [] },
};

export const notConfigured: ConnectionStatus = {
  configured: false,
  secretPresent: false,
  username: null,
  zone: null,
  tenant: null,
  backend: 'Secret Service',
  lastTest: null,
  defaults: null,
  savedAt: null,
  notice: null,
  rejected: null,
  secretSetAt: null,
  lastVerifiedAt: null,
  secretAgeDays: null,
  lastVerifiedDays: null,
  rotationReminderDays: null,
  rotationDue: false,
  oldUser: null,
  affirmed: [],
};

export const zone = {
  name: 'America West 2',
  apiUrl: 'https://webservices15.autotask.net/ATServicesRest/',
  webUrl: 'https://ww15.autotask.net/',
  host: 'webservices15.autotask.net',
  source: 'lookup' as const,
};

export const configured: ConnectionStatus = {
  ...notConfigured,
  configured: true,
  secretPresent: true,
  username: 'key@msp.com',
  zone,
  lastTest: {
    at: '2026-11-22T10:00:00Z',
    ok: true,
    message: 'Connected to Autotask (webservices15.autotask.net)',
    code: null,
  },
  defaults: {
    queueId: 5,
    categoryId: 3,
    statusId: null,
    priorityId: null,
    queueLabel: 'Client Portal',
    categoryLabel: 'Standard',
    statusLabel: null,
    priorityLabel: null,
  },
  savedAt: '2026-11-22T10:00:00Z',
  secretSetAt: '2026-11-22T10:00:00Z',
  lastVerifiedAt: '2026-11-22T10:00:00Z',
  secretAgeDays: 0,
  lastVerifiedDays: 0,
};

export const check = (id: CheckId, status: Check['status'], message = ''): Check => ({
  id,
  label: id,
  status,
  message,
});

export const okReport: TestReport = {
  ok: true,
  message: 'Connected to Autotask (webservices15.autotask.net)',
  zone,
  checks: [check('zone', 'pass'), check('signIn', 'pass')],
  permissions: [],
  excessPermissions: [],
  tenant: null,
  warnings: [],
  usage: { used: 12, limit: 10000, windowMinutes: 60 },
  error: null,
  elapsedMs: 420,
  customEndpoint: false,
  details:
    'Vectis Autotask Setup: Connected to Autotask (webservices15.autotask.net)\nTook 420 ms\n',
};

export const failedReport = (code: ErrorCode, field?: Field): TestReport => ({
  ...okReport,
  ok: false,
  message: `failed: ${code}`,
  usage: null,
  details: `Vectis Autotask Setup: failed: ${code}\nError ${code}: Message for ${code}\n`,
  error: { code, message: `Message for ${code}`, remediation: `Remediation for ${code}`, field },
});

export const validOk: ValidationReport = { ok: true, errors: [], notices: [] };

export const options: TicketOptions = {
  queues: {
    choices: [
      { id: 5, label: 'Client Portal', isDefault: false },
      { id: 29682833, label: 'Level I Support', isDefault: false },
    ],
    inactive: [{ id: 7, label: 'Old Queue', isDefault: false }],
  },
  categories: { choices: [{ id: 3, label: 'Standard', isDefault: true }], inactive: [] },
  statuses: { choices: [{ id: 1, label: 'New', isDefault: true }], inactive: [] },
  priorities: { choices: [{ id: 2, label: 'Medium', isDefault: true }], inactive: [] },
  suggestedCategory: null,
  defaultCategory: 3,
};

/** The ticket Rust reports after creating the opt-in test ticket with `defaults`. */
export const ticketPlan = (defaults: TicketDefaults): TestTicketPlan => {
  const planned = (
    id: number | null,
    label: string | null,
    fallback: number,
    fallbackLabel: string,
  ) =>
    id === null
      ? { id: fallback, label: fallbackLabel, source: 'autotaskDefault' as const }
      : { id, label, source: 'chosen' as const };
  return {
    title: 'Vectis test ticket — safe to close',
    queue: planned(defaults.queueId, defaults.queueLabel, 0, ''),
    category: planned(defaults.categoryId, defaults.categoryLabel, 0, ''),
    status: planned(defaults.statusId, defaults.statusLabel, 1, 'New'),
    priority: planned(defaults.priorityId, defaults.priorityLabel, 2, 'Medium'),
    dueInHours: 24,
  };
};

export const testTicket = (defaults: TicketDefaults): TestTicket => ({
  id: 4711,
  ticketNumber: 'T20261124.0001',
  url: 'https://ww15.autotask.net/Autotask/AutotaskExtend/ExecuteCommand.aspx?Code=OpenTicketDetail&TicketID=4711',
  plan: ticketPlan(defaults),
  dueDateTime: '2026-11-25T10:00:00Z',
});

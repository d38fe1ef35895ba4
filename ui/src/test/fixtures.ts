import type { AppInfo, Check, ConnectionStatus, TestEvent, TestReport } from '../lib/bindings';
import { mockIPC } from '@tauri-apps/api/mocks';
import type { Channel } from '@tauri-apps/api/core';

export const appInfo: AppInfo = {
  version: '0.1.0',
  customEndpoint: null,
  demo: null,
  fatal: null,
  logDir: '/tmp/logs',
  settingsDir: '/tmp/config',
};

export const notConfigured: ConnectionStatus = {
  configured: false,
  secretPresent: false,
  username: null,
  zone: null,
  backend: 'Secret Service',
  lastTest: null,
  defaults: null,
  savedAt: null,
  notice: null,
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
  lastTest: { at: '2026-11-22T10:00:00Z', ok: true, message: 'Connected to Autotask (webservices15.autotask.net)', code: null },
  defaults: { queueId: 5, categoryId: 3, statusId: null, priorityId: null, queueLabel: 'Client Portal', categoryLabel: 'Standard', statusLabel: null, priorityLabel: null },
  savedAt: '2026-11-22T10:00:00Z',
};

export const check = (id: string, status: Check['status'], message = ''): Check => ({ id, label: id, status, message });

export const okReport: TestReport = {
  ok: true,
  message: 'Connected to Autotask (webservices15.autotask.net)',
  zone,
  checks: [check('zone', 'pass'), check('signIn', 'pass')],
  permissions: [],
  usage: { used: 12, limit: 10000, windowMinutes: 60 },
  error: null,
  elapsedMs: 420,
  customEndpoint: false,
};

export const failedReport = (code: NonNullable<TestReport['error']>['code'], field?: 'secret' | 'username'): TestReport => ({
  ...okReport,
  ok: false,
  message: `failed: ${code}`,
  usage: null,
  error: { code, message: `Message for ${code}`, remediation: `Remediation for ${code}`, field },
});

type Handler = (args: Record<string, unknown>, emit: (event: TestEvent) => void) => unknown;

/** Mocks the Rust commands; `calls` records each command with its arguments. */
export function mockCommands(handlers: Record<string, Handler>) {
  const calls: { cmd: string; args: Record<string, unknown> }[] = [];
  mockIPC((cmd, payload) => {
    const args = (payload ?? {}) as Record<string, unknown>;
    calls.push({ cmd, args });
    const handler = handlers[cmd];
    if (!handler) throw new Error(`unexpected command ${cmd}`);
    const emit = (event: TestEvent) => (args.onEvent as Channel<TestEvent>).onmessage(event);
    return handler(args, emit);
  });
  return calls;
}

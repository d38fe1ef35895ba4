// Typed wrappers over the Rust commands. Every failure is an IpcError {code, message, remediation, field?}.
import { Channel, invoke, type InvokeArgs } from '@tauri-apps/api/core';
import type { ArgList, ResultOf } from './commands';
import type {
  Affirmation,
  CredentialsInput,
  IpcError,
  RecoveryAction,
  TestEvent,
  TestRequest,
  TestTarget,
  TicketDefaults,
} from './bindings';
import type { CommandName } from './bindings';

export function isIpcError(value: unknown): value is IpcError {
  return (
    typeof value === 'object' &&
    value !== null &&
    'code' in value &&
    'message' in value &&
    'remediation' in value
  );
}

/** Anything thrown by a command, as an IpcError (Tauri's own failures included). */
export function toIpcError(value: unknown): IpcError {
  if (isIpcError(value)) return value;
  return {
    code: 'internal',
    message: typeof value === 'string' ? value : 'The app could not complete the request.',
    remediation: 'Try again. If it keeps happening, restart the app and check its log.',
  };
}

async function call<C extends CommandName>(command: C, ...args: ArgList<C>): Promise<ResultOf<C>> {
  try {
    return await invoke<ResultOf<C>>(command, args[0] as InvokeArgs | undefined);
  } catch (error) {
    throw toIpcError(error);
  }
}

export const api = {
  appInfo: () => call('app_info'),
  validate: (input: CredentialsInput) => call('validate_credentials', { input }),
  startTest: (request: TestRequest, onEvent: (event: TestEvent) => void) => {
    const channel = new Channel<TestEvent>();
    channel.onmessage = onEvent;
    return call('start_test', { request, onEvent: channel });
  },
  cancelTest: () => call('cancel_test'),
  /** Rejected sign-ins as the target's username from this computer; sends nothing. */
  signInHistory: (target: TestTarget) => call('sign_in_history', { target }),
  status: () => call('connection_status'),
  /** Without settings: the user name of a keychain entry they lost (null when there is none). */
  foundSecret: () => call('found_secret'),
  saveConnection: (defaults: TicketDefaults) => call('save_connection', { defaults }),
  resetCredentials: (confirm: boolean) => call('reset_credentials', { confirm }),
  disconnect: () => call('disconnect'),
  saveDefaults: (defaults: TicketDefaults) => call('save_defaults', { defaults }),
  ticketOptions: () => call('ticket_options'),
  validateDefaults: (defaults: TicketDefaults) => call('validate_defaults', { defaults }),
  testTicketPlan: (defaults: TicketDefaults) => call('test_ticket_plan', { defaults }),
  createTestTicket: (defaults: TicketDefaults) => call('create_test_ticket', { defaults }),
  settingsRecovery: (action: RecoveryAction) => call('settings_recovery', { action }),
  openUrl: (url: string) => call('open_url', { url }),
  uiReady: () => call('ui_ready'),
  /** The redacted support bundle (JSON text), exactly as saving writes it. */
  supportBundle: () => call('support_bundle'),
  /** Opens the native save dialog in Rust and writes `text`; null when the admin cancelled. */
  saveSupportBundle: (text: string) => call('save_support_bundle', { text }),
  /** After a switch to another API user: the admin retired the old one (recorded with the date). */
  confirmOldUserRetired: () => call('confirm_old_user_retired'),
  /** Records (or withdraws) a guide item the API cannot verify, with the date ticked. */
  affirm: (item: Affirmation, ticked: boolean) => call('affirm', { item, ticked }),
};

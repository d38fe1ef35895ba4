// The IPC contract: what each Rust command (named by the generated CommandName) takes and returns.
// api.ts calls through it and the test mock is typed from it, so a wrong name or payload fails `npm run check`.
import type { Channel } from '@tauri-apps/api/core';
import type {
  Affirmation,
  AppInfo,
  ConnectionStatus,
  CredentialsInput,
  DefaultsReport,
  RecoveryAction,
  SignInHistory,
  StartupTiming,
  TestEvent,
  TestReport,
  TestRequest,
  TestTarget,
  TestTicket,
  TestTicketPlan,
  TicketDefaults,
  TicketOptions,
  ValidationReport,
} from './bindings';
import type { CommandName } from './bindings';

type NoArgs = Record<never, never>;
type Signature = { args: object; result: unknown };
// Every CommandName has a signature and nothing else does.
type ForEach<
  K extends PropertyKey,
  T extends Record<K, Signature> & Record<Exclude<keyof T, K>, never>,
> = T;

export type Commands = ForEach<
  CommandName,
  {
    app_info: { args: NoArgs; result: AppInfo };
    validate_credentials: { args: { input: CredentialsInput }; result: ValidationReport };
    start_test: { args: { request: TestRequest; onEvent: Channel<TestEvent> }; result: TestReport };
    cancel_test: { args: NoArgs; result: boolean };
    sign_in_history: { args: { target: TestTarget }; result: SignInHistory };
    connection_status: { args: NoArgs; result: ConnectionStatus };
    found_secret: { args: NoArgs; result: string | null };
    save_connection: { args: { defaults: TicketDefaults }; result: ConnectionStatus };
    reset_credentials: { args: { confirm: boolean }; result: ConnectionStatus };
    disconnect: { args: NoArgs; result: ConnectionStatus };
    save_defaults: { args: { defaults: TicketDefaults }; result: ConnectionStatus };
    ticket_options: { args: NoArgs; result: TicketOptions };
    validate_defaults: { args: { defaults: TicketDefaults }; result: DefaultsReport };
    test_ticket_plan: { args: { defaults: TicketDefaults }; result: TestTicketPlan };
    create_test_ticket: { args: { defaults: TicketDefaults }; result: TestTicket };
    settings_recovery: { args: { action: RecoveryAction }; result: ConnectionStatus };
    open_url: { args: { url: string }; result: null };
    ui_ready: { args: NoArgs; result: StartupTiming };
    support_bundle: { args: NoArgs; result: string };
    save_support_bundle: { args: { text: string }; result: string | null };
    confirm_old_user_retired: { args: NoArgs; result: ConnectionStatus };
    affirm: { args: { item: Affirmation; ticked: boolean }; result: ConnectionStatus };
  }
>;

export type ArgsOf<C extends CommandName> = Commands[C]['args'];
export type ResultOf<C extends CommandName> = Commands[C]['result'];
/** The rest-parameters for a command: none when it takes no arguments. */
export type ArgList<C extends CommandName> = keyof ArgsOf<C> extends never ? [] : [ArgsOf<C>];

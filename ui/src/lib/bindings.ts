// Generated from the Rust types by src-tauri/src/bindings.rs. Do not edit.
// Regenerate: UPDATE_BINDINGS=1 cargo test -p vectis-setup bindings

export type ErrorCode = "invalid_input" | "endpoint_not_allowed" | "unknown_user" | "invalid_credentials" | "invalid_integration_code" | "account_locked" | "permission_denied" | "excess_permissions" | "wrong_tenant" | "rate_limited" | "timeout" | "network" | "tls" | "server_error" | "unexpected_response" | "cancelled" | "not_configured" | "no_tested_credentials" | "test_running" | "credentials_rejected" | "retry_spent" | "confirm_sign_in" | "sign_in_not_recorded" | "managed_by_policy" | "keychain_unavailable" | "keychain_locked" | "keychain_access_denied" | "keychain_entry_too_large" | "keychain_error" | "settings_unreadable" | "settings_write_failed" | "internal";

export type Field = "integrationCode" | "username" | "secret" | "zoneUrl" | "queue" | "ticketCategory" | "status" | "priority" | "dueDate" | "link";

export type IpcError = { code: ErrorCode, message: string, remediation: string, field?: Field, };

export type Secret = string;

export type CredentialsInput = { integrationCode: Secret, username: string, secret: Secret, zoneUrl?: string, };

export type Notice = { field: Field, message: string, };

export type ValidationReport = { ok: boolean, errors: Array<IpcError>, notices: Array<Notice>, };

export type ZoneSource = "lookup" | "manual";

export type Zone = { 
/**
 * E.g. "America West 2"; unknown for a typed zone URL.
 */
name: string | null, 
/**
 * `https://webservicesN.autotask.net/ATServicesRest/`
 */
apiUrl: string, 
/**
 * The tenant's web UI, `https://wwN.autotask.net/`.
 */
webUrl: string | null, 
/**
 * `webservicesN.autotask.net`
 */
host: string, source: ZoneSource, 
/**
 * The saved zone's host when the tenant now answers from another zone (a Test found it).
 */
movedFrom?: string, 
/**
 * The tenant's number from the zone lookup (`ci`); unknown for a typed zone URL.
 */
ci?: number, };

export type CheckStatus = "pending" | "running" | "pass" | "warn" | "fail" | "skipped";

export type CheckId = "zone" | "signIn" | "tenant" | "permission.Companies.read" | "permission.Tickets.read" | "permission.Contracts.read" | "permission.TimeEntries.read" | "permission.Tickets.create" | "permission.TicketNotes.create" | "leastPrivilege" | "usage" | "ticketOptions";

export type Check = { id: CheckId, label: string, status: CheckStatus, message: string, };

export type AccessKind = "read" | "create" | "update" | "delete";

export type AccessLevel = "none" | "all" | "restricted" | "unknown";

export type Usage = { used: number, limit: number, windowMinutes: number, };

export type TestEvent = { "kind": "check", check: Check, } | { "kind": "waiting", attempt: number, nextAttemptInSeconds: number, remainingSeconds: number, };

export type TestTarget = { "kind": "new", credentials: CredentialsInput, } | { "kind": "saved" } | { "kind": "found" } | { "kind": "reset", secret: Secret, username?: string, integrationCode?: Secret, };

export type TestRequest = { target: TestTarget, 
/**
 * The admin just created the API user: wait for it to propagate (zone lookup only).
 */
waitForPropagation: boolean, 
/**
 * Send credentials Autotask already rejected once more (the admin asked for it).
 */
retryRejected?: boolean, };

export type DefaultField = "queue" | "category" | "status" | "priority";

export type Choice = { id: number, label: string, isDefault: boolean, };

export type ChoiceList = { choices: Array<Choice>, inactive: Array<Choice>, };

export type TicketOptions = { 
/**
 * The tenant's active API-only category (`isApiOnly`), a fitting home for the tickets
 * an integration creates: a suggestion, never chosen for the admin.
 */
suggestedCategory: number | null, 
/**
 * The tenant's active global default category (`isGlobalDefault`), to pre-select while
 * nothing is chosen yet.
 */
defaultCategory: number | null, queues: ChoiceList, categories: ChoiceList, statuses: ChoiceList, priorities: ChoiceList, };

export type TicketDefaults = { queueId: number | null, categoryId: number | null, statusId: number | null, priorityId: number | null, queueLabel: string | null, categoryLabel: string | null, statusLabel: string | null, priorityLabel: string | null, };

export type DefaultsReport = { ok: boolean, errors: Array<IpcError>, 
/**
 * The choice with labels filled in from the live lists.
 */
defaults: TicketDefaults, };

export type PlanSource = "chosen" | "autotaskDefault" | "systemNew";

export type PlannedValue = { id: number, 
/**
 * The label in the live list; `None` only for a value typed without the lists.
 */
label: string | null, source: PlanSource, };

export type TestTicketPlan = { title: string, 
/**
 * The due date is set this many hours after sending, in UTC.
 */
dueInHours: number, queue: PlannedValue, category: PlannedValue, status: PlannedValue, priority: PlannedValue, };

export type TestTicket = { id: number, 
/**
 * Autotask's ticket number (`T20261124.0001`), read back from the new ticket; `None` when
 * it could not be read, and the ticket is then named by its `id`.
 */
ticketNumber: string | null, 
/**
 * `ExecuteCommand.aspx?Code=OpenTicketDetail&TicketID=…` on the zone's web host; `None`
 * when the zone has no web address that passes `links::check_link`.
 */
url: string | null, 
/**
 * The values it was sent with.
 */
plan: TestTicketPlan, 
/**
 * The `dueDateTime` sent, RFC 3339 in UTC.
 */
dueDateTime: string, };

export type LastTest = { 
/**
 * RFC 3339, UTC.
 */
at: string, ok: boolean, message: string, code: ErrorCode | null, 
/**
 * The tenant that Test found (its own company's name and number).
 */
tenant?: Tenant, };

export type Rejection = { 
/**
 * RFC 3339, UTC.
 */
at: string, code: ErrorCode, message: string, };

export type SignInHistory = { 
/**
 * Rejected sign-ins as this username from this computer since its last accepted one.
 */
rejectedSignIns: number, 
/**
 * How many different secrets (or integration codes) of these were rejected.
 */
rejectedSecrets: number, 
/**
 * Autotask's rejection of exactly these credentials, when it stands.
 */
rejection: Rejection | null, 
/**
 * The one deliberate re-send of these credentials was used in this session.
 */
retrySpent: boolean, };

export type SettingsNotice = { message: string, movedTo: string, backupAvailable: boolean, };

export type OldUser = { username: string, 
/**
 * RFC 3339, UTC: when the switch was saved.
 */
switchedAt: string, 
/**
 * RFC 3339, UTC: when the admin confirmed the old user was retired in Autotask.
 */
retiredAt: string | null, };

export type Affirmation = "passwordNeverExpires" | "allLinesOfBusiness" | "protectedData";

export type Affirmed = { item: Affirmation, 
/**
 * RFC 3339, UTC.
 */
at: string, statement: string, };

export type ConnectionStatus = { configured: boolean, secretPresent: boolean, username: string | null, zone: Zone | null, 
/**
 * The tenant the last Test found (its own company's name and number).
 */
tenant: Tenant | null, backend: string, lastTest: LastTest | null, defaults: TicketDefaults | null, savedAt: string | null, notice: SettingsNotice | null, 
/**
 * Set while Autotask's rejection of the saved credentials stands (the breaker is open).
 */
rejected: Rejection | null, 
/**
 * What the admin affirmed in the guide that the API cannot check, with dates.
 */
affirmed: Array<Affirmed>, 
/**
 * RFC 3339, UTC: when the current secret was saved on this machine.
 */
secretSetAt: string | null, 
/**
 * RFC 3339, UTC: when these credentials last passed a Test.
 */
lastVerifiedAt: string | null, secretAgeDays: number | null, lastVerifiedDays: number | null, 
/**
 * The organisation's `RotationReminderDays`, when set.
 */
rotationReminderDays: number | null, 
/**
 * The secret is at least `rotation_reminder_days` old.
 */
rotationDue: boolean, 
/**
 * After a switch: the old API user, until and after it is retired.
 */
oldUser: OldUser | null, };

export type StartupPhase = { name: string, ms: number, };

export type StartupTiming = { readyMs: number, phases: Array<StartupPhase>, 
/**
 * The process's start on the wall clock (ms since the Unix epoch): the page puts its own
 * times on the process clock with `performance.timeOrigin`, not with the reply's arrival,
 * which comes late whenever the UI process is busy presenting a frame.
 */
startedEpochMs: number, };

export type DemoCredentials = { integrationCode: string, username: string, secret: string, };

export type ManagedValues = { ZoneUrl?: string, OfferTestTicket?: boolean, AllowCustomEndpoint?: boolean, 
/**
 * Days after which the status asks for a new secret (off when unset).
 */
RotationReminderDays?: number, 
/**
 * Rights beyond what Vectis needs fail the Test (and so `connect` and Save).
 */
RequireLeastPrivilege?: boolean, 
/**
 * The tenant the credentials must belong to: its company name or its number.
 */
ExpectedTenant?: string, QueueId?: number, CategoryId?: number, StatusId?: number, PriorityId?: number, };

export type Policy = { 
/**
 * The highest source that set a key (e.g. `HKLM\SOFTWARE\Policies\Vectis\AutotaskSetup`).
 */
source: string | null, 
/**
 * Every source that set a key, highest first.
 */
sources: Array<string>, 
/**
 * The managed keys and their values (only keys that are present).
 */
keys: ManagedValues, 
/**
 * Values that could not be used (wrong type, unknown key, unreadable file).
 */
warnings: Array<string>, };

export type AppInfo = { version: string, customEndpoint: string | null, 
/**
 * Shown only in demo mode (simulator): the documented demo credentials.
 */
demo: DemoCredentials | null, 
/**
 * Set when the app cannot work at all (e.g. no keychain); the UI shows it instead.
 */
fatal: IpcError | null, logDir: string, settingsDir: string, 
/**
 * What the organisation manages here ("Set by your organization" in the window).
 */
policy: Policy, };

export type FirstScreen = { info: AppInfo | null, status: ConnectionStatus | null, };

export type RecoveryAction = "restoreBackup" | "startOver";

export type Proof = "query" | "metadata";

export type PermissionResult = { 
/**
 * Autotask's entity name (`Companies`, `TimeEntries`, …), for scripts.
 */
entity: string, 
/**
 * The same for people ("Time Entries").
 */
label: string, access: AccessKind, level: AccessLevel, granted: boolean, 
/**
 * What to change in Autotask when not granted (or only restricted).
 */
fix: string | null, 
/**
 * Why Vectis needs this right (one line).
 */
why: string, 
/**
 * Whether a real query proved it, or only the metadata says so.
 */
proof: Proof, };

export type ExcessPermission = { 
/**
 * Autotask's entity name (`Invoices`).
 */
entity: string, 
/**
 * For people ("Billing Items").
 */
label: string, access: AccessKind, 
/**
 * `all` or `restricted`.
 */
level: AccessLevel, };

export type Tenant = { 
/**
 * The tenant's own company's name (company id 0).
 */
name: string | null, 
/**
 * The tenant's number from the zone lookup (`ci`), when a lookup ran.
 */
id: number | null, };

export type WarningCode = "line_of_business";

export type Warning = { code: WarningCode, message: string, remediation: string, };

export type TestReport = { ok: boolean, message: string, zone: Zone | null, checks: Array<Check>, permissions: Array<PermissionResult>, 
/**
 * Every right the API user has that Vectis does not need (empty: none).
 */
excessPermissions: Array<ExcessPermission>, 
/**
 * The tenant the credentials belong to, when it could be read.
 */
tenant: Tenant | null, 
/**
 * What to look at although the Test passed (`line_of_business`).
 */
warnings: Array<Warning>, usage: Usage | null, error: IpcError | null, elapsedMs: number, 
/**
 * A custom endpoint (simulator) was used instead of Autotask's own.
 */
customEndpoint: boolean, 
/**
 * The whole report as text, for "Copy details" and the CLI (see `details`).
 */
details: string, };

export type CommandName = "app_info" | "validate_credentials" | "start_test" | "cancel_test" | "sign_in_history" | "connection_status" | "found_secret" | "save_connection" | "reset_credentials" | "disconnect" | "save_defaults" | "ticket_options" | "validate_defaults" | "test_ticket_plan" | "create_test_ticket" | "settings_recovery" | "open_url" | "ui_ready" | "support_bundle" | "save_support_bundle" | "confirm_old_user_retired" | "affirm";

export const REQUIRED_PERMISSIONS: ReadonlyArray<{ check: CheckId, entity: string, label: string, access: AccessKind, why: string }> = [
  { check: "permission.Companies.read", entity: "Companies", label: "Companies", access: "read", why: "Vectis's rules look up the company a ticket is for." },
  { check: "permission.Tickets.read", entity: "Tickets", label: "Tickets", access: "read", why: "Vectis's rules read tickets: one already open, and its state." },
  { check: "permission.Contracts.read", entity: "Contracts", label: "Contracts", access: "read", why: "Vectis's rules decide by the company's contract." },
  { check: "permission.TimeEntries.read", entity: "TimeEntries", label: "Time Entries", access: "read", why: "Vectis's rules read the time logged on tickets." },
  { check: "permission.Tickets.create", entity: "Tickets", label: "Tickets", access: "create", why: "Vectis's rules create tickets." },
  { check: "permission.TicketNotes.create", entity: "TicketNotes", label: "Ticket Notes", access: "create", why: "Vectis's rules add notes to tickets." },
];

export const LEAST_PRIVILEGE_FIX = "In Autotask (Admin → Security Levels), copy \"API User (system) Can't Read Costs (API-only)\", set each right listed here to None, keep the rights Vectis needs, and give the API user the copy.";

export type DefaultIdKey = "queueId" | "categoryId" | "statusId" | "priorityId";

export type DefaultLabelKey = "queueLabel" | "categoryLabel" | "statusLabel" | "priorityLabel";

export type DefaultListKey = "queues" | "categories" | "statuses" | "priorities";

export type DefaultPolicyKey = "QueueId" | "CategoryId" | "StatusId" | "PriorityId";

export const TICKET_DEFAULT_FIELDS: ReadonlyArray<{ field: DefaultField, title: string, name: string, required: boolean, unset: string, idKey: DefaultIdKey, labelKey: DefaultLabelKey, listKey: DefaultListKey, policyKey: DefaultPolicyKey, input: Field }> = [
  { field: "queue", title: "Queue", name: "queue", required: true, unset: "Not set", idKey: "queueId", labelKey: "queueLabel", listKey: "queues", policyKey: "QueueId", input: "queue" },
  { field: "category", title: "Ticket category", name: "ticket category", required: true, unset: "Not set", idKey: "categoryId", labelKey: "categoryLabel", listKey: "categories", policyKey: "CategoryId", input: "ticketCategory" },
  { field: "status", title: "Status", name: "status", required: false, unset: "Autotask default", idKey: "statusId", labelKey: "statusLabel", listKey: "statuses", policyKey: "StatusId", input: "status" },
  { field: "priority", title: "Priority", name: "priority", required: false, unset: "Autotask default", idKey: "priorityId", labelKey: "priorityLabel", listKey: "priorities", policyKey: "PriorityId", input: "priority" },
];

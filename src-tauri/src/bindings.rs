//! The TypeScript types for IPC, generated from the Rust types. The committed file must match:
//! `UPDATE_BINDINGS=1 cargo test -p vectis-setup bindings` rewrites it.

use ts_rs::TS;

use vectis_core::autotask::connection_test::{
    AccessKind, AccessLevel, Check, CheckId, CheckStatus, ExcessPermission, PermissionResult,
    Proof, Tenant, TestEvent, TestReport, Usage, Warning, WarningCode,
};
use vectis_core::autotask::ticket_defaults::{
    Choice, ChoiceList, DefaultField, DefaultsReport, IdKey, KeyStyle, LabelKey, ListKey,
    PlanSource, PlannedValue, PolicyKey, TestTicket, TestTicketPlan, TicketDefaults, TicketOptions,
    DEFAULT_FIELDS,
};
use vectis_core::autotask::{Zone, ZoneSource};
use vectis_core::error::{ErrorCode, Field, IpcError};
use vectis_core::policy::{ManagedValues, Policy};
use vectis_core::secret::Secret;
use vectis_core::service::{
    AppInfo, DemoCredentials, FirstScreen, RecoveryAction, TestRequest, TestTarget,
};
use vectis_core::startup::{StartupPhase, StartupTiming};
use vectis_core::storage::{
    Affirmation, Affirmed, ConnectionStatus, LastTest, OldUser, Rejection, SettingsNotice,
    SignInHistory,
};
use vectis_core::validation::{CredentialsInput, Notice, ValidationReport};

const PATH: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../ui/src/lib/bindings.ts");

fn generate() -> String {
    let decls = [
        ErrorCode::decl(),
        Field::decl(),
        IpcError::decl(),
        Secret::decl(),
        CredentialsInput::decl(),
        Notice::decl(),
        ValidationReport::decl(),
        ZoneSource::decl(),
        Zone::decl(),
        CheckStatus::decl(),
        CheckId::decl(),
        Check::decl(),
        AccessKind::decl(),
        AccessLevel::decl(),
        Usage::decl(),
        TestEvent::decl(),
        TestTarget::decl(),
        TestRequest::decl(),
        DefaultField::decl(),
        Choice::decl(),
        ChoiceList::decl(),
        TicketOptions::decl(),
        TicketDefaults::decl(),
        DefaultsReport::decl(),
        PlanSource::decl(),
        PlannedValue::decl(),
        TestTicketPlan::decl(),
        TestTicket::decl(),
    ]
    .into_iter()
    .chain(connection_decls())
    .chain([
        StartupPhase::decl(),
        StartupTiming::decl(),
        DemoCredentials::decl(),
        ManagedValues::decl(),
        Policy::decl(),
        AppInfo::decl(),
        FirstScreen::decl(),
        RecoveryAction::decl(),
    ]);
    let mut out = String::from("// Generated from the Rust types by src-tauri/src/bindings.rs. Do not edit.\n// Regenerate: UPDATE_BINDINGS=1 cargo test -p vectis-setup bindings\n\n");
    let names: Vec<String> = crate::COMMANDS.iter().map(|c| format!("\"{c}\"")).collect();
    let commands = format!("type CommandName = {};", names.join(" | "));
    let fix = vectis_core::autotask::connection_test::LEAST_PRIVILEGE_FIX;
    let fix = format!("const LEAST_PRIVILEGE_FIX = {fix:?};");
    let lists = [commands, required_permissions(), fix];
    for decl in decls
        .chain(report_decls())
        .chain(lists)
        .chain(ticket_default_fields())
    {
        out.push_str("export ");
        out.push_str(&decl);
        out.push_str("\n\n");
    }
    out.trim_end().to_string() + "\n"
}

/// The saved connection as the status shows it.
fn connection_decls() -> [String; 8] {
    [
        LastTest::decl(),
        Rejection::decl(),
        SignInHistory::decl(),
        SettingsNotice::decl(),
        OldUser::decl(),
        Affirmation::decl(),
        Affirmed::decl(),
        ConnectionStatus::decl(),
    ]
}

/// A Test's report and what it holds beyond the checks.
fn report_decls() -> [String; 7] {
    [
        Proof::decl(),
        PermissionResult::decl(),
        ExcessPermission::decl(),
        Tenant::decl(),
        WarningCode::decl(),
        Warning::decl(),
        TestReport::decl(),
    ]
}

/// What Vectis needs from the security level, for the permission table (its rows and labels
/// come from here, never from check texts).
fn required_permissions() -> String {
    let rows: Vec<String> = vectis_core::autotask::connection_test::REQUIRED
        .iter()
        .map(|r| {
            let json = |v: serde_json::Value| v.to_string();
            format!(
                "{{ check: {}, entity: {:?}, label: {:?}, access: {}, why: {:?} }}",
                json(serde_json::json!(r.check)),
                r.entity.name(),
                r.entity.label(),
                json(serde_json::json!(r.access)),
                r.why
            )
        })
        .collect();
    format!(
        "const REQUIRED_PERMISSIONS: ReadonlyArray<{{ check: CheckId, entity: string, label: string, access: AccessKind, why: string }}> = [\n  {},\n];",
        rows.join(",\n  ")
    )
}

/// `"queueId" | "categoryId" | …`: the keys one style gives the defaults.
fn key_union<K: KeyStyle>() -> String {
    let keys: Vec<String> = DEFAULT_FIELDS
        .iter()
        .map(|spec| format!("{:?}", K::key(spec)))
        .collect();
    keys.join(" | ")
}

/// The ticket defaults, for the form and every summary (the UI spells none of them out).
fn ticket_default_fields() -> [String; 5] {
    let rows: Vec<String> = DEFAULT_FIELDS
        .iter()
        .map(|s| {
            let json = |v: serde_json::Value| v.to_string();
            format!(
                "{{ field: {}, title: {:?}, name: {:?}, required: {}, unset: {:?}, idKey: {:?}, labelKey: {:?}, listKey: {:?}, policyKey: {:?}, input: {} }}",
                json(serde_json::json!(s.field)),
                s.title,
                s.name,
                s.required,
                s.unset,
                IdKey::key(s),
                LabelKey::key(s),
                ListKey::key(s),
                PolicyKey::key(s),
                json(serde_json::json!(s.input)),
            )
        })
        .collect();
    [
        format!("type DefaultIdKey = {};", key_union::<IdKey>()),
        format!("type DefaultLabelKey = {};", key_union::<LabelKey>()),
        format!("type DefaultListKey = {};", key_union::<ListKey>()),
        format!("type DefaultPolicyKey = {};", key_union::<PolicyKey>()),
        format!(
            "const TICKET_DEFAULT_FIELDS: ReadonlyArray<{{ field: DefaultField, title: string, name: string, required: boolean, unset: string, idKey: DefaultIdKey, labelKey: DefaultLabelKey, listKey: DefaultListKey, policyKey: DefaultPolicyKey, input: Field }}> = [\n  {},\n];",
            rows.join(",\n  ")
        ),
    ]
}

#[test]
fn bindings_are_up_to_date() {
    let fresh = generate();
    if std::env::var("UPDATE_BINDINGS").is_ok() {
        std::fs::write(PATH, &fresh).expect("write bindings");
        return;
    }
    let committed = std::fs::read_to_string(PATH).unwrap_or_default();
    assert!(
        committed == fresh,
        "ui/src/lib/bindings.ts is stale: run `UPDATE_BINDINGS=1 cargo test -p vectis-setup bindings`"
    );
}

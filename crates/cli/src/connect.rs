//! `connect`: enrolment and credential reset for scripts. The same Test as the window; the
//! connection is saved (one transaction, with validated defaults) only when it passes.

use serde_json::{json, Value};
use vectis_core::error::{ErrorCode, IpcError, ToIpcError};
use vectis_core::policy::Policy;
use vectis_core::service::fleet::{ConnectOutcome, ConnectRequest, FleetError};
use vectis_core::service::Service;

use crate::args::ConnectArgs;
use crate::check::{exit_for, given, progress};
use crate::io::Io;
use crate::output::{printable, EXIT_FAILED, EXIT_OK, EXIT_USAGE};

fn no_secret() -> IpcError {
    IpcError::new(
        ErrorCode::InvalidInput,
        "No secret was given: connect needs the API user's secret.",
        "Pipe it in with --secret-stdin (e.g. from your RMM's secure variable) or set VECTIS_AUTOTASK_SECRET. It is never an argument.",
    )
    .with_field(vectis_core::error::Field::Secret)
}

fn no_defaults(missing: IpcError) -> IpcError {
    IpcError {
        message: format!(
            "{} A new connection needs --queue ID and --category ID (nothing was sent or saved).",
            missing.message
        ),
        remediation: "See the tenant's IDs with `vectis-setup defaults --list` (give it the same credentials on a machine without a saved connection), then run connect again with --queue and --category.".into(),
        ..missing
    }
}

/// Errors before anything was saved: bad input (2) or a failure (1).
fn refused(json_out: bool, error: FleetError, io: &Io<'_>) -> i32 {
    let (ipc, code) = match &error {
        FleetError::Managed(e) => (e.to_ipc(), EXIT_USAGE),
        FleetError::NoDefaults(e) => (no_defaults(e.to_ipc()), EXIT_USAGE),
        FleetError::Service(e) => (e.to_ipc(), exit_for(e)),
    };
    io.error(json_out, &ipc);
    code
}

/// The check's object, plus `saved`, `defaults` and `saveError`.
pub fn outcome_json(outcome: &ConnectOutcome) -> Value {
    let mut value = serde_json::to_value(&outcome.report).unwrap_or_default();
    if let Some(object) = value.as_object_mut() {
        object.insert("saved".into(), json!(outcome.saved));
        object.insert("defaults".into(), json!(outcome.defaults));
        object.insert("saveError".into(), json!(outcome.save_error));
        object.insert("change".into(), json!(outcome.change));
        object.insert("switchedFrom".into(), json!(outcome.switched_from));
    }
    value
}

fn print_human(outcome: &ConnectOutcome, io: &Io<'_>) {
    io.print(&printable(&outcome.report.details));
    match (&outcome.save_error, outcome.saved) {
        (_, true) => {
            say!(
                io,
                "Saved: the connection is stored in this user's keychain."
            );
            if let Some(old) = &outcome.switched_from {
                say!(io, "Switched from API user {old}. Once no machine uses it, retire it in Autotask: generate a new secret for it (do not copy it) or deactivate it, and remove its API tracking identifier.");
            }
        }
        (Some(e), false) => {
            say!(io, "Not saved: {} {}", e.message, e.remediation);
            say!(io, "Nothing was changed.");
        }
        (None, false) => say!(io, "Not saved: the Test did not pass. Nothing was changed."),
    }
}

pub async fn run(service: &Service, policy: &Policy, args: ConnectArgs, io: &Io<'_>) -> i32 {
    // `connect` is always about new credentials: the environment may fill in every value.
    let given = match given(&args.creds, true, io) {
        Ok(given) => given,
        Err(e) => {
            io.error(args.json, &e);
            return EXIT_USAGE;
        }
    };
    let Some(secret) = given.secret else {
        io.error(args.json, &no_secret());
        return EXIT_USAGE;
    };
    let request = ConnectRequest {
        username: given.username,
        integration_code: given.integration_code,
        secret,
        zone_url: args.creds.zone_url.clone(),
        wait_for_propagation: args.creds.wait_for_new_user,
        defaults: args.defaults.change(),
        retry_rejected: args.retry_rejected,
    };
    match service
        .connect(request, policy, progress(args.json, io))
        .await
    {
        Ok(outcome) => {
            if args.json {
                io.json(&outcome_json(&outcome));
            } else {
                print_human(&outcome, io);
            }
            if outcome.saved {
                EXIT_OK
            } else {
                EXIT_FAILED
            }
        }
        Err(e) => refused(args.json, e, io),
    }
}

//! `defaults`: the tenant's live choices, saving ticket defaults, and the opt-in test ticket.
//! Each signs in once first with the saved credentials (never while Autotask's rejection of
//! them stands) and honours the organisation's managed values.

use serde_json::{json, Map, Value};
use vectis_core::autotask::ticket_defaults::{
    Choice, ChoiceList, DefaultSpec, TicketDefaults, TicketOptions, DEFAULT_FIELDS,
};
use vectis_core::error::{ErrorCode, IpcError, ToIpcError};
use vectis_core::policy::{DefaultsChange, Policy};
use vectis_core::service::fleet::FleetError;
use vectis_core::service::{Service, TestRequest, TestTarget};

use crate::args::DefaultsArgs;
use crate::check::{exit_for, flagged, given, progress, target};
use crate::io::Io;
use crate::output::{EXIT_FAILED, EXIT_OK, EXIT_USAGE};

fn rows(list: &ChoiceList) -> impl Iterator<Item = (&Choice, bool)> {
    let active = list.choices.iter().map(|c| (c, true));
    active.chain(list.inactive.iter().map(|c| (c, false)))
}

pub fn options_json(options: &TicketOptions) -> Value {
    let mut object = Map::new();
    for (spec, list) in options.lists.iter() {
        let choices: Vec<Value> = rows(list)
            .map(|(c, active)| json!({"id": c.id, "label": c.label, "active": active, "default": c.is_default}))
            .collect();
        object.insert(spec.list_key.into(), Value::Array(choices));
    }
    Value::Object(object)
}

fn print_table(options: &TicketOptions, io: &Io<'_>) {
    let yes = |b: bool| if b { "yes" } else { "no" };
    for (spec, list) in options.lists.iter() {
        let name = spec.list_key;
        say!(io, "{}{}", name[..1].to_uppercase(), &name[1..]);
        say!(io, "  {:<12} {:<7} {:<8} Label", "ID", "Active", "Default");
        for (c, active) in rows(list) {
            let (id, label) = (c.id, &c.label);
            say!(
                io,
                "  {id:<12} {:<7} {:<8} {label}",
                yes(active),
                yes(c.is_default)
            );
        }
        say!(io, "");
    }
}

/// Lists from the saved connection, or from new credentials after a passing Test.
async fn list(service: &Service, args: &DefaultsArgs, io: &Io<'_>) -> i32 {
    let given = match given(&args.creds, flagged(&args.creds), io) {
        Ok(given) => given,
        Err(e) => {
            io.error(args.json, &e);
            return EXIT_USAGE;
        }
    };
    let target = target(&args.creds, given);
    if let TestTarget::New { .. } = target {
        let request = TestRequest {
            target,
            wait_for_propagation: args.creds.wait_for_new_user,
            retry_rejected: false,
        };
        match service.start_test(request, progress(args.json, io)).await {
            Ok(report) if report.ok => {}
            Ok(report) => {
                let error = report.error.unwrap_or_else(|| failed(&report.message));
                io.error(args.json, &error);
                return EXIT_FAILED;
            }
            Err(e) => return print_failure(args.json, &FleetError::Service(e), io),
        }
    }
    match service.ticket_options().await {
        Ok(options) if args.json => io.json(&options_json(&options)),
        Ok(options) => print_table(&options, io),
        Err(e) => return print_failure(args.json, &FleetError::Service(e), io),
    }
    EXIT_OK
}

/// A failed report names its error; one that does not is a bug, not a permission problem.
fn failed(message: &str) -> IpcError {
    IpcError::new(
        ErrorCode::Internal,
        message,
        "Run `vectis-setup check` with the same credentials for the details.",
    )
}

fn print_failure(json_out: bool, error: &FleetError, io: &Io<'_>) -> i32 {
    io.error(json_out, &error.to_ipc());
    match error {
        FleetError::Managed(_) | FleetError::NoDefaults(_) => EXIT_USAGE,
        FleetError::Service(e) => exit_for(e),
    }
}

fn usage(json_out: bool, message: &str, remediation: &str, io: &Io<'_>) -> i32 {
    io.error(
        json_out,
        &IpcError::new(ErrorCode::InvalidInput, message, remediation),
    );
    EXIT_USAGE
}

/// The flags, from the declaration: `--queue ID … [--status ID|none] …`.
fn flags_usage() -> String {
    let flag = |spec: &DefaultSpec| match spec.required {
        true => format!("--{} ID", spec.cli_flag),
        false => format!("[--{} ID|none]", spec.cli_flag),
    };
    DEFAULT_FIELDS
        .iter()
        .map(flag)
        .collect::<Vec<_>>()
        .join(" ")
}

/// `queue Level II Support, ticket category Incident`: the required defaults as saved.
fn saved_summary(defaults: &TicketDefaults) -> String {
    let required = DEFAULT_FIELDS.iter().filter(|spec| spec.required);
    let label = |spec: &DefaultSpec| defaults.label(spec.field).unwrap_or("?").to_string();
    required
        .map(|spec| format!("{} {}", spec.name, label(spec)))
        .collect::<Vec<_>>()
        .join(", ")
}

pub async fn run(service: &Service, policy: &Policy, args: DefaultsArgs, io: &Io<'_>) -> i32 {
    if args.list {
        return list(service, &args, io).await;
    }
    if args.creds.secret_stdin || args.creds.integration_code_stdin {
        return usage(
            args.json,
            "Credentials apply only to `defaults --list`.",
            "To save new credentials, use `vectis-setup connect`.",
            io,
        );
    }
    let change = args.defaults.change();
    let nothing = change == DefaultsChange::default();
    if nothing && !args.test_ticket {
        let flags = flags_usage();
        let fix = format!("Pass --list, {flags}, or --test-ticket.");
        return usage(args.json, "Nothing to do.", &fix, io);
    }
    let mut result = Map::new();
    if !nothing {
        match service.save_managed_defaults(policy, &change).await {
            Ok(status) => {
                let defaults = status.defaults.unwrap_or_default();
                if !args.json {
                    say!(io, "Ticket defaults saved: {}.", saved_summary(&defaults));
                }
                result.insert("defaults".into(), json!(defaults));
            }
            Err(e) => return print_failure(args.json, &e, io),
        }
    }
    if args.test_ticket {
        match service.saved_test_ticket(policy).await {
            Ok(ticket) => {
                if !args.json {
                    say!(io, "Test ticket created: {}", ticket.name());
                    say!(io, "Link: {}", ticket.url.as_deref().unwrap_or("(none)"));
                }
                result.insert("ticket".into(), json!(ticket));
            }
            Err(e) => return print_failure(args.json, &e, io),
        }
    }
    if args.json {
        result.insert("ok".into(), json!(true));
        io.json(&result);
    }
    EXIT_OK
}

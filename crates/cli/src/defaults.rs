//! `defaults`: the tenant's live choices, saving ticket defaults, and the opt-in test ticket.
//! Each signs in once first with the saved credentials (never while Autotask's rejection of
//! them stands) and honours the organisation's managed values.

use serde_json::{json, Map, Value};
use vectis_core::autotask::ticket_defaults::{Choice, ChoiceList, TicketOptions};
use vectis_core::error::{ErrorCode, IpcError, ToIpcError};
use vectis_core::policy::Policy;
use vectis_core::service::fleet::FleetError;
use vectis_core::service::{Service, TestRequest, TestTarget};

use crate::args::DefaultsArgs;
use crate::check::{exit_for, given, progress, target};
use crate::output::{print_error, print_json, EXIT_FAILED, EXIT_OK, EXIT_USAGE};

const LISTS: [&str; 4] = ["queues", "categories", "statuses", "priorities"];

fn lists(options: &TicketOptions) -> [&ChoiceList; 4] {
    [
        &options.queues,
        &options.categories,
        &options.statuses,
        &options.priorities,
    ]
}

fn rows(list: &ChoiceList) -> impl Iterator<Item = (&Choice, bool)> {
    let active = list.choices.iter().map(|c| (c, true));
    active.chain(list.inactive.iter().map(|c| (c, false)))
}

pub fn options_json(options: &TicketOptions) -> Value {
    let mut object = Map::new();
    for (name, list) in LISTS.iter().zip(lists(options)) {
        let choices: Vec<Value> = rows(list)
            .map(|(c, active)| json!({"id": c.id, "label": c.label, "active": active, "default": c.is_default}))
            .collect();
        object.insert((*name).into(), Value::Array(choices));
    }
    Value::Object(object)
}

fn print_table(options: &TicketOptions) {
    let yes = |b: bool| if b { "yes" } else { "no" };
    for (name, list) in LISTS.iter().zip(lists(options)) {
        println!("{}{}", name[..1].to_uppercase(), &name[1..]);
        println!("  {:<12} {:<7} {:<8} Label", "ID", "Active", "Default");
        for (c, active) in rows(list) {
            let (id, label) = (c.id, &c.label);
            println!(
                "  {id:<12} {:<7} {:<8} {label}",
                yes(active),
                yes(c.is_default)
            );
        }
        println!();
    }
}

/// Lists from the saved connection, or from new credentials after a passing Test.
async fn list(service: &Service, args: &DefaultsArgs) -> i32 {
    let given = match given(&args.creds) {
        Ok(given) => given,
        Err(e) => {
            print_error(args.json, &e);
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
        match service.start_test(request, progress(args.json)).await {
            Ok(report) if report.ok => {}
            Ok(report) => {
                let error = report.error.unwrap_or_else(|| failed(&report.message));
                print_error(args.json, &error);
                return EXIT_FAILED;
            }
            Err(e) => return print_failure(args.json, &FleetError::Service(e)),
        }
    }
    match service.ticket_options().await {
        Ok(options) if args.json => print_json(&options_json(&options)),
        Ok(options) => print_table(&options),
        Err(e) => return print_failure(args.json, &FleetError::Service(e)),
    }
    EXIT_OK
}

fn failed(message: &str) -> IpcError {
    IpcError::new(
        ErrorCode::PermissionDenied,
        message,
        "Run `vectis-setup check` with the same credentials for the details.",
    )
}

fn print_failure(json_out: bool, error: &FleetError) -> i32 {
    print_error(json_out, &error.to_ipc());
    match error {
        FleetError::Managed(_) | FleetError::NoDefaults(_) => EXIT_USAGE,
        FleetError::Service(e) => exit_for(e),
    }
}

fn usage(json_out: bool, message: &str, remediation: &str) -> i32 {
    print_error(
        json_out,
        &IpcError::new(ErrorCode::InvalidInput, message, remediation),
    );
    EXIT_USAGE
}

pub async fn run(service: &Service, policy: &Policy, args: DefaultsArgs) -> i32 {
    if args.list {
        return list(service, &args).await;
    }
    if args.creds.secret_stdin || args.creds.integration_code_stdin {
        return usage(
            args.json,
            "Credentials apply only to `defaults --list`.",
            "To save new credentials, use `vectis-setup connect`.",
        );
    }
    let change = args.defaults.change();
    if change.is_empty() && !args.test_ticket {
        return usage(args.json, "Nothing to do.", "Pass --list, --queue ID --category ID [--status ID|none] [--priority ID|none], or --test-ticket.");
    }
    let mut result = Map::new();
    if !change.is_empty() {
        match service.save_managed_defaults(policy, &change).await {
            Ok(status) => {
                let defaults = status.defaults.unwrap_or_default();
                if !args.json {
                    println!(
                        "Ticket defaults saved: queue {}, category {}.",
                        defaults.queue_label.as_deref().unwrap_or("?"),
                        defaults.category_label.as_deref().unwrap_or("?")
                    );
                }
                result.insert("defaults".into(), json!(defaults));
            }
            Err(e) => return print_failure(args.json, &e),
        }
    }
    if args.test_ticket {
        match service.saved_test_ticket(policy).await {
            Ok(ticket) => {
                if !args.json {
                    println!("Test ticket created: {}", ticket.name());
                    println!("Link: {}", ticket.url.as_deref().unwrap_or("(none)"));
                }
                result.insert("ticket".into(), json!(ticket));
            }
            Err(e) => return print_failure(args.json, &e),
        }
    }
    if args.json {
        result.insert("ok".into(), json!(true));
        print_json(&result);
    }
    EXIT_OK
}

//! `check`: the connection Test, for explicit credentials or the saved connection.

use vectis_core::autotask::connection_test::TestEvent;
use vectis_core::error::ToIpcError;
use vectis_core::secret::Secret;
use vectis_core::service::{Service, ServiceError, TestRequest, TestTarget};
use vectis_core::validation::CredentialsInput;

use crate::args::CheckArgs;
use crate::output::{print_error, EXIT_FAILED, EXIT_OK, EXIT_USAGE};
use crate::secret_input::{self, FromStdin, Given};

/// New credentials when any is given; otherwise the saved connection.
fn target(args: &CheckArgs, given: Given) -> TestTarget {
    let integration_code = args
        .integration_code
        .clone()
        .map(Secret::new)
        .or(given.integration_code);
    let any = args.username.is_some()
        || integration_code.is_some()
        || given.secret.is_some()
        || args.zone_url.is_some();
    if !any {
        return TestTarget::Saved;
    }
    TestTarget::New {
        credentials: CredentialsInput {
            integration_code: integration_code.unwrap_or_else(|| Secret::new("")),
            username: args.username.clone().unwrap_or_default(),
            secret: given.secret.unwrap_or_else(|| Secret::new("")),
            zone_url: args.zone_url.clone(),
        },
    }
}

fn progress(json_out: bool) -> impl Fn(TestEvent) {
    move |event| {
        if let TestEvent::Waiting {
            attempt,
            remaining_seconds,
            ..
        } = event
        {
            if !json_out {
                eprintln!("Waiting for the new API user to become available (attempt {attempt}, up to {remaining_seconds} s left)…");
            }
        }
    }
}

pub async fn run(service: &Service, args: CheckArgs) -> i32 {
    let wanted = FromStdin {
        secret: args.secret_stdin,
        integration_code: args.integration_code_stdin,
    };
    let given = match secret_input::read(wanted) {
        Ok(given) => given,
        Err(e) => {
            print_error(args.json, &e);
            return EXIT_USAGE;
        }
    };
    let request = TestRequest {
        target: target(&args, given),
        wait_for_propagation: args.wait_for_new_user,
        retry_rejected: args.retry_rejected,
    };
    match service.start_test(request, progress(args.json)).await {
        Ok(report) => {
            if args.json {
                println!("{}", serde_json::to_value(&report).unwrap_or_default());
            } else {
                print!("{}", report.details);
            }
            if report.ok {
                EXIT_OK
            } else {
                EXIT_FAILED
            }
        }
        Err(e) => {
            print_error(args.json, &e.to_ipc());
            match e {
                ServiceError::Validation(_) => EXIT_USAGE,
                _ => EXIT_FAILED,
            }
        }
    }
}

//! `check`: the connection Test, for explicit credentials or the saved connection.

use std::io::Read;

use vectis_core::autotask::connection_test::TestEvent;
use vectis_core::config::SECRET_VAR;
use vectis_core::error::{ErrorCode, IpcError, ToIpcError};
use vectis_core::secret::Secret;
use vectis_core::service::{Service, ServiceError, TestRequest, TestTarget};
use vectis_core::validation::CredentialsInput;

use crate::args::CheckArgs;
use crate::output::{print_error, EXIT_FAILED, EXIT_OK, EXIT_USAGE};

fn read_secret(from_stdin: bool) -> Result<Option<Secret>, IpcError> {
    if from_stdin {
        let mut text = String::new();
        std::io::stdin().read_to_string(&mut text).map_err(|e| {
            IpcError::new(
                ErrorCode::InvalidInput,
                format!("Could not read the secret from standard input ({e})."),
                "Pipe the secret into the command.",
            )
        })?;
        return Ok(Some(Secret::new(
            text.trim_end_matches(['\r', '\n']).to_string(),
        )));
    }
    Ok(std::env::var(SECRET_VAR).ok().map(Secret::new))
}

/// New credentials when any is given; otherwise the saved connection.
fn target(args: &CheckArgs, secret: Option<Secret>) -> TestTarget {
    let given = args.username.is_some()
        || args.integration_code.is_some()
        || secret.is_some()
        || args.zone_url.is_some();
    if !given {
        return TestTarget::Saved;
    }
    TestTarget::New {
        credentials: CredentialsInput {
            integration_code: Secret::new(args.integration_code.clone().unwrap_or_default()),
            username: args.username.clone().unwrap_or_default(),
            secret: secret.unwrap_or_else(|| Secret::new("")),
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
    let secret = match read_secret(args.secret_stdin) {
        Ok(s) => s,
        Err(e) => {
            print_error(args.json, &e);
            return EXIT_USAGE;
        }
    };
    let request = TestRequest {
        target: target(&args, secret),
        wait_for_propagation: args.wait_for_new_user,
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

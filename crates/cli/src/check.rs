//! `check`: the connection Test, for explicit credentials or the saved connection.

use vectis_core::autotask::connection_test::TestEvent;
use vectis_core::error::{IpcError, ToIpcError};
use vectis_core::secret::Secret;
use vectis_core::service::{Service, ServiceError, TestRequest, TestTarget};
use vectis_core::validation::CredentialsInput;

use crate::args::{CheckArgs, CredentialArgs};
use crate::io::Io;
use crate::output::{printable, EXIT_FAILED, EXIT_OK, EXIT_USAGE};
use crate::secret_input::{self, FromStdin, Given};

/// Whether a credential flag was given: only then does a command test new credentials.
pub fn flagged(creds: &CredentialArgs) -> bool {
    creds.username.is_some()
        || creds.integration_code.is_some()
        || creds.integration_code_stdin
        || creds.secret_stdin
        || creds.zone_url.is_some()
}

/// The credentials as the flags ask: stdin, a prompt, or (when `env_fills`) the environment.
/// Without it, credential variables that are set are ignored, and stderr says so.
pub fn given(creds: &CredentialArgs, env_fills: bool, io: &Io<'_>) -> Result<Given, IpcError> {
    let wanted = FromStdin {
        secret: creds.secret_stdin,
        integration_code: creds.integration_code_stdin,
    };
    let mut given = secret_input::read(&wanted, io)?;
    given.username = creds.username.clone();
    if let Some(code) = &creds.integration_code {
        given.integration_code = Some(Secret::new(code));
    }
    if env_fills {
        secret_input::fill_from_env(&mut given, &wanted, |name| io.var(name));
    } else {
        let ignored = secret_input::set_vars(|name| io.var(name));
        if !ignored.is_empty() {
            esay!(
                io,
                "Note: {} ignored: without a credential flag (--username, --secret-stdin, --integration-code-stdin, --zone-url) this tests the saved connection.",
                ignored.join(", ")
            );
        }
    }
    Ok(given)
}

/// New credentials when a credential flag is given; otherwise the saved connection.
pub fn target(creds: &CredentialArgs, given: Given) -> TestTarget {
    if !flagged(creds) {
        return TestTarget::Saved;
    }
    TestTarget::New {
        credentials: CredentialsInput {
            integration_code: given.integration_code.unwrap_or_else(|| Secret::new("")),
            username: given.username.unwrap_or_default(),
            secret: given.secret.unwrap_or_else(|| Secret::new("")),
            zone_url: creds.zone_url.clone(),
        },
    }
}

pub fn progress<'a, 'b>(json_out: bool, io: &'a Io<'b>) -> impl Fn(TestEvent) + use<'a, 'b> {
    move |event| {
        if let TestEvent::Waiting {
            attempt,
            remaining_seconds,
            ..
        } = event
        {
            if !json_out {
                esay!(io, "Waiting for the new API user to become available (attempt {attempt}, up to {remaining_seconds} s left)…");
            }
        }
    }
}

/// Bad input is a usage error (2); anything else a failure (1).
pub fn exit_for(error: &ServiceError) -> i32 {
    match error {
        ServiceError::Validation(_) => EXIT_USAGE,
        _ => EXIT_FAILED,
    }
}

pub async fn run(service: &Service, args: CheckArgs, io: &Io<'_>) -> i32 {
    let given = match given(&args.creds, flagged(&args.creds), io) {
        Ok(given) => given,
        Err(e) => {
            io.error(args.json, &e);
            return EXIT_USAGE;
        }
    };
    let request = TestRequest {
        target: target(&args.creds, given),
        wait_for_propagation: args.creds.wait_for_new_user,
        retry_rejected: args.retry_rejected,
    };
    match service.start_test(request, progress(args.json, io)).await {
        Ok(report) => {
            if args.json {
                io.json(&report);
            } else {
                io.print(&printable(&report.details));
            }
            if report.ok {
                EXIT_OK
            } else {
                EXIT_FAILED
            }
        }
        Err(e) => {
            io.error(args.json, &e.to_ipc());
            exit_for(&e)
        }
    }
}

//! The headless CLI: `check`, `status`, `forget`. Same checks as the app, for scripts.
//! Secrets come from stdin or the environment, never from arguments.

use std::io::{IsTerminal, Read, Write};
use std::sync::Arc;

use clap::{Parser, Subcommand};
use serde_json::json;

use crate::autotask::connection_test::{CheckStatus, TestReport};
use crate::error::{ErrorCode, IpcError, ToIpcError};
use crate::secret::Secret;
use crate::service::{Service, ServiceError, TestRequest, TestTarget};
use crate::validation::CredentialsInput;

pub const SECRET_ENV: &str = "VECTIS_AUTOTASK_SECRET";

#[derive(Parser, Debug)]
#[command(
    name = "vectis-setup",
    version,
    about = "Vectis Autotask Setup: connect Vectis to Autotask PSA. Without a command, opens the setup window."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Test a connection: zone lookup, sign-in, permissions, API usage.
    /// Without credentials, tests the saved connection.
    Check {
        /// The API user's username (or VECTIS_AUTOTASK_USERNAME).
        #[arg(long, env = "VECTIS_AUTOTASK_USERNAME")]
        username: Option<String>,
        /// The integration code (or VECTIS_AUTOTASK_INTEGRATION_CODE, preferred: arguments are visible to other users).
        #[arg(long, env = "VECTIS_AUTOTASK_INTEGRATION_CODE", hide_env_values = true)]
        integration_code: Option<String>,
        /// Skip the zone lookup and use this zone URL.
        #[arg(long)]
        zone_url: Option<String>,
        /// Read the secret from standard input (otherwise VECTIS_AUTOTASK_SECRET).
        #[arg(long)]
        secret_stdin: bool,
        /// The API user was just created: wait up to 5 minutes for it to become available.
        #[arg(long)]
        wait_for_new_user: bool,
        /// Print one JSON object.
        #[arg(long)]
        json: bool,
    },
    /// Show the saved connection. Exit 0 when it is saved and its secret is in the keychain.
    Status {
        #[arg(long)]
        json: bool,
    },
    /// Remove the saved connection: keychain entry and settings.
    Forget {
        /// Do not ask for confirmation.
        #[arg(long)]
        yes: bool,
    },
}

pub const EXIT_OK: i32 = 0;
pub const EXIT_FAILED: i32 = 1;
pub const EXIT_USAGE: i32 = 2;

/// True when the arguments name a subcommand (or ask for help/version): run headless.
pub fn is_cli(args: &[std::ffi::OsString]) -> bool {
    // Anything else (no arguments, or what a desktop launcher may add) opens the window.
    const HEADLESS: &[&str] = &[
        "check",
        "status",
        "forget",
        "help",
        "--help",
        "-h",
        "--version",
        "-V",
    ];
    args.get(1)
        .and_then(|a| a.to_str())
        .is_some_and(|a| HEADLESS.contains(&a))
}

fn print_error(json_out: bool, error: &IpcError) {
    if json_out {
        println!(
            "{}",
            json!({"ok": false, "message": error.message, "error": error})
        );
    } else {
        eprintln!("Error: {}", error.message);
        eprintln!("Fix: {}", error.remediation);
    }
}

fn status_mark(status: CheckStatus) -> &'static str {
    match status {
        CheckStatus::Pass => "pass",
        CheckStatus::Warn => "warn",
        CheckStatus::Fail => "FAIL",
        CheckStatus::Skipped => "skip",
        CheckStatus::Pending | CheckStatus::Running => "....",
    }
}

pub fn render_report(report: &TestReport) -> String {
    let mut out = String::new();
    out.push_str(&format!("{}\n", report.message));
    if let Some(zone) = &report.zone {
        let source = match zone.source {
            crate::autotask::ZoneSource::Lookup => "looked up",
            crate::autotask::ZoneSource::Manual => "entered",
        };
        out.push_str(&format!(
            "Zone: {} ({source}) {}\n",
            zone.name.as_deref().unwrap_or("unknown name"),
            zone.api_url
        ));
    }
    for check in &report.checks {
        out.push_str(&format!(
            "  [{}] {}",
            status_mark(check.status),
            check.label
        ));
        if !check.message.is_empty() {
            out.push_str(&format!(": {}", check.message));
        }
        out.push('\n');
    }
    if let Some(error) = &report.error {
        out.push_str(&format!("Fix: {}\n", error.remediation));
    }
    out.push_str(&format!("Took {} ms\n", report.elapsed_ms));
    out
}

async fn check(service: &Service, target: TestTarget, wait: bool, json_out: bool) -> i32 {
    let request = TestRequest {
        target,
        wait_for_propagation: wait,
    };
    let on_event = |event| {
        if let crate::autotask::connection_test::TestEvent::Waiting {
            attempt,
            remaining_seconds,
            ..
        } = event
        {
            if !json_out {
                eprintln!("Waiting for the new API user to become available (attempt {attempt}, up to {remaining_seconds} s left)…");
            }
        }
    };
    match service.start_test(request, on_event).await {
        Ok(report) => {
            if json_out {
                println!("{}", serde_json::to_value(&report).unwrap_or_default());
            } else {
                print!("{}", render_report(&report));
            }
            if report.ok {
                EXIT_OK
            } else {
                EXIT_FAILED
            }
        }
        Err(e) => {
            print_error(json_out, &e.to_ipc());
            match e {
                ServiceError::Validation(_) => EXIT_USAGE,
                _ => EXIT_FAILED,
            }
        }
    }
}

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
    Ok(std::env::var(SECRET_ENV).ok().map(Secret::new))
}

/// Runs a CLI command to completion and returns the exit code.
pub fn main(args: Vec<std::ffi::OsString>, service: impl FnOnce() -> Arc<Service>) -> i32 {
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() { EXIT_USAGE } else { EXIT_OK };
        }
    };
    let Some(command) = cli.command else {
        return EXIT_OK;
    };
    let service = service();
    let info = service.app_info();
    if let Some(custom) = &info.custom_endpoint {
        eprintln!("Note: using a custom Autotask endpoint ({custom}), not Autotask's own servers.");
    }
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("Error: cannot start ({e}).");
            return EXIT_FAILED;
        }
    };
    match command {
        Command::Check {
            username,
            integration_code,
            zone_url,
            secret_stdin,
            wait_for_new_user,
            json,
        } => {
            let secret = match read_secret(secret_stdin) {
                Ok(s) => s,
                Err(e) => {
                    print_error(json, &e);
                    return EXIT_USAGE;
                }
            };
            let given = username.is_some()
                || integration_code.is_some()
                || secret.is_some()
                || zone_url.is_some();
            let target = if given {
                TestTarget::New {
                    credentials: CredentialsInput {
                        integration_code: Secret::new(integration_code.unwrap_or_default()),
                        username: username.unwrap_or_default(),
                        secret: secret.unwrap_or_else(|| Secret::new("")),
                        zone_url,
                    },
                }
            } else {
                TestTarget::Saved
            };
            runtime.block_on(check(&service, target, wait_for_new_user, json))
        }
        Command::Status { json } => match service.status() {
            Ok(status) => {
                let ok = status.configured && status.secret_present;
                if json {
                    println!("{}", serde_json::to_value(&status).unwrap_or_default());
                } else if status.configured {
                    println!(
                        "Connection saved for {}",
                        status.username.as_deref().unwrap_or("")
                    );
                    if let Some(zone) = &status.zone {
                        println!(
                            "Zone: {} ({})",
                            zone.name.as_deref().unwrap_or(&zone.host),
                            zone.api_url
                        );
                    }
                    println!(
                        "Secret: {} ({})",
                        if status.secret_present {
                            "stored"
                        } else {
                            "MISSING"
                        },
                        status.backend
                    );
                    if let Some(last) = &status.last_test {
                        println!("Last test: {} at {}", last.message, last.at);
                    }
                } else {
                    println!("No Autotask connection is saved.");
                    if let Some(notice) = &status.notice {
                        println!("{}", notice.message);
                    }
                }
                if ok {
                    EXIT_OK
                } else {
                    EXIT_FAILED
                }
            }
            Err(e) => {
                print_error(json, &e.to_ipc());
                EXIT_FAILED
            }
        },
        Command::Forget { yes } => {
            if !yes {
                if !std::io::stdin().is_terminal() {
                    eprintln!("Error: refusing to remove the saved connection without confirmation. Pass --yes.");
                    return EXIT_USAGE;
                }
                print!("Remove the saved Autotask connection (keychain entry and settings)? Type yes to confirm: ");
                let _ = std::io::stdout().flush();
                let mut answer = String::new();
                let _ = std::io::stdin().read_line(&mut answer);
                if answer.trim() != "yes" {
                    println!("Nothing was removed.");
                    return EXIT_FAILED;
                }
            }
            match service.disconnect() {
                Ok(_) => {
                    println!("The saved Autotask connection was removed.");
                    EXIT_OK
                }
                Err(e) => {
                    print_error(false, &e.to_ipc());
                    EXIT_FAILED
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_known_commands_run_headless() {
        let args = |a: &[&str]| a.iter().map(std::ffi::OsString::from).collect::<Vec<_>>();
        assert!(!is_cli(&args(&["vectis-setup"])));
        assert!(!is_cli(&args(&["vectis-setup", "-psn_0_12345"])));
        assert!(is_cli(&args(&["vectis-setup", "check", "--json"])));
        assert!(is_cli(&args(&["vectis-setup", "--version"])));
    }
}

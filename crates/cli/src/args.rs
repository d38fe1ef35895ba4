//! The command line, as clap reads it. Secrets are never arguments: `--secret-stdin` or
//! the environment only.

use clap::{Parser, Subcommand};
use vectis_core::config::USERNAME_VAR;
use vectis_core::policy::DefaultsChange;

#[derive(Parser, Debug)]
#[command(
    name = "vectis-setup",
    version,
    about = "Vectis Autotask Setup: connect Vectis to Autotask PSA. Without a command, the app opens the setup window."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Test a connection: zone lookup, sign-in, permissions, API usage.
    /// Without credentials, tests the saved connection (safe to schedule).
    Check(CheckArgs),
    /// Test new credentials and save them only when every check passes (enrolment, or a
    /// credential reset: the old connection stays unless the new one passes).
    Connect(ConnectArgs),
    /// List the tenant's live ticket choices, save ticket defaults, or send a test ticket.
    Defaults(DefaultsArgs),
    /// Show the saved connection, the last Test, the policy and the keychain read.
    /// Exit 0 when it is saved and its secret is in the keychain.
    Status {
        #[arg(long)]
        json: bool,
    },
    /// Write a redacted support bundle (JSON): versions, the saved connection (never the
    /// secret), the last Test and its requests, the log's last lines. Sends nothing unless --test.
    Diagnose(crate::diagnose::DiagnoseArgs),
    /// Remove the saved connection: keychain entry and settings.
    Forget {
        /// Do not ask for confirmation.
        #[arg(long)]
        yes: bool,
    },
}

/// New credentials; any of them makes a command test these instead of the saved connection.
#[derive(clap::Args, Debug, Clone, Default)]
pub struct CredentialArgs {
    /// The API user's username (or VECTIS_AUTOTASK_USERNAME).
    #[arg(long, env = USERNAME_VAR)]
    pub username: Option<String>,
    /// The integration code. Prefer --integration-code-stdin or VECTIS_AUTOTASK_INTEGRATION_CODE:
    /// arguments are visible to other users of the machine.
    #[arg(long)]
    pub integration_code: Option<String>,
    /// Read the integration code from standard input (after the secret when both are piped).
    #[arg(long)]
    pub integration_code_stdin: bool,
    /// Skip the zone lookup and use this zone URL.
    #[arg(long)]
    pub zone_url: Option<String>,
    /// Read the secret from standard input, or prompt without echo on a terminal
    /// (otherwise VECTIS_AUTOTASK_SECRET).
    #[arg(long)]
    pub secret_stdin: bool,
    /// The API user was just created: wait up to 5 minutes for it to become available.
    #[arg(long)]
    pub wait_for_new_user: bool,
}

#[derive(clap::Args, Debug)]
pub struct CheckArgs {
    #[command(flatten)]
    pub creds: CredentialArgs,
    /// Print one JSON object.
    #[arg(long)]
    pub json: bool,
    /// Autotask rejected the saved credentials earlier: send them once more anyway (exactly
    /// one sign-in). Without it, `check` sends nothing and exits 1 (credentials_rejected).
    #[arg(long)]
    pub retry_rejected: bool,
}

/// A ticket default's ID, or `none` to clear an optional one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IdOrNone(pub Option<i64>);

fn id_or_none(text: &str) -> Result<IdOrNone, String> {
    if text.eq_ignore_ascii_case("none") {
        return Ok(IdOrNone(None));
    }
    match text.trim().parse::<i64>() {
        Ok(id) if id > 0 => Ok(IdOrNone(Some(id))),
        _ => Err(format!("{text:?} is not a positive numeric ID (or `none`)")),
    }
}

/// Ticket defaults to set; what is left out keeps its saved (or managed) value.
#[derive(clap::Args, Debug, Clone, Default)]
pub struct DefaultsFlags {
    /// The default queue's ID (see `defaults --list`).
    #[arg(long, value_name = "ID", value_parser = clap::value_parser!(i64).range(1..))]
    pub queue: Option<i64>,
    /// The default ticket category's ID.
    #[arg(long, value_name = "ID", value_parser = clap::value_parser!(i64).range(1..))]
    pub category: Option<i64>,
    /// The default status's ID, or `none`.
    #[arg(long, value_name = "ID|none", value_parser = id_or_none)]
    pub status: Option<IdOrNone>,
    /// The default priority's ID, or `none`.
    #[arg(long, value_name = "ID|none", value_parser = id_or_none)]
    pub priority: Option<IdOrNone>,
}

impl DefaultsFlags {
    pub fn change(&self) -> DefaultsChange {
        DefaultsChange {
            queue: self.queue.map(Some),
            category: self.category.map(Some),
            status: self.status.map(|s| s.0),
            priority: self.priority.map(|p| p.0),
        }
    }
}

#[derive(clap::Args, Debug)]
pub struct ConnectArgs {
    #[command(flatten)]
    pub creds: CredentialArgs,
    #[command(flatten)]
    pub defaults: DefaultsFlags,
    /// Print one JSON object: the check's, plus `saved` and `defaults`.
    #[arg(long)]
    pub json: bool,
}

#[derive(clap::Args, Debug)]
pub struct DefaultsArgs {
    /// Print the live choices: queues, categories, statuses, priorities. With credentials,
    /// tests them first (nothing is saved): for a machine without a saved connection.
    #[arg(long, conflicts_with_all = ["queue", "category", "status", "priority", "test_ticket"])]
    pub list: bool,
    #[command(flatten)]
    pub creds: CredentialArgs,
    #[command(flatten)]
    pub defaults: DefaultsFlags,
    /// Create the opt-in test ticket with the saved defaults; prints its number and link.
    #[arg(long)]
    pub test_ticket: bool,
    /// Print one JSON object.
    #[arg(long)]
    pub json: bool,
}

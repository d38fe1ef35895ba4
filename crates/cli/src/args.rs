//! The command line, as clap reads it. Secrets are never arguments: `--secret-stdin` or
//! the environment only.

use clap::{Parser, Subcommand};
use vectis_core::config::USERNAME_VAR;

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
    /// Without credentials, tests the saved connection.
    Check(CheckArgs),
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

#[derive(clap::Args, Debug)]
pub struct CheckArgs {
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
    /// Print one JSON object.
    #[arg(long)]
    pub json: bool,
    /// Autotask rejected the saved credentials earlier: send them once more anyway (exactly
    /// one sign-in). Without it, `check` sends nothing and exits 1 (credentials_rejected).
    #[arg(long)]
    pub retry_rejected: bool,
}

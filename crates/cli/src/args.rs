//! The command line, as clap reads it. Secrets are never arguments: `--secret-stdin` or
//! the environment only.

use clap::{Parser, Subcommand};
use vectis_core::config::{INTEGRATION_CODE_VAR, USERNAME_VAR};

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
    /// The integration code (or VECTIS_AUTOTASK_INTEGRATION_CODE, preferred: arguments are visible to other users).
    #[arg(long, env = INTEGRATION_CODE_VAR, hide_env_values = true)]
    pub integration_code: Option<String>,
    /// Skip the zone lookup and use this zone URL.
    #[arg(long)]
    pub zone_url: Option<String>,
    /// Read the secret from standard input (otherwise VECTIS_AUTOTASK_SECRET).
    #[arg(long)]
    pub secret_stdin: bool,
    /// The API user was just created: wait up to 5 minutes for it to become available.
    #[arg(long)]
    pub wait_for_new_user: bool,
    /// Print one JSON object.
    #[arg(long)]
    pub json: bool,
}

/// The subcommands, for deciding whether a process runs headless. `Cli`'s derive is the source;
/// a test proves this list matches it.
pub const SUBCOMMANDS: &[&str] = &["check", "status", "forget", "help"];

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn the_headless_list_names_every_subcommand() {
        let mut names: Vec<String> = Cli::command()
            .get_subcommands()
            .map(|c| c.get_name().to_string())
            .collect();
        names.push("help".into());
        names.sort();
        let mut listed: Vec<String> = SUBCOMMANDS.iter().map(|s| s.to_string()).collect();
        listed.sort();
        assert_eq!(names, listed);
    }
}

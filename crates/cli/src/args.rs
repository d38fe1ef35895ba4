//! The command line, as clap reads it. Secrets are never arguments: `--secret-stdin` or
//! the environment only.

use clap::{Arg, ArgGroup, ArgMatches, FromArgMatches, Parser, Subcommand};
use vectis_core::autotask::ticket_defaults::{ByDefault, DefaultSpec, DEFAULT_FIELDS};
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

/// New credentials. Only these flags make `check` or `defaults --list` test new credentials
/// instead of the saved connection; the environment's values fill in what a flag leaves out,
/// but never choose the mode (a stray RMM variable must not redirect a scheduled check).
#[derive(clap::Args, Debug, Clone, Default)]
pub struct CredentialArgs {
    /// The API user's username (VECTIS_AUTOTASK_USERNAME fills it in when another credential
    /// flag is given).
    #[arg(long)]
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
    /// (otherwise VECTIS_AUTOTASK_SECRET, when another credential flag is given).
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

fn positive_id(text: &str) -> Option<i64> {
    text.trim().parse::<i64>().ok().filter(|id| *id > 0)
}

fn id_only(text: &str) -> Result<IdOrNone, String> {
    positive_id(text)
        .map(|id| IdOrNone(Some(id)))
        .ok_or_else(|| format!("{text:?} is not a positive numeric ID"))
}

fn id_or_none(text: &str) -> Result<IdOrNone, String> {
    if text.eq_ignore_ascii_case("none") {
        return Ok(IdOrNone(None));
    }
    positive_id(text)
        .map(|id| IdOrNone(Some(id)))
        .ok_or_else(|| format!("{text:?} is not a positive numeric ID (or `none`)"))
}

/// The argument group of the ticket-default flags, for `conflicts_with`.
pub const DEFAULTS_GROUP: &str = "ticket-defaults";

/// Ticket defaults to set, one flag per default (`--queue ID`, `--status ID|none`, …, from
/// [`DEFAULT_FIELDS`]); what is left out keeps its saved (or managed) value.
#[derive(Debug, Clone, Default)]
pub struct DefaultsFlags(pub DefaultsChange);

impl DefaultsFlags {
    pub fn change(&self) -> DefaultsChange {
        self.0
    }
}

fn default_flag(spec: &DefaultSpec) -> Arg {
    let arg = Arg::new(spec.cli_flag).long(spec.cli_flag);
    if spec.required {
        arg.value_name("ID").value_parser(id_only).help(format!(
            "The default {}'s ID (see `defaults --list`).",
            spec.name
        ))
    } else {
        arg.value_name("ID|none")
            .value_parser(id_or_none)
            .help(format!("The default {}'s ID, or `none`.", spec.name))
    }
}

impl clap::Args for DefaultsFlags {
    fn augment_args(cmd: clap::Command) -> clap::Command {
        let ids = DEFAULT_FIELDS.iter().map(|spec| spec.cli_flag);
        let group = ArgGroup::new(DEFAULTS_GROUP).args(ids).multiple(true);
        DEFAULT_FIELDS
            .iter()
            .fold(cmd.group(group), |cmd, spec| cmd.arg(default_flag(spec)))
    }

    fn augment_args_for_update(cmd: clap::Command) -> clap::Command {
        Self::augment_args(cmd)
    }
}

impl FromArgMatches for DefaultsFlags {
    fn from_arg_matches(matches: &ArgMatches) -> Result<Self, clap::Error> {
        Ok(Self(ByDefault::from_fn(|spec| {
            matches.get_one::<IdOrNone>(spec.cli_flag).map(|v| v.0)
        })))
    }

    fn update_from_arg_matches(&mut self, matches: &ArgMatches) -> Result<(), clap::Error> {
        *self = Self::from_arg_matches(matches)?;
        Ok(())
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
    /// Autotask rejected these credentials earlier (on this machine): send them once more
    /// anyway. Without it, `connect` sends nothing and exits 1 (credentials_rejected).
    #[arg(long)]
    pub retry_rejected: bool,
}

#[derive(clap::Args, Debug)]
pub struct DefaultsArgs {
    /// Print the live choices: queues, categories, statuses, priorities. With credentials,
    /// tests them first (nothing is saved): for a machine without a saved connection.
    #[arg(long, conflicts_with_all = [DEFAULTS_GROUP, "test_ticket"])]
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

#[cfg(test)]
mod tests {
    use clap::error::ErrorKind;
    use vectis_core::autotask::ticket_defaults::DefaultField::{Category, Priority, Queue, Status};

    use super::*;

    fn parse(line: &str) -> Result<Cli, clap::Error> {
        Cli::try_parse_from(std::iter::once("vectis-setup").chain(line.split_whitespace()))
    }

    fn defaults_change(line: &str) -> DefaultsChange {
        match parse(line).map(|cli| cli.command) {
            Ok(Some(Command::Defaults(args))) => args.defaults.change(),
            Ok(Some(Command::Connect(args))) => args.defaults.change(),
            other => panic!("{line:?} parsed as {other:?}"),
        }
    }

    #[test]
    fn ticket_default_flags_read_into_one_change_per_declared_default() {
        let none = DefaultsChange::default();
        let cases = [
            ("defaults --queue 5", none.with(Queue, Some(Some(5)))),
            (
                "defaults --queue 5 --category 3 --status none --priority 2",
                none.with(Queue, Some(Some(5)))
                    .with(Category, Some(Some(3)))
                    .with(Status, Some(None))
                    .with(Priority, Some(Some(2))),
            ),
            ("defaults --priority NONE", none.with(Priority, Some(None))),
            (
                "connect --username u@x.com --category 7",
                none.with(Category, Some(Some(7))),
            ),
            ("defaults --test-ticket", none),
        ];
        for (line, want) in cases {
            assert_eq!(defaults_change(line), want, "{line}");
        }
    }

    #[test]
    fn bad_arguments_are_usage_errors_naming_the_flag() {
        let cases = [
            (
                "defaults --queue none",
                "--queue",
                "not a positive numeric ID",
            ),
            (
                "defaults --category 0",
                "--category",
                "not a positive numeric ID",
            ),
            ("defaults --status low", "--status", "(or `none`)"),
            (
                "defaults --list --queue 5",
                "--queue",
                "cannot be used with",
            ),
            (
                "defaults --list --test-ticket",
                "--test-ticket",
                "cannot be used with",
            ),
            ("chek", "chek", "unrecognized subcommand"),
            ("check --secret hunter2", "--secret", "unexpected argument"),
        ];
        for (line, flag, why) in cases {
            let error = parse(line).expect_err(line);
            let text = error.to_string();
            assert!(
                error.use_stderr(),
                "{line}: a usage error goes to stderr (exit 2)"
            );
            assert!(text.contains(flag) && text.contains(why), "{line}: {text}");
        }
        let help = parse("defaults --help").expect_err("help");
        assert_eq!(help.kind(), ErrorKind::DisplayHelp);
        for spec in &DEFAULT_FIELDS {
            let flag = format!("--{}", spec.cli_flag);
            assert!(help.to_string().contains(&flag), "help lists {flag}");
        }
    }
}

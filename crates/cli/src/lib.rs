//! The headless CLI: `check`, `connect`, `defaults`, `status`, `forget`, `diagnose`. Same service as the window, for scripts.
//! Both binaries run it: the console `vectis-setup-cli` (links only the core) and the app's
//! `vectis-setup <subcommand>`.

#[macro_use]
mod io;
mod args;
mod check;
mod connect;
mod defaults;
mod diagnose;
mod forget;
pub mod output;
mod secret_input;
mod status;

use std::ffi::OsString;

use clap::Parser;
use vectis_core::config::Config;
use vectis_core::paths::Paths;
use vectis_core::policy::Policy;
use vectis_core::service::Service;

pub use args::{Cli, Command};
pub use io::Io;
use output::{EXIT_FAILED, EXIT_OK, EXIT_USAGE};

/// True when the app binary should run headless: any argument at all, except what a desktop
/// launcher adds (macOS Finder's `-psn_…`). A typo or a leading flag then gets the CLI's usage
/// and exit 2 instead of a window that a script would wait on forever.
pub fn is_cli(args: &[OsString]) -> bool {
    match args.get(1) {
        None => false,
        Some(first) => !first.to_string_lossy().starts_with("-psn_"),
    }
}

/// What a command works with: the service, the organisation's policy and where things are kept.
pub struct App<'a> {
    pub service: &'a Service,
    pub policy: &'a Policy,
    pub paths: &'a Paths,
}

/// The command line read: a command to run, or the exit code once help, the version or a
/// usage error (exit 2) was written to `io`.
pub fn parse(args: impl IntoIterator<Item = OsString>, io: &Io<'_>) -> Result<Command, i32> {
    match Cli::try_parse_from(args) {
        Ok(Cli {
            command: Some(command),
        }) => Ok(command),
        Ok(Cli { command: None }) => Err(EXIT_OK),
        Err(e) => {
            io.clap(&e);
            Err(if e.use_stderr() { EXIT_USAGE } else { EXIT_OK })
        }
    }
}

/// Runs one command to completion on `runtime`, reading and writing only through `io`;
/// returns the exit code.
pub fn execute(runtime: &tokio::runtime::Runtime, app: &App, command: Command, io: &Io<'_>) -> i32 {
    let App {
        service,
        policy,
        paths,
    } = *app;
    match command {
        Command::Check(args) => runtime.block_on(check::run(service, args, io)),
        Command::Connect(args) => runtime.block_on(connect::run(service, policy, args, io)),
        Command::Defaults(args) => runtime.block_on(defaults::run(service, policy, args, io)),
        Command::Status { json } => status::run(service, policy, paths, json, io),
        Command::Forget { yes } => forget::run(service, yes, io),
        Command::Diagnose(args) => runtime.block_on(diagnose::run(service, policy, args, io)),
    }
}

/// Says so on stderr when the configuration points at a custom endpoint (tests, the demo).
pub fn note_endpoint(config: &Config, io: &Io<'_>) {
    if let Ok(endpoint) = config.endpoint_policy() {
        if endpoint.is_custom() {
            esay!(
                io,
                "Note: using a custom Autotask endpoint ({}), not Autotask's own servers.",
                endpoint.lookup_base()
            );
        }
    }
}

/// Runs a CLI command to completion and returns the exit code.
pub fn main(args: Vec<OsString>, config: &Config) -> i32 {
    let io = Io::process();
    let command = match parse(args, &io) {
        Ok(command) => command,
        Err(code) => return code,
    };
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            io.esay(&format!("Error: cannot start ({e})."));
            return EXIT_FAILED;
        }
    };
    let (config, policy) = Policy::governed(config);
    let service = vectis_core::default_service(&config, policy.clone());
    note_endpoint(&config, &io);
    let paths = config.paths();
    let app = App {
        service: &service,
        policy: &policy,
        paths: &paths,
    };
    execute(&runtime, &app, command, &io)
}

/// The console binary's whole life: configuration once, logging, the command.
pub fn run() -> i32 {
    vectis_core::hardening::harden_process();
    let config = Config::from_env();
    let paths = config.paths();
    let _guard = vectis_core::logging::init(
        &paths.log_dir,
        config.log_filter.is_some(),
        config.log_filter.as_deref(),
    );
    main(std::env::args_os().collect(), &config)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_known_commands_run_headless() {
        let args = |a: &[&str]| a.iter().map(OsString::from).collect::<Vec<_>>();
        assert!(!is_cli(&args(&["vectis-setup"])));
        assert!(!is_cli(&args(&["vectis-setup", "-psn_0_12345"])));
        assert!(is_cli(&args(&["vectis-setup", "check", "--json"])));
        assert!(is_cli(&args(&["vectis-setup", "status"])));
        assert!(is_cli(&args(&["vectis-setup", "--version"])));
        assert!(
            is_cli(&args(&["vectis-setup", "--json", "status"])),
            "a leading flag"
        );
        assert!(is_cli(&args(&["vectis-setup", "stauts"])), "a typo");
    }
}

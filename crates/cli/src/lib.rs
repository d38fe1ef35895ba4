//! The headless CLI: `check`, `connect`, `defaults`, `status`, `forget`, `diagnose`. Same service as the window, for scripts.
//! Both binaries run it: the console `vectis-setup-cli` (links only the core) and the app's
//! `vectis-setup <subcommand>`.

#[macro_use]
pub mod output;
mod args;
mod check;
mod connect;
mod defaults;
mod diagnose;
mod forget;
mod secret_input;
mod status;

use std::ffi::OsString;

use clap::Parser;
use vectis_core::config::Config;
use vectis_core::policy::Policy;

pub use args::{Cli, Command};
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

/// Runs a CLI command to completion and returns the exit code.
pub fn main(args: Vec<OsString>, config: &Config) -> i32 {
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
    let (config, policy) = Policy::governed(config);
    let config = &config;
    let service = vectis_core::default_service(config, policy.clone());
    if let Ok(policy) = config.endpoint_policy() {
        if policy.is_custom() {
            eprintln!(
                "Note: using a custom Autotask endpoint ({}), not Autotask's own servers.",
                policy.lookup_base()
            );
        }
    }
    match command {
        Command::Check(args) => runtime.block_on(check::run(&service, args)),
        Command::Connect(args) => runtime.block_on(connect::run(&service, &policy, args)),
        Command::Defaults(args) => runtime.block_on(defaults::run(&service, &policy, args)),
        Command::Status { json } => status::run(&service, &policy, &config.paths(), json),
        Command::Forget { yes } => forget::run(&service, yes),
        Command::Diagnose(args) => runtime.block_on(diagnose::run(&service, &policy, args)),
    }
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

//! `forget`: removes the saved connection, after a typed confirmation or `--yes`.

use std::io::{IsTerminal, Write};

use vectis_core::error::ToIpcError;
use vectis_core::service::Service;

use crate::output::{print_error, EXIT_FAILED, EXIT_OK, EXIT_USAGE};

/// `Some(exit code)` when the admin did not confirm.
fn confirm() -> Option<i32> {
    if !std::io::stdin().is_terminal() {
        esay!("Error: refusing to remove the saved connection without confirmation. Pass --yes.");
        return Some(EXIT_USAGE);
    }
    print!(
        "Remove the saved Autotask connection (keychain entry and settings)? Type yes to confirm: "
    );
    let _ = std::io::stdout().flush();
    let mut answer = String::new();
    let _ = std::io::stdin().read_line(&mut answer);
    if answer.trim() != "yes" {
        say!("Nothing was removed.");
        return Some(EXIT_FAILED);
    }
    None
}

pub fn run(service: &Service, yes: bool) -> i32 {
    if !yes {
        if let Some(code) = confirm() {
            return code;
        }
    }
    match service.disconnect() {
        Ok(_) => {
            say!("The saved Autotask connection was removed.");
            EXIT_OK
        }
        Err(e) => {
            print_error(false, &e.to_ipc());
            EXIT_FAILED
        }
    }
}

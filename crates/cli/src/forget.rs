//! `forget`: removes the saved connection, after a typed confirmation or `--yes`.

use vectis_core::error::ToIpcError;
use vectis_core::service::Service;

use crate::io::Io;
use crate::output::{EXIT_FAILED, EXIT_OK, EXIT_USAGE};

/// `Some(exit code)` when the admin did not confirm.
fn confirm(io: &Io<'_>) -> Option<i32> {
    if !io.stdin_is_terminal() {
        esay!(
            io,
            "Error: refusing to remove the saved connection without confirmation. Pass --yes."
        );
        return Some(EXIT_USAGE);
    }
    io.print(
        "Remove the saved Autotask connection (keychain entry and settings)? Type yes to confirm: ",
    );
    let answer = io.read_line();
    if answer.trim() != "yes" {
        say!(io, "Nothing was removed.");
        return Some(EXIT_FAILED);
    }
    None
}

pub fn run(service: &Service, yes: bool, io: &Io<'_>) -> i32 {
    if !yes {
        if let Some(code) = confirm(io) {
            return code;
        }
    }
    match service.disconnect() {
        Ok(_) => {
            say!(io, "The saved Autotask connection was removed.");
            EXIT_OK
        }
        Err(e) => {
            io.error(false, &e.to_ipc());
            EXIT_FAILED
        }
    }
}

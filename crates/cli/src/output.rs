//! How results reach a script or a person: one JSON object with `--json`, readable text
//! otherwise, and exit codes 0 (ok), 1 (failed), 2 (bad usage or input).

use serde::Serialize;
use serde_json::json;
use vectis_core::error::IpcError;

pub const EXIT_OK: i32 = 0;
pub const EXIT_FAILED: i32 = 1;
pub const EXIT_USAGE: i32 = 2;

pub fn print_error(json_out: bool, error: &IpcError) {
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

/// One JSON object on one line.
pub fn print_json(value: &impl Serialize) {
    println!("{}", serde_json::to_value(value).unwrap_or_default());
}

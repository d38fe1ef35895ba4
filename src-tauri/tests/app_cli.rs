//! The app binary keeps every documented CLI subcommand (the console `vectis-setup-cli` is
//! tested in `crates/cli`): it runs headless, prints, and exits with the CLI's codes.

use std::process::{Command, Output};

fn app(home: &std::path::Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_vectis-setup"))
        .args(args)
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("XDG_DATA_HOME", home.join("data"))
        .env("HOME", home)
        .env(
            "DBUS_SESSION_BUS_ADDRESS",
            std::env::var("DBUS_SESSION_BUS_ADDRESS").unwrap_or_default(),
        )
        .output()
        .expect("the app binary starts")
}

#[test]
fn subcommands_run_headless_with_the_cli_exit_codes() {
    let home = tempfile::tempdir().unwrap();
    let version = app(home.path(), &["--version"]);
    assert_eq!(version.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&version.stdout).contains(env!("CARGO_PKG_VERSION")));

    let status = app(home.path(), &["status", "--json"]);
    assert_eq!(status.status.code(), Some(1), "nothing is saved");
    let json: serde_json::Value = serde_json::from_slice(&status.stdout).unwrap();
    assert_eq!(json["configured"], false);

    // Bad input is refused before any network call: exit 2, naming the field.
    let check = app(
        home.path(),
        &["check", "--username", "not-an-email", "--json"],
    );
    assert_eq!(check.status.code(), Some(2));
    let json: serde_json::Value = serde_json::from_slice(&check.stdout).unwrap();
    assert_eq!(json["error"]["code"], "invalid_input");

    assert_eq!(
        app(home.path(), &["forget", "--yes"]).status.code(),
        Some(0)
    );
}

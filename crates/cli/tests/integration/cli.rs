//! The headless CLI as scripts use it: the real binary, the simulator over HTTP, exit codes,
//! `--json`, and the secret only through stdin or the environment (exit codes in-process too).

use std::process::{Command, Output};

use serde_json::Value;
use test_support::*;

use crate::shell::Shell;
use crate::support::assert_exit;

fn cli(
    sim: &autotask_sim::SimServer,
    home: &std::path::Path,
    args: &[&str],
    stdin: Option<&str>,
    env: &[(&str, &str)],
) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_vectis-setup-cli"));
    command
        .args(args)
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("XDG_DATA_HOME", home.join("data"))
        .env("HOME", home)
        .env("VECTIS_ZONE_LOOKUP_URL", sim.lookup_url())
        .env("VECTIS_ALLOW_CUSTOM_ENDPOINT", "1");
    for (k, v) in env {
        command.env(k, v);
    }
    crate::support::output_with_stdin(command, stdin)
}

#[tokio::test(flavor = "multi_thread")]
async fn check_with_the_secret_on_stdin_prints_one_json_object() {
    let sim = sim().await;
    let home = tempfile::tempdir().unwrap();
    let sim_ref = &sim;
    let out = tokio::task::block_in_place(|| {
        cli(
            sim_ref,
            home.path(),
            &["check", "--username", &USER, "--secret-stdin", "--json"],
            Some(&format!("{}\n", *SECRET)),
            &[("VECTIS_AUTOTASK_INTEGRATION_CODE", CODE.as_str())],
        )
    });
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    crate::support::assert_schema("check", &json);
    assert_eq!(json["ok"], true);
    assert_eq!(
        json["message"],
        "Connected to Autotask (webservices15.autotask.net) \u{2014} Contoso Managed Services"
    );
    assert_eq!(json["zone"]["source"], "lookup");
    assert_eq!(json["zone"]["host"], "webservices15.autotask.net");
    assert!(json["checks"]
        .as_array()
        .unwrap()
        .iter()
        .all(|c| c["status"] == "pass"));
    assert_eq!(json["permissions"][0]["access"], "read");
    assert_eq!(json["usage"]["windowMinutes"], 60);
    assert!(json["elapsedMs"].is_u64());
    assert_eq!(json["error"], Value::Null);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("custom Autotask endpoint"), "{stderr}");
    let everything = format!("{}{}", String::from_utf8_lossy(&out.stdout), stderr);
    assert!(!everything.contains(SECRET.as_str()) && !everything.contains(CODE.as_str()));
}

#[tokio::test(flavor = "multi_thread")]
async fn exit_codes_separate_failures_from_bad_input() {
    let sim = sim().await;
    // In-process: exit codes as `main` returns them (the process's own are in the tests above).
    let shell = Shell::new(&sim);
    tokio::task::block_in_place(|| {
        let env = [
            ("VECTIS_AUTOTASK_INTEGRATION_CODE", CODE.as_str()),
            ("VECTIS_AUTOTASK_SECRET", "wrong-secret"),
        ];
        let out = shell.run(&["check", "--username", &USER, "--json"], None, &env);
        assert_exit(&out, 1, "");
        let json: Value = serde_json::from_slice(&out.stdout).unwrap();
        crate::support::assert_schema("check", &json);
        assert_eq!(json["error"]["code"], "invalid_credentials");
        assert_eq!(json["error"]["field"], "secret");

        let env = [
            ("VECTIS_AUTOTASK_INTEGRATION_CODE", CODE.as_str()),
            ("VECTIS_AUTOTASK_SECRET", LIMITED_SECRET.as_str()),
        ];
        let out = shell.run(&["check", "--username", &LIMITED], None, &env);
        assert_exit(&out, 1, "a missing permission fails the check");
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(text.contains("[FAIL] Permission: read Contracts"), "{text}");
        assert!(text.contains("Fix: Use an API User (system)"), "{text}");

        let out = shell.run(
            &["check", "--username", "nope", "--json"],
            None,
            &[("VECTIS_AUTOTASK_SECRET", "x")],
        );
        assert_exit(&out, 2, "");
        let json: Value = serde_json::from_slice(&out.stdout).unwrap();
        crate::support::assert_schema("check", &json);
        assert_eq!(json["error"]["code"], "invalid_input");

        let out = shell.run(&["check", "--secret", "x"], None, &[]);
        assert_exit(&out, 2, "there is no --secret argument");

        let out = shell.run(&["status"], None, &[]);
        assert_exit(&out, 1, "nothing saved");
        assert!(String::from_utf8_lossy(&out.stdout).contains("No Autotask connection is saved"));

        let out = shell.run(&["forget"], None, &[]);
        assert_exit(&out, 2, "no confirmation without a terminal or --yes");
    });
}

#[tokio::test(flavor = "multi_thread")]
async fn secret_and_integration_code_both_come_through_stdin() {
    let sim = sim().await;
    let home = tempfile::tempdir().unwrap();
    let (sim_ref, home) = (&sim, home.path());
    let stdin = format!("{}\r\n{}\n", *SECRET, *CODE);
    let out = tokio::task::block_in_place(|| {
        cli(
            sim_ref,
            home,
            &[
                "check",
                "--username",
                &USER,
                "--secret-stdin",
                "--integration-code-stdin",
                "--json",
            ],
            Some(&stdin),
            &[],
        )
    });
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["ok"], true);
    assert_private_logs(&home.join("data/vectis-autotask-setup-custom/logs"));
}

/// Logs name the API user and the zone: the directory is 0700 and each file 0600.
fn assert_private_logs(dir: &std::path::Path) {
    use std::os::unix::fs::PermissionsExt;
    let mode = |p: &std::path::Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(dir), 0o700, "{dir:?}");
    let files: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert!(!files.is_empty(), "a log file is written");
    for file in files {
        assert_eq!(mode(&file), 0o600, "{file:?}");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_typo_or_a_leading_flag_is_a_usage_error_not_a_window() {
    let sim = sim().await;
    let home = tempfile::tempdir().unwrap();
    let (sim_ref, home) = (&sim, home.path());
    for args in [&["stauts"][..], &["--json", "status"][..]] {
        let out = tokio::task::block_in_place(|| cli(sim_ref, home, args, None, &[]));
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(
            String::from_utf8_lossy(&out.stderr).contains("Usage"),
            "{args:?}"
        );
    }
}

/// On a terminal, `--secret-stdin` prompts and the typed secret is not echoed. `script` (util-linux,
/// always on Debian) gives the CLI a terminal; the secret is typed a moment after the prompt.
#[tokio::test(flavor = "multi_thread")]
async fn a_secret_typed_on_a_terminal_is_not_echoed() {
    let sim = sim().await;
    let home = tempfile::tempdir().unwrap();
    let cli = env!("CARGO_BIN_EXE_vectis-setup-cli");
    let inner = format!("{cli} check --username {} --secret-stdin --json", *USER);
    let out = tokio::task::block_in_place(|| {
        Command::new("sh")
            .arg("-c")
            .arg("(sleep 1; printf '%s\\n' \"$TYPED\") | script -qec \"$INNER\" /dev/null")
            .env_clear()
            .env("PATH", std::env::var("PATH").unwrap_or_default())
            .env("HOME", home.path())
            .env("XDG_CONFIG_HOME", home.path().join("config"))
            .env("XDG_DATA_HOME", home.path().join("data"))
            .env("VECTIS_ZONE_LOOKUP_URL", sim.lookup_url())
            .env("VECTIS_ALLOW_CUSTOM_ENDPOINT", "1")
            .env("VECTIS_AUTOTASK_INTEGRATION_CODE", CODE.as_str())
            .env("TYPED", SECRET.as_str())
            .env("INNER", inner)
            .output()
            .expect("sh and script run")
    });
    let screen = String::from_utf8_lossy(&out.stdout);
    assert!(screen.contains("API user secret:"), "{screen}");
    assert!(
        !screen.contains(SECRET.as_str()),
        "the secret was echoed: {screen}"
    );
    assert!(screen.contains("\"ok\":true"), "{screen}");
    assert_eq!(out.status.code(), Some(0), "{screen}");
}

/// The gate on one scheduled `check` (issue 27): what an RMM's monitor costs the tenant each run.
#[tokio::test(flavor = "multi_thread")]
async fn one_check_stays_within_the_request_budget_at_200_ms() {
    use autotask_sim::cost::{Cost, BUDGET};
    let sim = sim().await;
    let home = tempfile::tempdir().unwrap();
    sim.sim.set_faults(autotask_sim::Faults {
        latency_ms: 200,
        ..Default::default()
    });
    let sim_ref = &sim;
    let out = tokio::task::block_in_place(|| {
        cli(
            sim_ref,
            home.path(),
            &["check", "--username", &USER, "--json"],
            None,
            &[
                ("VECTIS_AUTOTASK_SECRET", SECRET.as_str()),
                ("VECTIS_AUTOTASK_INTEGRATION_CODE", CODE.as_str()),
            ],
        )
    });
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let cost = Cost::so_far(&sim.sim);
    assert_eq!(cost.round_trips, BUDGET.round_trips_unknown_zone, "{cost}");
    assert!(
        cost.authenticated <= BUDGET.authenticated_requests,
        "{cost}"
    );
    assert!(
        cost.max_in_flight <= BUDGET.in_flight_per_endpoint,
        "{cost}"
    );
}

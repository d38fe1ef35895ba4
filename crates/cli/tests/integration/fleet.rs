//! Fleet enrolment and monitoring as an RMM or MDM script runs them: `connect`, `defaults`,
//! `status`, `check`, `forget` against the simulator. Enrolment and the ledger across runs use
//! the real binary and the real Secret Service (run through `.ci/session`); the rest runs
//! in-process (`shell`). Outputs are validated against `docs/cli/*.schema.json`.

use crate::shell::Shell;
use crate::support::{assert_exit, assert_schema, code, stdout_json, Machine, Ran, Runner};
use serde_json::Value;
use test_support::*;

const QUEUE: &str = "29682833";
const OTHER_QUEUE: &str = "29682834";
const INACTIVE_QUEUE: &str = "29682836";
const CATEGORY: &str = "3";

fn secret(s: &str) -> String {
    format!("{s}\n")
}

fn connect<M: Runner>(m: &M, extra: &[&str], secret_line: &str) -> M::Out {
    let mut args = vec!["connect", "--username", &USER, "--secret-stdin", "--json"];
    args.extend_from_slice(extra);
    m.cli(
        &args,
        Some(&secret(secret_line)),
        &[("VECTIS_AUTOTASK_INTEGRATION_CODE", CODE.as_str())],
    )
}

fn status(m: &impl Runner) -> (i32, Value) {
    let out = m.cli(&["status", "--json"], None, &[]);
    let json = stdout_json(&out);
    assert_schema("status", &json);
    (code(&out), json)
}

fn assert_no_secret(out: &impl Ran) {
    let all = format!(
        "{}{}",
        String::from_utf8_lossy(out.stdout()),
        String::from_utf8_lossy(out.stderr())
    );
    assert!(
        !all.contains(SECRET.as_str()) && !all.contains(CODE.as_str()),
        "{all}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn connect_enrols_only_what_passes_and_never_breaks_the_saved_connection() {
    let sim = sim().await;
    let m = Machine::new(&sim, "connect");
    tokio::task::block_in_place(|| {
        let out = connect(&m, &[], &SECRET);
        assert_exit(&out, 2, "no queue or category on a fresh machine");
        let json = stdout_json(&out);
        assert_schema("connect", &json);
        assert_eq!(json["error"]["code"], "invalid_input");
        assert!(json["error"]["remediation"]
            .as_str()
            .unwrap()
            .contains("defaults --list"));
        assert!(sim.sim.requests().is_empty(), "nothing was sent");

        let out = connect(
            &m,
            &["--queue", INACTIVE_QUEUE, "--category", CATEGORY],
            &SECRET,
        );
        assert_exit(&out, 1, "defaults are checked against the live lists");
        let json = stdout_json(&out);
        assert_schema("connect", &json);
        assert_eq!(
            (json["ok"].clone(), json["saved"].clone()),
            (Value::Bool(true), Value::Bool(false))
        );
        assert_eq!(json["saveError"]["field"], "queue");
        assert_eq!(status(&m).0, 1, "nothing saved");

        let out = connect(
            &m,
            &["--queue", QUEUE, "--category", CATEGORY, "--priority", "4"],
            &SECRET,
        );
        assert_exit(&out, 0, "");
        let json = stdout_json(&out);
        assert_schema("connect", &json);
        assert_schema("check", &json);
        assert_eq!(json["saved"], true);
        assert_eq!(json["defaults"]["queueLabel"], "Level I Support");
        assert_no_secret(&out);

        // A credential reset that fails leaves the old connection working.
        let out = m.run(
            &["connect", "--secret-stdin", "--json"],
            Some("not-the-secret\n"),
            &[],
        );
        assert_exit(&out, 1, "");
        let json = stdout_json(&out);
        assert_eq!(
            (json["saved"].clone(), json["error"]["code"].clone()),
            (Value::Bool(false), Value::from("invalid_credentials"))
        );
        let limited = m.run(
            &[
                "connect",
                "--username",
                &LIMITED,
                "--secret-stdin",
                "--json",
            ],
            Some(&secret(&LIMITED_SECRET)),
            &[("VECTIS_AUTOTASK_INTEGRATION_CODE", CODE.as_str())],
        );
        assert_exit(&limited, 1, "a missing permission is not saved");
        assert_exit(
            &m.run(&["check"], None, &[]),
            0,
            "the old connection still passes",
        );
        let (exit, json) = status(&m);
        assert_eq!((exit, json["username"].as_str()), (0, Some(USER.as_str())));

        // A rotation with the right secret keeps the saved defaults.
        let out = m.run(&["connect", "--secret-stdin"], Some(&secret(&SECRET)), &[]);
        assert_exit(&out, 0, "");
        let (_, json) = status(&m);
        assert_eq!(
            (
                json["defaults"]["queueId"].as_i64(),
                json["defaults"]["priorityId"].as_i64()
            ),
            (Some(29682833), Some(4))
        );
        assert_eq!(json["store"]["user"], "fleet-test-user");
        assert_eq!(json["store"]["service"], m.keychain_service.as_str());
        assert_eq!(json["lastTest"]["ok"], true);
        assert_eq!(json["breakerOpen"], false);
        assert_exit(&m.run(&["forget", "--yes"], None, &[]), 0, "");
        assert_eq!(status(&m).0, 1, "forgotten");
    });
}

#[tokio::test(flavor = "multi_thread")]
async fn defaults_list_save_and_send_a_test_ticket() {
    let sim = sim().await;
    let m = Shell::new(&sim);
    tokio::task::block_in_place(|| {
        let out = m.run(&["defaults", "--list", "--json"], None, &[]);
        assert_exit(&out, 1, "nothing saved yet");
        assert_eq!(stdout_json(&out)["error"]["code"], "not_configured");
        let out = m.run(
            &[
                "defaults",
                "--list",
                "--json",
                "--username",
                &USER,
                "--secret-stdin",
            ],
            Some(&secret(&SECRET)),
            &[("VECTIS_AUTOTASK_INTEGRATION_CODE", CODE.as_str())],
        );
        assert_exit(&out, 0, "new credentials list after a passing Test");
        assert_schema("defaults-list", &stdout_json(&out));
        let out = connect(&m, &["--queue", QUEUE, "--category", CATEGORY], &SECRET);
        assert_exit(&out, 0, "the demo user connects");

        let out = m.run(&["defaults", "--list", "--json"], None, &[]);
        assert_exit(&out, 0, "");
        let lists = stdout_json(&out);
        assert_schema("defaults-list", &lists);
        let queue = |id: i64| {
            lists["queues"]
                .as_array()
                .unwrap()
                .iter()
                .find(|q| q["id"] == id)
                .cloned()
                .unwrap()
        };
        assert_eq!(
            (
                queue(29682833)["active"].clone(),
                queue(29682836)["active"].clone()
            ),
            (Value::Bool(true), Value::Bool(false))
        );
        let table = m.run(&["defaults", "--list"], None, &[]);
        assert!(String::from_utf8_lossy(&table.stdout).contains("Old Helpdesk"));

        let out = m.run(
            &[
                "defaults",
                "--queue",
                OTHER_QUEUE,
                "--category",
                CATEGORY,
                "--priority",
                "4",
                "--json",
            ],
            None,
            &[],
        );
        assert_exit(&out, 0, "");
        assert_eq!(stdout_json(&out)["defaults"]["queueId"], 29682834);
        let out = m.run(&["defaults", "--priority", "none", "--json"], None, &[]);
        assert_exit(&out, 0, "");
        let saved = &stdout_json(&out)["defaults"];
        assert_eq!(
            (saved["queueId"].as_i64(), saved["priorityId"].as_i64()),
            (Some(29682834), None)
        );
        let out = m.run(&["defaults", "--queue", "999", "--json"], None, &[]);
        assert_exit(&out, 1, "an ID the tenant does not have");
        assert_eq!(stdout_json(&out)["error"]["field"], "queue");
        assert_eq!(status(&m).1["defaults"]["queueId"], 29682834, "unchanged");
        assert_exit(&m.run(&["defaults"], None, &[]), 2, "nothing to do");
        assert_exit(&m.run(&["defaults", "--queue", "abc"], None, &[]), 2, "");

        let out = m.run(&["defaults", "--test-ticket", "--json"], None, &[]);
        assert_exit(&out, 0, "");
        let ticket = &stdout_json(&out)["ticket"];
        assert!(ticket["id"].as_i64().unwrap() > 0);
        assert!(ticket["url"].as_str().unwrap().contains("TicketID="));
        let tickets = sim.sim.records("contoso", "tickets");
        assert!(
            tickets.iter().any(|t| t["queueID"] == 29682834),
            "{tickets:?}"
        );
    });
}

#[tokio::test(flavor = "multi_thread")]
async fn a_rejected_secret_is_not_sent_again_by_defaults() {
    let sim = sim().await;
    let m = Shell::new(&sim);
    tokio::task::block_in_place(|| {
        let out = connect(&m, &["--queue", QUEUE, "--category", CATEGORY], &SECRET);
        assert_exit(&out, 0, "the demo user connects");
        let patch = autotask_sim::UserPatch {
            secret: Some("Rotated*Elsewhere#1".into()),
            ..Default::default()
        };
        assert!(sim.sim.patch_user(&USER, patch));
        let out = m.run(&["check", "--json"], None, &[]);
        assert_exit(&out, 1, "");
        assert_eq!(stdout_json(&out)["error"]["code"], "invalid_credentials");
        let (exit, json) = status(&m);
        assert_eq!((exit, json["breakerOpen"].clone()), (0, Value::Bool(true)));
        assert_eq!(json["rejected"]["code"], "invalid_credentials");
        sim.sim.clear_requests();
        for args in [
            &["defaults", "--list", "--json"][..],
            &["defaults", "--queue", QUEUE, "--json"],
            &["defaults", "--test-ticket", "--json"],
            &["check", "--json"],
        ] {
            let out = m.run(args, None, &[]);
            assert_exit(&out, 1, &format!("{args:?}"));
            assert_eq!(
                stdout_json(&out)["error"]["code"],
                "credentials_rejected",
                "{args:?}"
            );
        }
        assert!(
            sim.sim.requests().is_empty(),
            "the rejected secret was not sent again"
        );
    });
}

fn authed(sim: &autotask_sim::SimServer) -> usize {
    sim.sim
        .requests()
        .iter()
        .filter(|r| r.auth_headers.any())
        .count()
}

fn rotate(sim: &autotask_sim::SimServer) {
    let patch = autotask_sim::UserPatch {
        secret: Some("Rotated*Elsewhere#1".into()),
        ..Default::default()
    };
    assert!(sim.sim.patch_user(&USER, patch));
}

/// N1: an RMM's variables in the environment never turn a scheduled `check` into a test of
/// other credentials; a stray one is ignored (and said so), never a reason to exit 2.
#[tokio::test(flavor = "multi_thread")]
async fn credentials_in_the_environment_never_pick_what_check_tests() {
    let sim = sim().await;
    let m = Shell::new(&sim);
    tokio::task::block_in_place(|| {
        let out = connect(&m, &["--queue", QUEUE, "--category", CATEGORY], &SECRET);
        assert_exit(&out, 0, "");
        let stray = [("VECTIS_AUTOTASK_INTEGRATION_CODE", "SOMEOTHERCODE")];
        let out = m.run(&["check", "--json"], None, &stray);
        assert_exit(&out, 0, "the saved connection was tested");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            stderr.contains("VECTIS_AUTOTASK_INTEGRATION_CODE ignored"),
            "{stderr}"
        );

        rotate(&sim);
        sim.sim.clear_requests();
        let old = [
            ("VECTIS_AUTOTASK_USERNAME", USER.as_str()),
            ("VECTIS_AUTOTASK_INTEGRATION_CODE", CODE.as_str()),
            ("VECTIS_AUTOTASK_SECRET", SECRET.as_str()),
        ];
        let first = m.run(&["check", "--json"], None, &old);
        assert_eq!(stdout_json(&first)["error"]["code"], "invalid_credentials");
        let second = m.run(&["check", "--json"], None, &old);
        assert_exit(&second, 1, "");
        assert_eq!(
            stdout_json(&second)["error"]["code"],
            "credentials_rejected"
        );
        assert_eq!(authed(&sim), 1, "one failed sign-in, then the breaker held");
        assert_eq!(status(&m).1["breakerOpen"], Value::Bool(true));
    });
}

/// N2: a remediation loop re-running `connect` with a mistyped secret costs one failed
/// sign-in, not one per run; `--retry-rejected` sends exactly one more.
#[tokio::test(flavor = "multi_thread")]
async fn a_rejected_unsaved_secret_is_remembered_across_processes() {
    let sim = sim().await;
    let m = Machine::new(&sim, "loop");
    tokio::task::block_in_place(|| {
        let args = ["--queue", QUEUE, "--category", CATEGORY];
        let first = connect(&m, &args, "Mistyped*Secret#1");
        assert_exit(&first, 1, "");
        assert_eq!(stdout_json(&first)["error"]["code"], "invalid_credentials");
        for _ in 0..2 {
            let again = connect(&m, &args, "Mistyped*Secret#1");
            assert_exit(&again, 1, "");
            let json = stdout_json(&again);
            assert_schema("connect", &json);
            assert_eq!(json["error"]["code"], "credentials_rejected");
            assert_no_secret(&again);
        }
        assert_eq!(authed(&sim), 1, "three runs, one failed sign-in");
        for file in files_under(m.home.path()) {
            let text = String::from_utf8_lossy(&std::fs::read(&file).unwrap()).to_string();
            assert!(!text.contains("Mistyped"), "{file:?}");
        }
        let mut retry = args.to_vec();
        retry.push("--retry-rejected");
        assert_exit(&connect(&m, &retry, "Mistyped*Secret#1"), 1, "");
        assert_eq!(authed(&sim), 2, "--retry-rejected sends exactly once more");
        assert_exit(&connect(&m, &args, &SECRET), 0, "the right secret goes");
        let out = connect(&m, &args, "Mistyped*Secret#1");
        assert_eq!(
            stdout_json(&out)["error"]["code"],
            "invalid_credentials",
            "a sign-in as the user succeeded: the old rejection is forgotten"
        );
    });
}

fn files_under(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() {
            files.extend(files_under(&path));
        } else {
            files.push(path);
        }
    }
    files
}

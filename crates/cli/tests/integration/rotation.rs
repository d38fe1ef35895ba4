//! The secret's life as a fleet monitor sees it, with the real binary under `faketime`
//! (libfaketime sets the process's clock; the binary has no clock switch): `status --json`'s
//! age and `rotationDue` under `RotationReminderDays` (before, at and after the threshold, and
//! a clock set back), with the exit code unchanged; `connect --username <another user>` on a
//! configured machine reported as a switch. Run through `.ci/session` (Secret Service).

use crate::support::{assert_exit, assert_schema, stdout_json, Machine};
use serde_json::Value;
use test_support::*;

const GREEN_USER: &str = "green5r8t2w7q@contoso-msp.com";
const GREEN_SECRET: &str = "Green*Secret#2027";
const SAVED_AT: &str = "2027-01-10 09:00:00";

fn connect_as(m: &Machine, at: &str, user: &str, secret: &str, extra: &[&str]) -> Value {
    let mut args = vec!["connect", "--username", user, "--secret-stdin", "--json"];
    args.extend_from_slice(extra);
    let out = m.run_at(
        at,
        &args,
        Some(&format!("{secret}\n")),
        &[("VECTIS_AUTOTASK_INTEGRATION_CODE", CODE.as_str())],
    );
    let json = stdout_json(&out);
    assert_schema("connect", &json);
    assert_exit(&out, 0, "");
    json
}

fn status_at(m: &Machine, at: &str) -> Value {
    let out = m.run_at(at, &["status", "--json"], None, &[]);
    let json = stdout_json(&out);
    assert_schema("status", &json);
    assert_exit(
        &out,
        0,
        &format!("rotationDue never changes the exit code: {json}"),
    );
    json
}

fn age(json: &Value) -> (u64, bool) {
    (
        json["secretAgeDays"].as_u64().unwrap(),
        json["rotationDue"].as_bool().unwrap(),
    )
}

#[tokio::test(flavor = "multi_thread")]
async fn status_reports_the_age_and_rotation_due_at_the_threshold_without_sending_anything() {
    let sim = sim().await;
    let m = Machine::new(&sim, "rotation-age");
    m.set_policy(r#"{"RotationReminderDays": 90}"#);
    tokio::task::block_in_place(|| {
        let saved = connect_as(
            &m,
            SAVED_AT,
            &USER,
            &SECRET,
            &["--queue", "29682833", "--category", "3"],
        );
        assert_eq!(saved["change"], "new");
        sim.sim.clear_requests();

        let json = status_at(&m, "2027-04-10 08:59:00");
        assert_eq!(json["secretSetAt"], "2027-01-10T09:00:00Z");
        assert_eq!(json["lastVerifiedAt"], "2027-01-10T09:00:00Z");
        assert_eq!(json["rotationReminderDays"], 90);
        assert_eq!(age(&json), (89, false), "a minute before day 90");
        assert_eq!(age(&status_at(&m, "2027-04-10 09:00:00")), (90, true));
        assert_eq!(age(&status_at(&m, "2027-06-01 12:00:00")), (142, true));
        // The machine's clock set back before the save: age 0, never negative.
        let skewed = status_at(&m, "2026-11-30 00:00:00");
        assert_eq!(age(&skewed), (0, false), "{skewed}");
        assert_eq!(skewed["lastVerifiedDays"], 0);
        assert!(sim.sim.requests().is_empty(), "status sends nothing");

        let human = m.run_at("2027-04-12 10:00:00", &["status"], None, &[]);
        let text = String::from_utf8_lossy(&human.stdout);
        assert!(
            text.contains(
                "Secret saved 92 days ago (2027-01-10T09:00:00Z), last verified 92 days ago"
            ) && text
                .contains("Rotation due: your organization asks for a new secret every 90 days"),
            "{text}"
        );
    });
}

#[tokio::test(flavor = "multi_thread")]
async fn connect_with_another_username_on_a_configured_machine_is_a_switch() {
    let sim = sim().await;
    let mut green = sim.sim.user(&USER).unwrap();
    green.username = GREEN_USER.into();
    green.secret = GREEN_SECRET.into();
    sim.sim.upsert_user(green);
    let m = Machine::new(&sim, "rotation-switch");
    tokio::task::block_in_place(|| {
        connect_as(
            &m,
            SAVED_AT,
            &USER,
            &SECRET,
            &["--queue", "29682833", "--category", "3"],
        );
        let again = connect_as(&m, "2027-01-11 09:00:00", &USER, &SECRET, &[]);
        assert_eq!(
            (&again["change"], &again["switchedFrom"]),
            (&Value::from("same"), &Value::Null),
            "the same secret again keeps its age"
        );
        assert_eq!(status_at(&m, "2027-01-12 09:00:00")["secretAgeDays"], 2);

        let switched = connect_as(&m, "2027-03-01 10:00:00", GREEN_USER, GREEN_SECRET, &[]);
        assert_eq!(switched["change"], "switch");
        assert_eq!(switched["switchedFrom"], USER.as_str());
        assert_eq!(
            switched["defaults"]["queueId"], 29682833,
            "the defaults stay"
        );
        let json = status_at(&m, "2027-03-02 10:00:00");
        assert_eq!(json["username"], GREEN_USER);
        assert_eq!(json["oldUser"]["username"], USER.as_str());
        assert_eq!(json["oldUser"]["switchedAt"], "2027-03-01T10:00:00Z");
        assert_eq!(json["oldUser"]["retiredAt"], Value::Null);
        assert_eq!(age(&json), (1, false));

        let out = m.run_at(
            "2027-03-01 11:00:00",
            &["connect", "--username", GREEN_USER, "--secret-stdin"],
            Some(&format!("{GREEN_SECRET}\n")),
            &[("VECTIS_AUTOTASK_INTEGRATION_CODE", CODE.as_str())],
        );
        assert_exit(&out, 0, "");
        let human = String::from_utf8_lossy(&out.stdout);
        assert!(
            !human.contains("Switched from"),
            "a repeat is no switch: {human}"
        );
        let all = format!("{human}{}", String::from_utf8_lossy(&out.stderr));
        assert!(!all.contains(GREEN_SECRET) && !all.contains(SECRET.as_str()));
    });
}

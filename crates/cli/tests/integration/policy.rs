//! Managed configuration from the CLI's side: a managed value is used and cannot be changed
//! (exit 2, managed_by_policy), `status` reports where it came from, and the test policy file
//! is honoured only with the custom-endpoint switch. In-process (`shell`): nothing here needs
//! a process of its own.

use crate::shell::{Run, Shell};
use crate::support::{assert_exit, assert_schema, code, stdout_json};
use test_support::*;

fn enrol(m: &Shell, extra: &[&str]) -> Run {
    let mut args = vec!["connect", "--username", &USER, "--secret-stdin", "--json"];
    args.extend_from_slice(extra);
    m.run(
        &args,
        Some(&format!("{}\n", *SECRET)),
        &[("VECTIS_AUTOTASK_INTEGRATION_CODE", CODE.as_str())],
    )
}

#[tokio::test(flavor = "multi_thread")]
async fn a_managed_queue_is_used_and_cannot_be_changed() {
    let sim = sim().await;
    let m = Shell::new(&sim);
    m.set_policy(r#"{"QueueId": 29682833, "OfferTestTicket": false, "ZoneUrl": "https://webservices15.autotask.net/ATServicesRest/"}"#);
    tokio::task::block_in_place(|| {
        let out = enrol(
            &m,
            &[
                "--category",
                "3",
                "--zone-url",
                "https://webservices2.autotask.net/ATServicesRest/",
            ],
        );
        assert_exit(&out, 2, "another zone than the managed one");
        assert_eq!(stdout_json(&out)["error"]["code"], "managed_by_policy");
        assert!(
            sim.sim.requests().is_empty(),
            "refused before anything was sent"
        );

        m.set_policy(r#"{"QueueId": 29682833, "OfferTestTicket": false}"#);
        let out = enrol(&m, &["--category", "3"]);
        assert_exit(&out, 0, "the managed queue completes the defaults");
        assert_eq!(stdout_json(&out)["defaults"]["queueId"], 29682833);

        let out = m.run(
            &[
                "defaults",
                "--queue",
                "29682834",
                "--category",
                "3",
                "--json",
            ],
            None,
            &[],
        );
        assert_exit(&out, 2, "");
        let error = &stdout_json(&out)["error"];
        assert_eq!(
            (error["code"].as_str(), error["field"].as_str()),
            (Some("managed_by_policy"), Some("queue"))
        );
        assert!(
            error["message"].as_str().unwrap().contains("policy.json"),
            "{error}"
        );
        let out = m.run(
            &[
                "defaults",
                "--queue",
                "29682833",
                "--category",
                "2",
                "--json",
            ],
            None,
            &[],
        );
        assert_exit(&out, 0, "the managed value itself may be repeated");
        let out = m.run(&["defaults", "--test-ticket", "--json"], None, &[]);
        assert_eq!(
            (code(&out), stdout_json(&out)["error"]["code"].as_str()),
            (2, Some("managed_by_policy"))
        );

        let out = m.run(&["status", "--json"], None, &[]);
        let json = stdout_json(&out);
        assert_schema("status", &json);
        assert_eq!(
            json["policy"]["source"],
            m.policy_path().display().to_string()
        );
        assert_eq!(json["policy"]["keys"]["QueueId"], 29682833);
        assert_eq!(json["policy"]["keys"]["OfferTestTicket"], false);
        assert_eq!(json["defaults"]["queueId"], 29682833);
    });
}

#[tokio::test(flavor = "multi_thread")]
async fn the_test_policy_file_needs_the_custom_endpoint_switch_and_can_forbid_it() {
    let sim = sim().await;
    let m = Shell::new(&sim);
    m.set_policy(r#"{"QueueId": 5, "Bogus": 1, "CategoryId": "x"}"#);
    tokio::task::block_in_place(|| {
        let json = stdout_json(&m.run(&["status", "--json"], None, &[]));
        assert_eq!(json["policy"]["keys"], serde_json::json!({"QueueId": 5}));
        let warnings = json["policy"]["warnings"].to_string();
        assert!(
            warnings.contains("Bogus") && warnings.contains("CategoryId"),
            "{warnings}"
        );

        let out = m.run(
            &["status", "--json"],
            None,
            &[("VECTIS_ALLOW_CUSTOM_ENDPOINT", "0")],
        );
        let json = stdout_json(&out);
        assert_eq!(
            json["policy"]["source"],
            serde_json::Value::Null,
            "ignored without the switch"
        );

        m.set_policy(r#"{"AllowCustomEndpoint": false}"#);
        let out = m.run(
            &["check", "--username", &USER, "--json"],
            None,
            &[
                ("VECTIS_AUTOTASK_SECRET", SECRET.as_str()),
                ("VECTIS_AUTOTASK_INTEGRATION_CODE", CODE.as_str()),
            ],
        );
        assert_exit(&out, 1, "");
        assert_eq!(stdout_json(&out)["error"]["code"], "endpoint_not_allowed");
    });
}

fn check_new(m: &Shell) -> Run {
    m.run(
        &["check", "--username", &USER, "--secret-stdin", "--json"],
        Some(&format!("{}\n", *SECRET)),
        &[("VECTIS_AUTOTASK_INTEGRATION_CODE", CODE.as_str())],
    )
}

#[tokio::test(flavor = "multi_thread")]
async fn an_expected_tenant_refuses_another_one_and_nothing_is_saved() {
    let sim = sim().await;
    let m = Shell::new(&sim);
    m.set_policy(r#"{"ExpectedTenant": "Contoso Sandbox"}"#);
    tokio::task::block_in_place(|| {
        let out = enrol(&m, &["--queue", "29682833", "--category", "3"]);
        assert_exit(&out, 1, "");
        let json = stdout_json(&out);
        assert_schema("connect", &json);
        assert_eq!(json["error"]["code"], "wrong_tenant");
        let message = json["error"]["message"].as_str().unwrap();
        assert!(
            message.contains("Contoso Managed Services (tenant 20264)")
                && message.contains("Contoso Sandbox"),
            "which it found and which is expected: {message}"
        );
        assert_eq!(json["tenant"]["name"], "Contoso Managed Services");
        let status = stdout_json(&m.run(&["status", "--json"], None, &[]));
        assert_eq!(status["configured"], false, "nothing saved");

        // By number, the tenant is the expected one: saved, and the status names it.
        m.set_policy(r#"{"ExpectedTenant": "20264"}"#);
        let out = enrol(&m, &["--queue", "29682833", "--category", "3"]);
        assert_exit(&out, 0, "");
        let status = stdout_json(&m.run(&["status", "--json"], None, &[]));
        assert_schema("status", &status);
        assert_eq!(
            status["tenant"],
            serde_json::json!({"name": "Contoso Managed Services", "id": 20264})
        );
        let human = m.run(&["status"], None, &[]);
        let text = String::from_utf8_lossy(&human.stdout);
        assert!(
            text.contains("Tenant: Contoso Managed Services (tenant 20264)"),
            "{text}"
        );

        // A credential reset to another tenant is refused and the saved connection stays.
        m.set_policy(r#"{"ExpectedTenant": "Northwind IT"}"#);
        let out = enrol(&m, &[]);
        assert_exit(&out, 1, "");
        assert_eq!(stdout_json(&out)["error"]["code"], "wrong_tenant");
        let status = stdout_json(&m.run(&["status", "--json"], None, &[]));
        assert_eq!(status["configured"], true, "the old connection stays");
    });
}

#[tokio::test(flavor = "multi_thread")]
async fn rights_beyond_need_are_listed_and_fail_only_under_require_least_privilege() {
    let sim = sim().await;
    let mut user = sim.sim.user(&USER).unwrap();
    let tickets = user.access.get_mut("Tickets").unwrap();
    tickets.delete = autotask_sim::fixture::Access::All;
    sim.sim.upsert_user(user);
    let m = Shell::new(&sim);
    tokio::task::block_in_place(|| {
        let out = check_new(&m);
        assert_exit(&out, 0, "");
        let json = stdout_json(&out);
        assert_schema("check", &json);
        assert_eq!(
            json["excessPermissions"],
            serde_json::json!([{"entity": "Tickets", "label": "Tickets", "access": "delete", "level": "all"}])
        );
        assert!(json["details"]
            .as_str()
            .unwrap()
            .contains("More than Vectis needs (1):"));

        m.set_policy(r#"{"RequireLeastPrivilege": true}"#);
        let out = check_new(&m);
        assert_exit(&out, 1, "");
        let json = stdout_json(&out);
        assert_schema("check", &json);
        assert_eq!(json["error"]["code"], "excess_permissions");
        let out = enrol(&m, &["--queue", "29682833", "--category", "3"]);
        assert_exit(&out, 1, "");
        let status = stdout_json(&m.run(&["status", "--json"], None, &[]));
        assert_eq!(status["configured"], false, "connect did not save");
    });
}

//! Replays what the real Autotask REST service was seen to send (`tests/fixtures/wire/`, public
//! captures with their source and trust tag) through the code that reads each call, and checks
//! the outcome `decisions.json` states for it. Every sample has a decision (a replay or the
//! reason it does not apply); a sample without one, or a decision without a sample, fails.

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde_json::{json, Value};
use url::Url;
use vectis_core::autotask::connection_test::{judge, AccessKind, REQUIRED};
use vectis_core::autotask::ticket_defaults::{
    categories, created_item_id, picklist, ticket_number_of, ticket_rejection, ChoiceList,
};
use vectis_core::autotask::{
    classify, next_page, AutotaskClient, BodyText, ClientConfig, EndpointPolicy,
};
use vectis_core::error::ToIpcError;

const CORPUS: [&str; 9] = [
    "zone",
    "entity_information",
    "ticket_fields",
    "threshold",
    "queries",
    "tickets",
    "categories",
    "errors",
    "oddities",
];

fn dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/wire")
}

fn read(name: &str) -> Value {
    let path = dir().join(format!("{name}.json"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path:?}: {e}"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path:?}: {e}"))
}

/// Every sample by id, checked for the keys the corpus promises.
fn samples() -> BTreeMap<String, Value> {
    let mut all = BTreeMap::new();
    for name in CORPUS {
        for sample in read(name).as_array().expect("a corpus file is a list") {
            let id = sample["id"]
                .as_str()
                .expect("a sample has an id")
                .to_string();
            for key in ["source", "trust", "status", "body"] {
                assert!(sample.get(key).is_some(), "{id} has no {key}");
            }
            assert!(!sample["source"].as_str().unwrap_or("").is_empty(), "{id}");
            assert!(
                all.insert(id.clone(), sample.clone()).is_none(),
                "{id} twice"
            );
        }
    }
    all
}

/// The body the reader gets: the decision's (a behaviour described without a quote) or the
/// sample's.
fn body_of<'a>(sample: &'a Value, decision: &'a Value) -> &'a Value {
    decision.get("body").unwrap_or(&sample["body"])
}

/// A body as text on the wire: JSON as JSON, text as it is, nothing as empty.
fn wire_text(body: &Value) -> String {
    match body {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

fn choices(list: &ChoiceList) -> Value {
    let row =
        |c: &vectis_core::autotask::ticket_defaults::Choice| json!([c.id, c.label, c.is_default]);
    json!({
        "choices": list.choices.iter().map(row).collect::<Vec<_>>(),
        "inactive": list.inactive.iter().map(row).collect::<Vec<_>>(),
    })
}

/// The statuses to replay an error at: the sample's, else the decision's assumption.
fn statuses(id: &str, sample: &Value, decision: &Value) -> Vec<u16> {
    let from = |v: &Value| v.as_u64().map(|s| s as u16);
    if let Some(list) = decision.get("statuses").and_then(Value::as_array) {
        return list.iter().filter_map(from).collect();
    }
    let status = from(&sample["status"]).or_else(|| decision.get("status").and_then(from));
    vec![status.unwrap_or_else(|| panic!("{id}: no status in the sample or the decision"))]
}

/// A text body is replayed as plain text and in Autotask's usual `{"errors": [...]}` too.
fn bodies(body: &Value) -> Vec<String> {
    match body {
        Value::String(s) if !s.trim_start().starts_with('<') && !s.is_empty() => {
            vec![s.clone(), json!({ "errors": [s] }).to_string()]
        }
        other => vec![wire_text(other)],
    }
}

fn replay_error(id: &str, sample: &Value, decision: &Value) {
    let expect = &decision["expect"];
    let entity = decision["entity"].as_str().unwrap_or("Tickets");
    let verb = decision["verb"].as_str().unwrap_or("query");
    for status in statuses(id, sample, decision) {
        for body in bodies(body_of(sample, decision)) {
            let error = classify(status, &body, "webservices15.autotask.net", entity, verb);
            let ipc = error.to_ipc();
            let case = format!("{id} at {status} with {body:?}: {ipc:?}");
            assert_eq!(json!(ipc.code), expect["code"], "{case}");
            assert_eq!(json!(ipc.field), expect["field"], "{case}");
            let shows = expect["shows"].as_str().expect("shows");
            assert!(ipc.message.contains(shows), "{case}");
            // Autotask's own words, whatever the body, reach the message.
            if let BodyText::Messages(_) | BodyText::Page(_) = BodyText::read(&body) {
                let said = BodyText::read(&body).summary();
                assert!(ipc.message.contains(said.trim()), "{case}: lost {said:?}");
            }
            if let Some(field) = expect.get("ticketField") {
                let pointed = ticket_rejection(&error).and_then(|r| r.field());
                assert_eq!(&json!(pointed), field, "{case}");
            }
        }
    }
}

fn replay_zone(id: &str, body: &Value, expect: &Value) {
    let client =
        AutotaskClient::new(EndpointPolicy::production(), ClientConfig::default()).unwrap();
    let zone = client
        .zone_from_answer(body.clone())
        .unwrap_or_else(|e| panic!("{id}: {e}"));
    let got = json!({
        "name": zone.name, "host": zone.host, "apiUrl": zone.api_url, "webUrl": zone.web_url,
    });
    assert_eq!(&got, expect, "{id}");
}

fn replay_access(id: &str, body: &Value, expect: &Value) {
    for (key, kind) in [("read", AccessKind::Read), ("create", AccessKind::Create)] {
        let requirement = REQUIRED.iter().find(|r| r.access == kind).unwrap();
        let verdict = judge(requirement, Some(&Ok(body.clone())));
        assert_eq!(json!(verdict.result.level), expect[key], "{id} {key}");
    }
}

fn replay_next_page(id: &str, body: &Value, decision: &Value) {
    let zone = Url::parse(decision["zone"].as_str().expect("zone")).unwrap();
    let next = next_page(&zone, body).unwrap_or_else(|e| panic!("{id}: {e}"));
    assert_eq!(
        json!(next.map(String::from)),
        decision["expect"]["next"],
        "{id}"
    );
}

fn replay(id: &str, sample: &Value, decision: &Value) {
    let body = body_of(sample, decision);
    let expect = &decision["expect"];
    match decision["reader"].as_str().unwrap_or_default() {
        "error" => replay_error(id, sample, decision),
        "zone" => replay_zone(id, body, expect),
        "access" => replay_access(id, body, expect),
        "picklist" => {
            let field = decision["field"].as_str().expect("field");
            assert_eq!(&choices(&picklist(body, field)), expect, "{id}");
        }
        "categories" => assert_eq!(&choices(&categories(body)), expect, "{id}"),
        "nextPage" => replay_next_page(id, body, decision),
        "created" => match created_item_id(body) {
            Ok(n) => assert_eq!(json!(n), expect["id"], "{id}"),
            Err(e) => assert_eq!(json!(e.to_ipc().code), expect["error"], "{id}"),
        },
        "ticketNumber" => assert_eq!(json!(ticket_number_of(body)), expect["number"], "{id}"),
        other => panic!("{id}: unknown reader {other:?}"),
    }
}

#[test]
fn every_captured_answer_is_replayed_or_set_aside_with_a_reason() {
    let samples = samples();
    let decisions = read("decisions");
    let decisions = decisions
        .as_object()
        .expect("decisions are keyed by sample id");
    let undecided: Vec<_> = samples
        .keys()
        .filter(|id| !decisions.contains_key(*id))
        .collect();
    assert!(
        undecided.is_empty(),
        "samples nobody decided on: {undecided:?}"
    );
    let orphans: Vec<_> = decisions
        .keys()
        .filter(|id| !samples.contains_key(*id))
        .collect();
    assert!(
        orphans.is_empty(),
        "decisions without a sample: {orphans:?}"
    );
    let mut replayed = 0;
    for (id, decision) in decisions {
        if let Some(reason) = decision.get("notApplicable") {
            let reason = reason.as_str().unwrap_or_default();
            assert!(reason.len() > 10, "{id}: say why it does not apply");
            assert!(
                decision.get("reader").is_none(),
                "{id}: replayed or set aside, not both"
            );
            continue;
        }
        replay(id, &samples[id], decision);
        replayed += 1;
    }
    // Most of the corpus is replayed; a drop means decisions were turned into excuses.
    assert!(replayed >= 60, "only {replayed} samples replayed");
}

//! Bad input, tried in bulk (property tests): everything that parses outside input — zone
//! answers, entity information, field and picklist lists, categories, error bodies, settings.json, policy files, the
//! keychain value and the sign-in ledger — never panics, answers with a typed error, and
//! changes nothing saved. `PROPTEST_CASES` sets the cases per property (256 by default, as CI
//! runs them; README records a longer local run).

use std::sync::Arc;

use proptest::prelude::*;
use serde_json::Value;
use vectis_core::autotask::connection_test::{judge, AccessLevel, REQUIRED};
use vectis_core::autotask::ticket_defaults::{categories, options_from, picklist};
use vectis_core::autotask::{classify, AutotaskClient, ClientConfig, EndpointPolicy};
use vectis_core::policy::{parse_json, Policy};
use vectis_core::secret::Secret;
use vectis_core::storage::{ConnectionStore, MemoryStore, SecretStore};
use vectis_core::validation::Credentials;

/// Any JSON value, nested a few levels, with keys the parsers look for mixed in.
fn json() -> impl Strategy<Value = Value> {
    let key = prop_oneof![
        Just("url".to_string()),
        Just("zoneName".to_string()),
        Just("webUrl".to_string()),
        Just("fields".to_string()),
        Just("items".to_string()),
        Just("name".to_string()),
        Just("picklistValues".to_string()),
        Just("value".to_string()),
        Just("label".to_string()),
        Just("isActive".to_string()),
        Just("id".to_string()),
        Just("errors".to_string()),
        "[a-zA-Z]{0,8}",
    ];
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<f64>().prop_map(Value::from),
        ".{0,40}".prop_map(Value::String),
        Just(Value::String(
            "https://webservices15.autotask.net/ATServicesRest/".into()
        )),
    ];
    leaf.prop_recursive(4, 64, 8, move |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..8).prop_map(Value::Array),
            prop::collection::btree_map(key.clone(), inner, 0..8)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

fn client() -> AutotaskClient {
    AutotaskClient::new(EndpointPolicy::production(), ClientConfig::default()).unwrap()
}

fn saved_store(dir: &std::path::Path) -> (Arc<MemoryStore>, ConnectionStore) {
    let memory = Arc::new(MemoryStore::default());
    let store = ConnectionStore::new(memory.clone(), dir);
    let creds = Credentials {
        integration_code: Secret::new("ABCDEFGHIJKLMNOPQRSTUVWXY27"),
        username: "key@msp.com".into(),
        secret: Secret::new("S3cret!"),
        zone_url: None,
    };
    let zone = test_support::zones::ww15_bare();
    store.save(&creds, &zone, Default::default(), None).unwrap();
    (memory, store)
}

proptest! {
    #[test]
    fn zone_answers_never_panic(value in json()) {
        let client = client();
        if let Ok(zone) = client.zone_from_answer(value) {
            // Whatever was accepted is a policy-checked Autotask address.
            prop_assert!(zone.api_url.starts_with("https://"), "{}", zone.api_url);
        }
    }

    #[test]
    fn field_lists_picklists_and_categories_never_panic(fields in json(), items in json(), name in "[a-zA-Z]{0,12}") {
        let list = picklist(&fields, &name);
        // Bounded by what was given: nothing is invented.
        prop_assert!(list.choices.len() + list.inactive.len() <= fields.to_string().len());
        let _ = categories(&items);
        let _ = options_from(&fields, &items);
    }

    #[test]
    fn entity_information_never_panics_and_grants_only_what_it_says(value in json(), level in json()) {
        for r in REQUIRED {
            for info in [value.clone(), serde_json::json!({"info": {"userAccessForQuery": level, "userAccessForCreate": level}})] {
                let verdict = judge(r, Some(&Ok(info.clone())));
                // A right is granted only when the answer says All (1) or Restricted (2).
                let said = info.get("info").and_then(|i| i.get(r.access.info_key()));
                let granted = AccessLevel::parse(said);
                prop_assert_eq!(
                    verdict.result.granted,
                    matches!(granted, AccessLevel::All | AccessLevel::Restricted),
                    "{:?} from {}", granted, info
                );
            }
        }
    }

    #[test]
    fn error_bodies_read_as_a_typed_error(status in 100u16..600, body in ".{0,400}", value in json()) {
        for text in [body.as_str(), &value.to_string()] {
            let error = classify(status, text, "webservices15.autotask.net", "Tickets", "read");
            let _ = vectis_core::error::ToIpcError::to_ipc(&error);
        }
    }

    #[test]
    fn policy_files_never_panic_and_a_broken_one_allows_no_custom_endpoint(text in ".{0,200}", value in json()) {
        for text in [text.clone(), value.to_string()] {
            let found = parse_json("policy.json", &text);
            let failed = found.failed;
            let policy = Policy::merge(vec![found]);
            if failed {
                prop_assert_eq!(policy.keys.allow_custom_endpoint, Some(false));
            }
        }
    }

    #[test]
    fn a_damaged_settings_file_changes_nothing_saved(bytes in prop::collection::vec(any::<u8>(), 0..300), value in json()) {
        for content in [bytes.clone(), value.to_string().into_bytes()] {
            let dir = tempfile::tempdir().unwrap();
            let (memory, store) = saved_store(dir.path());
            let backup = std::fs::read(store.settings_file().backup_path()).ok();
            std::fs::write(store.settings_file().path(), &content).unwrap();
            let _ = store.status();
            let _ = store.credentials();
            let _ = store.reconcile();
            prop_assert_eq!(memory.accounts(), vec!["autotask-default.1".to_string()]);
            prop_assert_eq!(std::fs::read(store.settings_file().backup_path()).ok(), backup);
        }
    }

    #[test]
    fn a_damaged_keychain_value_is_a_typed_error(value in ".{0,300}", json_value in json()) {
        for text in [value.clone(), json_value.to_string()] {
            let dir = tempfile::tempdir().unwrap();
            let (memory, store) = saved_store(dir.path());
            let settings = std::fs::read(store.settings_file().path()).unwrap();
            memory.write("autotask-default.1", &text).unwrap();
            if let Err(e) = store.credentials() {
                let _ = vectis_core::error::ToIpcError::to_ipc(&e);
            }
            let _ = store.status();
            prop_assert_eq!(std::fs::read(store.settings_file().path()).unwrap(), settings);
        }
    }

    #[test]
    fn a_damaged_sign_in_ledger_refuses_and_never_panics(ledger in ".{0,300}", key in ".{0,80}", value in json()) {
        let dir = tempfile::tempdir().unwrap();
        let (_memory, store) = saved_store(dir.path());
        let (_, creds) = store.credentials().unwrap();
        std::fs::write(dir.path().join("sign-ins.json"), if ledger.is_empty() { value.to_string() } else { ledger }).unwrap();
        std::fs::write(dir.path().join("sign-in.key"), key).unwrap();
        let settings = std::fs::read(store.settings_file().path()).unwrap();
        let _ = store.begin_sign_in(&creds, false);
        prop_assert_eq!(std::fs::read(store.settings_file().path()).unwrap(), settings);
    }
}

//! Storage against the real OS keychain (Secret Service via gnome-keyring in CI: run through
//! `.ci/session`). Covers write, read back from a fresh process, reset, delete, and a process
//! killed between the two writes of a save.

use std::path::Path;
use std::process::Command;
use std::sync::Arc;

use test_support::zones;
use vectis_core::autotask::ticket_defaults::TicketDefaults;
use vectis_core::secret::Secret;
use vectis_core::storage::{ConnectionStore, KeyringStore, SaveStep, SecretStore};
use vectis_core::validation::Credentials;

const CHILD_MODE: &str = "VECTIS_KEYCHAIN_CHILD";
const CHILD_DIR: &str = "VECTIS_KEYCHAIN_DIR";
const CHILD_SERVICE: &str = "VECTIS_KEYCHAIN_SERVICE";
const CHILD_SECRET: &str = "VECTIS_KEYCHAIN_EXPECT";

fn keyring(service: &str) -> Arc<KeyringStore> {
    Arc::new(KeyringStore::new(service).unwrap_or_else(|e| panic!("{e}")))
}

fn require_secret_service(service: &str) {
    let probe = keyring(service);
    if let Err(e) = probe
        .write("probe", "x")
        .and_then(|()| probe.delete("probe"))
    {
        panic!(
            "these tests need a running, unlocked Secret Service: run them through README's test command (.ci/session starts gnome-keyring). {e}"
        );
    }
}

fn creds(user: &str, secret: &str) -> Credentials {
    Credentials {
        integration_code: Secret::new("KEYCHAINTESTINTEGRATIONCD27"),
        username: user.into(),
        secret: Secret::new(secret),
        zone_url: None,
    }
}

fn service_name(test: &str) -> String {
    format!(
        "com.vectis.autotask-setup.test.{}.{test}",
        std::process::id()
    )
}

/// Runs this test binary again as a child doing one step.
fn child(mode: &str, dir: &Path, service: &str, expect: &str) -> std::process::ExitStatus {
    Command::new(std::env::current_exe().unwrap())
        .args([
            "--exact",
            "keychain::keychain_child",
            "--include-ignored",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(CHILD_MODE, mode)
        .env(CHILD_DIR, dir)
        .env(CHILD_SERVICE, service)
        .env(CHILD_SECRET, expect)
        .status()
        .expect("child runs")
}

/// Not a test by itself: the child side of the cross-process tests.
#[test]
#[ignore = "runs only as a child of the keychain tests"]
fn keychain_child() {
    let Ok(mode) = std::env::var(CHILD_MODE) else {
        return;
    };
    let dir = std::env::var(CHILD_DIR).unwrap();
    let service = std::env::var(CHILD_SERVICE).unwrap();
    let expect = std::env::var(CHILD_SECRET).unwrap();
    match mode.as_str() {
        // Starts a save of `expect` and dies right after the keychain write, before the
        // settings are replaced: the worst moment.
        "crash-mid-save" => {
            let store = ConnectionStore::new(keyring(&service), &dir).with_step_hook(|step| {
                if step == SaveStep::SettingsWrite {
                    std::process::abort();
                }
                Ok(())
            });
            let _ = store.save(
                &creds("key@msp.com", &expect),
                &zones::ww15(),
                TicketDefaults::default(),
                None,
            );
            unreachable!("the save must have been killed");
        }
        // A fresh process: tidy up as the app does at start, then read the saved secret.
        "verify" => {
            let store = ConnectionStore::new(keyring(&service), &dir);
            store.reconcile().unwrap();
            let (_, read) = store.credentials().expect("a complete saved connection");
            assert_eq!(read.secret.expose(), expect);
        }
        other => panic!("unknown child mode {other}"),
    }
}

#[test]
fn write_read_back_in_a_fresh_process_reset_and_delete() {
    let service = service_name("roundtrip");
    require_secret_service(&service);
    let dir = tempfile::tempdir().unwrap();
    let store = ConnectionStore::new(keyring(&service), dir.path());
    store
        .save(
            &creds("key@msp.com", "first*Secret#1"),
            &zones::ww15(),
            TicketDefaults::default(),
            None,
        )
        .unwrap();
    assert!(child("verify", dir.path(), &service, "first*Secret#1").success());

    // Reset with a new username: the connection moves, the old slot is gone.
    store
        .save(
            &creds("newkey@msp.com", "second$Secret~2"),
            &zones::ww15(),
            TicketDefaults::default(),
            None,
        )
        .unwrap();
    assert!(child("verify", dir.path(), &service, "second$Secret~2").success());
    let raw = keyring(&service);
    assert_eq!(
        raw.read("autotask-default.1").unwrap(),
        None,
        "no orphaned entry"
    );
    let value = raw.read("autotask-default.2").unwrap().unwrap();
    assert!(value.contains("\"version\":1") && value.contains("newkey@msp.com"));
    let status = store.status();
    assert_eq!(status.backend, "Secret Service");
    assert!(status.secret_present);

    store.disconnect().unwrap();
    store.disconnect().unwrap();
    assert_eq!(raw.read("autotask-default.2").unwrap(), None);
    assert!(!store.status().configured);
}

#[test]
fn a_process_killed_between_the_two_writes_leaves_the_old_pair() {
    let service = service_name("crash");
    require_secret_service(&service);
    let dir = tempfile::tempdir().unwrap();
    ConnectionStore::new(keyring(&service), dir.path())
        .save(
            &creds("key@msp.com", "old-secret"),
            &zones::ww15(),
            TicketDefaults::default(),
            None,
        )
        .unwrap();
    let died = child("crash-mid-save", dir.path(), &service, "new-secret");
    assert!(!died.success(), "the child must have been killed mid-save");
    // The new secret reached the keychain, but nothing points at it yet.
    assert!(keyring(&service)
        .read("autotask-default.2")
        .unwrap()
        .is_some());
    assert!(child("verify", dir.path(), &service, "old-secret").success());
    // The fresh process's start-up tidy removed the orphan.
    assert_eq!(keyring(&service).read("autotask-default.2").unwrap(), None);
    ConnectionStore::new(keyring(&service), dir.path())
        .disconnect()
        .unwrap();
}

#[test]
fn oversized_values_are_refused_before_the_keychain_is_touched() {
    let service = service_name("large");
    require_secret_service(&service);
    let dir = tempfile::tempdir().unwrap();
    let store = ConnectionStore::new(keyring(&service), dir.path());
    let error = store
        .save(
            &creds("key@msp.com", &"x".repeat(3000)),
            &zones::ww15(),
            TicketDefaults::default(),
            None,
        )
        .unwrap_err();
    use vectis_core::error::ToIpcError;
    assert_eq!(
        error.to_ipc().code,
        vectis_core::error::ErrorCode::KeychainEntryTooLarge
    );
    assert_eq!(keyring(&service).read("autotask-default.1").unwrap(), None);
}

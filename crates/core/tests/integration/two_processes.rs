//! Two processes at once against the real Secret Service (run through `.ci/session`): one
//! saves again and again (an RMM's `connect`), the other does what a scheduled `status` /
//! `check` and the window's start-up do (status, read the credentials, tidy orphaned slots).
//! The connection stays consistent and no secret is lost.

use std::path::Path;
use std::process::Command;
use std::sync::Arc;

use vectis_core::autotask::ticket_defaults::TicketDefaults;

use vectis_core::secret::Secret;
use vectis_core::storage::{ConnectionStore, KeyringStore, SecretStore, StorageError};
use vectis_core::validation::Credentials;

const CHILD: &str = "VECTIS_TWO_PROCESSES_CHILD";
const SAVES: usize = 30;

fn store(dir: &Path, service: &str) -> (Arc<KeyringStore>, ConnectionStore) {
    let keyring = Arc::new(KeyringStore::new(service).expect("a Secret Service (.ci/session)"));
    (keyring.clone(), ConnectionStore::new(keyring, dir))
}

fn save(store: &ConnectionStore, secret: &str) {
    let zone = test_support::zones::ww15();
    let creds = Credentials {
        integration_code: Secret::new("TWOPROCESSESINTEGRATIONC27"),
        username: "race@contoso-msp.com".into(),
        secret: Secret::new(secret),
        zone_url: None,
    };
    store
        .save(&creds, &zone, TicketDefaults::default(), None)
        .expect("save");
}

/// Not a test by itself: the saving process.
#[test]
#[ignore = "runs only as a child of the two-process test"]
fn saving_child() {
    let Ok(spec) = std::env::var(CHILD) else {
        return;
    };
    let (dir, service) = spec.split_once('|').unwrap();
    let (_, store) = store(Path::new(dir), service);
    for i in 0..SAVES {
        save(&store, &format!("secret-{i}"));
    }
}

#[test]
fn a_saving_process_and_a_reading_process_never_lose_the_secret() {
    let dir = tempfile::tempdir().unwrap();
    let service = format!("com.vectis.autotask-setup.test.{}.race", std::process::id());
    let (keyring, reader) = store(dir.path(), &service);
    save(&reader, "secret-first");
    let mut saver = Command::new(std::env::current_exe().unwrap())
        .args([
            "--exact",
            "two_processes::saving_child",
            "--include-ignored",
            "--test-threads=1",
        ])
        .env(CHILD, format!("{}|{service}", dir.path().display()))
        .spawn()
        .unwrap();
    let mut reads = 0;
    while saver.try_wait().unwrap().is_none() {
        let status = reader.status();
        assert!(status.configured && status.secret_present, "{status:?}");
        match reader.credentials() {
            Ok((_, creds)) => assert!(creds.secret.expose().starts_with("secret-")),
            Err(e @ StorageError::DamagedEntry) => {
                panic!("a read saw a half-written connection: {e}")
            }
            Err(e) => panic!("{e}"),
        }
        reader.reconcile().unwrap(); // what every start used to do
        reads += 1;
        // A scheduled check runs now and then, not in a tight loop (that would starve saves).
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    assert!(saver.wait().unwrap().success(), "the saving process failed");
    assert!(reads > 0);
    let (_, creds) = reader.credentials().expect("the last save is readable");
    assert_eq!(creds.secret.expose(), format!("secret-{}", SAVES - 1));
    let slots: Vec<_> = ["autotask-default.1", "autotask-default.2"]
        .iter()
        .filter(|a| keyring.read(a).unwrap().is_some())
        .collect();
    assert_eq!(slots.len(), 1, "exactly one slot holds the connection");
    reader.disconnect().unwrap();
}

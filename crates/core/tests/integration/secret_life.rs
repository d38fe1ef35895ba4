//! The secret's life after "connected", with a clock the test sets: its age and last
//! verification, the organisation's rotation reminder (before, at and after the threshold, and
//! with a clock that moves backwards), a switch to another API user and the old user's
//! retirement, and the guide's affirmations. HTTP goes to the simulator; the keychain is the
//! in-memory store.

use std::sync::Arc;

use autotask_sim::SimServer;
use test_support::*;
use time::macros::datetime;
use time::Duration;
use vectis_core::autotask::ticket_defaults::{DefaultField, TicketDefaults};
use vectis_core::autotask::ClientConfig;
use vectis_core::policy::{parse_json, Policy};
use vectis_core::secret::Secret;
use vectis_core::service::{Service, TestRequest, TestTarget};
use vectis_core::storage::{
    Affirmation, ConnectionStatus, ConnectionStore, ManualClock, MemoryStore,
};
use vectis_core::support::BundleAbout;
use vectis_core::validation::CredentialsInput;

const SECOND_USER: &str = "green5r8t2w7q@contoso-msp.com";
const SECOND_SECRET: &str = "Green*Secret#2027";
const T0: time::OffsetDateTime = datetime!(2027-01-10 09:00 UTC);

fn service(sim: &SimServer, dir: &std::path::Path, policy: &str) -> (Service, ManualClock) {
    let clock = ManualClock::at(T0);
    let store = ConnectionStore::new(Arc::new(MemoryStore::default()), dir)
        .with_clock(Arc::new(clock.clone()));
    let service = Service::new(
        Ok(policy_for(sim)),
        Ok(Arc::new(store)),
        ClientConfig::default(),
    )
    .with_policy(Policy::merge(vec![parse_json("policy.json", policy)]));
    (service, clock)
}

fn policy_for(sim: &SimServer) -> vectis_core::autotask::EndpointPolicy {
    test_support::policy(sim)
}

fn request(target: TestTarget) -> TestRequest {
    TestRequest {
        target,
        wait_for_propagation: false,
        retry_rejected: false,
    }
}

fn new_target() -> TestTarget {
    TestTarget::New {
        credentials: CredentialsInput {
            integration_code: Secret::new(CODE.as_str()),
            username: USER.to_string(),
            secret: Secret::new(SECRET.as_str()),
            zone_url: None,
        },
    }
}

fn reset(secret: &str, username: Option<&str>) -> TestTarget {
    TestTarget::Reset {
        secret: Secret::new(secret),
        username: username.map(str::to_string),
        integration_code: None,
    }
}

async fn passes(service: &Service, target: TestTarget) {
    let report = service.start_test(request(target), |_| {}).await.unwrap();
    assert!(report.ok, "{}", report.message);
}

async fn connected(service: &Service) -> ConnectionStatus {
    passes(service, new_target()).await;
    let defaults = TicketDefaults::default()
        .with(DefaultField::Queue, 29682833)
        .with(DefaultField::Category, 3);
    service.save_connection(defaults).await.unwrap()
}

/// A second API user in the same tenant with the same rights (blue/green rotation).
fn add_second_user(sim: &SimServer) {
    let mut green = sim.sim.user(&USER).unwrap();
    green.username = SECOND_USER.into();
    green.secret = SECOND_SECRET.into();
    sim.sim.upsert_user(green);
}

fn json(status: &ConnectionStatus) -> serde_json::Value {
    serde_json::to_value(status).unwrap()
}

#[tokio::test]
async fn the_age_and_the_reminder_follow_the_clock_before_at_and_after_the_threshold() {
    let sim = sim().await;
    let dir = tempfile::tempdir().unwrap();
    let (service, clock) = service(&sim, dir.path(), r#"{"RotationReminderDays": 60}"#);
    let saved = connected(&service).await;
    let value = json(&saved);
    assert_eq!(value["secretSetAt"], "2027-01-10T09:00:00Z");
    assert_eq!(value["lastVerifiedAt"], "2027-01-10T09:00:00Z");
    assert_eq!(
        (
            value["secretAgeDays"].as_u64(),
            value["rotationDue"].as_bool()
        ),
        (Some(0), Some(false))
    );
    assert_eq!(value["rotationReminderDays"], 60);

    let at = |offset: Duration| {
        clock.set(T0 + offset);
        service.status().unwrap()
    };
    let before = at(Duration::days(60) - Duration::minutes(1));
    assert_eq!(
        (before.life.secret_age_days, before.life.rotation_due),
        (Some(59), false)
    );
    let on_the_day = at(Duration::days(60));
    assert_eq!(
        (
            on_the_day.life.secret_age_days,
            on_the_day.life.rotation_due
        ),
        (Some(60), true)
    );
    let after = at(Duration::days(83));
    assert_eq!(
        (after.life.secret_age_days, after.life.last_verified_days),
        (Some(83), Some(83))
    );
    assert!(after.life.rotation_due);

    // A clock set back before the save (a corrected clock, a skewed machine): no negative age.
    let skewed = at(-Duration::days(5));
    let value = json(&skewed);
    assert_eq!(value["secretAgeDays"], 0, "{value}");
    assert_eq!(value["lastVerifiedDays"], 0, "{value}");
    assert_eq!(value["rotationDue"], false);

    // A passing Test later verifies again; the secret's age goes on.
    clock.set(T0 + Duration::days(83));
    passes(&service, TestTarget::Saved).await;
    let verified = service.status().unwrap();
    assert_eq!(
        verified.life.last_verified_at.as_deref(),
        Some("2027-04-03T09:00:00Z")
    );
    assert_eq!(
        (
            verified.life.last_verified_days,
            verified.life.secret_age_days
        ),
        (Some(0), Some(83))
    );

    // A new secret for the same user restarts the age and clears the reminder.
    sim.sim.patch_user(
        &USER,
        autotask_sim::UserPatch {
            secret: Some("Rotated*Secret#2027".into()),
            ..Default::default()
        },
    );
    passes(&service, reset("Rotated*Secret#2027", None)).await;
    let rotated = service.reset_credentials().await.unwrap();
    assert_eq!(
        rotated.life.secret_set_at.as_deref(),
        Some("2027-04-03T09:00:00Z")
    );
    assert_eq!(
        (rotated.life.secret_age_days, rotated.life.rotation_due),
        (Some(0), false)
    );
    assert!(
        rotated.life.old_user.is_none(),
        "a rotation is not a switch"
    );
}

#[tokio::test]
async fn without_the_policy_key_there_is_no_reminder_and_an_old_file_ages_from_its_save() {
    let sim = sim().await;
    let dir = tempfile::tempdir().unwrap();
    let (service, clock) = service(&sim, dir.path(), "{}");
    connected(&service).await;
    clock.set(T0 + Duration::days(400));
    let status = service.status().unwrap();
    assert_eq!(
        (status.life.secret_age_days, status.life.rotation_due),
        (Some(400), false)
    );
    assert_eq!(status.life.rotation_reminder_days, None);

    // Settings written before these stamps existed: the save time and the last passing Test.
    let path = dir.path().join("settings.json");
    let mut file: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    let object = file.as_object_mut().unwrap();
    object.remove("secretSetAt");
    object.remove("lastVerifiedAt");
    object.insert("savedAt".into(), "2026-12-01T00:00:00Z".into());
    std::fs::write(&path, file.to_string()).unwrap();
    let old = json(&service.status().unwrap());
    assert_eq!(old["secretSetAt"], "2026-12-01T00:00:00Z");
    assert_eq!(old["lastVerifiedAt"], "2027-01-10T09:00:00Z");
    assert_eq!(old["secretAgeDays"], 440);
}

#[tokio::test]
async fn a_switch_to_another_api_user_names_the_old_one_until_it_is_confirmed_retired() {
    let sim = sim().await;
    add_second_user(&sim);
    let dir = tempfile::tempdir().unwrap();
    let (service, clock) = service(&sim, dir.path(), "{}");
    connected(&service).await;

    clock.set(T0 + Duration::days(30));
    passes(&service, reset(SECOND_SECRET, Some(SECOND_USER))).await;
    let switched = service.reset_credentials().await.unwrap();
    assert_eq!(switched.username.as_deref(), Some(SECOND_USER));
    let old = switched
        .life
        .old_user
        .clone()
        .expect("the old user is named");
    assert_eq!(old.username, *USER);
    assert_eq!(old.switched_at, "2027-02-09T09:00:00Z");
    assert_eq!(old.retired_at, None);
    assert_eq!(switched.life.secret_age_days, Some(0));
    assert_eq!(
        service.status().unwrap().defaults,
        switched.defaults,
        "the defaults stay"
    );

    clock.set(T0 + Duration::days(31));
    let confirmed = service.confirm_old_user_retired().await.unwrap();
    let value = json(&confirmed);
    assert_eq!(value["oldUser"]["retiredAt"], "2027-02-10T09:00:00Z");
    clock.set(T0 + Duration::days(40));
    let again = service.confirm_old_user_retired().await.unwrap();
    assert_eq!(
        again.life.old_user.unwrap().retired_at.as_deref(),
        Some("2027-02-10T09:00:00Z"),
        "the first confirmation's date stays"
    );

    // The confirmation survives a restart: it is in the settings file.
    let text = std::fs::read_to_string(dir.path().join("settings.json")).unwrap();
    assert!(
        text.contains("\"retiredAt\": \"2027-02-10T09:00:00Z\""),
        "{text}"
    );
    assert!(!text.contains(SECOND_SECRET) && !text.contains(SECRET.as_str()));
}

#[tokio::test]
async fn affirmations_are_recorded_with_their_date_before_saving_and_shown_in_the_bundle() {
    let sim = sim().await;
    let dir = tempfile::tempdir().unwrap();
    let (service, clock) = service(&sim, dir.path(), "{}");
    let ticked = service
        .affirm(Affirmation::PasswordNeverExpires, true)
        .await
        .unwrap();
    assert!(!ticked.configured);
    assert_eq!(ticked.affirmed.len(), 1);
    assert_eq!(ticked.affirmed[0].at, "2027-01-10T09:00:00Z");
    clock.advance(Duration::hours(2));
    service
        .affirm(Affirmation::AllLinesOfBusiness, true)
        .await
        .unwrap();
    service
        .affirm(Affirmation::ProtectedData, true)
        .await
        .unwrap();
    let status = service
        .affirm(Affirmation::ProtectedData, false)
        .await
        .unwrap();
    assert_eq!(
        status
            .affirmed
            .iter()
            .map(|a| (a.item, a.at.as_str()))
            .collect::<Vec<_>>(),
        [
            (Affirmation::PasswordNeverExpires, "2027-01-10T09:00:00Z"),
            (Affirmation::AllLinesOfBusiness, "2027-01-10T11:00:00Z"),
        ]
    );
    connected(&service).await;
    let bundle = service.support_bundle(BundleAbout::default()).await;
    let doc: serde_json::Value = serde_json::from_str(&bundle).unwrap();
    let summary = doc["summary"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l.as_str().unwrap())
        .collect::<Vec<_>>()
        .join("\n");
    assert!(
        summary.contains("Affirmed in the setup guide (not verifiable by the API): The API user's password (secret) never expires")
            && summary.contains("(2027-01-10T11:00:00Z)"),
        "{summary}"
    );
    assert!(summary.contains("Secret saved 0 days ago"), "{summary}");
    assert_eq!(
        doc["connection"]["saved"]["affirmed"][1]["item"],
        "allLinesOfBusiness"
    );
    assert!(!bundle.contains(SECRET.as_str()));

    // They belong to this setup: disconnecting removes them.
    let gone = service.disconnect().unwrap();
    assert!(gone.affirmed.is_empty());
}

//! The simulator and its demo users as the integration tests use them: one fixture, clients
//! pointed at it, credentials and one-call Test runs.

use std::sync::LazyLock;
use std::time::Duration;

use autotask_sim::{FaultKind, FaultRule, Faults, Fixture, SimServer, ZoneHostStyle};
use vectis_core::autotask::connection_test::{run_test, TestEvent, TestOptions, TestOutcome};
use vectis_core::autotask::{AutotaskClient, ClientConfig, EndpointPolicy};
use vectis_core::secret::Secret;
use vectis_core::validation::Credentials;

use crate::canary;

// The demo users as the simulator's fixture states them (their one source).
pub static USER: LazyLock<String> =
    LazyLock::new(|| Fixture::default_demo().demo_credentials().username);
pub static SECRET: LazyLock<String> =
    LazyLock::new(|| Fixture::default_demo().demo_credentials().secret);
pub static CODE: LazyLock<String> =
    LazyLock::new(|| Fixture::default_demo().demo_credentials().integration_code);
pub static LIMITED: LazyLock<String> =
    LazyLock::new(|| Fixture::default_demo().limited_credentials().username);
pub static LIMITED_SECRET: LazyLock<String> =
    LazyLock::new(|| Fixture::default_demo().limited_credentials().secret);

/// The demo fixture with Autotask's own zone host names, changed by `change`, running.
pub async fn sim_with(change: impl FnOnce(&mut Fixture)) -> SimServer {
    let mut fixture = Fixture::default_demo();
    fixture.settings.zone_host_style = ZoneHostStyle::Autotask;
    change(&mut fixture);
    SimServer::start(fixture).await.expect("simulator starts")
}

pub async fn sim() -> SimServer {
    sim_with(|_| {}).await
}

/// The simulator with one more user, the canary ([`canary::USERNAME`], its secret and code),
/// with the demo user's rights.
pub async fn canary_sim() -> SimServer {
    sim_with(|f| {
        let mut user = f.users[0].clone();
        user.username = canary::USERNAME.into();
        user.secret = canary::SECRET.into();
        user.integration_codes = vec![canary::CODE.into()];
        f.users.push(user);
    })
    .await
}

/// One fault: requests whose path contains `path` get `kind`.
pub fn fault(path: &str, kind: FaultKind) -> Faults {
    Faults {
        rules: vec![FaultRule {
            path_contains: path.into(),
            kind: Some(kind),
            ..Default::default()
        }],
        ..Default::default()
    }
}

pub fn policy(sim: &SimServer) -> EndpointPolicy {
    EndpointPolicy::custom(&sim.lookup_url()).expect("custom endpoint allowed")
}

pub fn client(sim: &SimServer) -> AutotaskClient {
    client_with_timeout(sim, Duration::from_secs(10))
}

pub fn client_with_timeout(sim: &SimServer, timeout: Duration) -> AutotaskClient {
    AutotaskClient::new(
        policy(sim),
        ClientConfig {
            connect_timeout: Duration::from_secs(5),
            request_timeout: timeout,
        },
    )
    .expect("client builds")
}

pub fn creds(user: &str, secret: &str, code: &str) -> Credentials {
    Credentials {
        integration_code: Secret::new(code),
        username: user.into(),
        secret: Secret::new(secret),
        zone_url: None,
    }
}

pub fn demo_creds() -> Credentials {
    creds(&USER, &SECRET, &CODE)
}

/// The demo user with the zone already known (saved), as the simulator serves it: no lookup.
pub fn demo_creds_in_known_zone(sim: &SimServer) -> Credentials {
    let url = format!(
        "http://webservices15.autotask.net:{}/ATServicesRest/",
        sim.addr.port()
    );
    Credentials {
        zone_url: Some(url::Url::parse(&url).expect("the simulator's zone URL parses")),
        ..demo_creds()
    }
}

/// Runs one Test, collecting its events.
pub async fn test_with(
    client: &AutotaskClient,
    creds: &Credentials,
    options: TestOptions,
) -> (TestOutcome, Vec<TestEvent>) {
    let events = std::sync::Mutex::new(Vec::new());
    let cancel = tokio_util::sync::CancellationToken::new();
    let outcome = run_test(
        client,
        creds,
        options,
        &|e| events.lock().expect("events").push(e),
        &cancel,
    )
    .await;
    (outcome, events.into_inner().expect("events"))
}

pub async fn test(client: &AutotaskClient, creds: &Credentials) -> TestOutcome {
    test_with(client, creds, TestOptions::default()).await.0
}

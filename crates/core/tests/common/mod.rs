#![allow(dead_code)]

use std::sync::LazyLock;
use std::time::Duration;

use autotask_sim::{Fixture, SimServer, ZoneHostStyle};
use vectis_core::autotask::connection_test::{run_test, TestEvent, TestOptions, TestOutcome};
use vectis_core::autotask::{AutotaskClient, ClientConfig, EndpointPolicy};
use vectis_core::secret::Secret;
use vectis_core::validation::Credentials;

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

pub async fn sim_with(change: impl FnOnce(&mut Fixture)) -> SimServer {
    let mut fixture = Fixture::default_demo();
    fixture.settings.zone_host_style = ZoneHostStyle::Autotask;
    change(&mut fixture);
    SimServer::start(fixture).await.expect("simulator starts")
}

pub async fn sim() -> SimServer {
    sim_with(|_| {}).await
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
        &|e| events.lock().unwrap().push(e),
        &cancel,
    )
    .await;
    (outcome, events.into_inner().unwrap())
}

pub async fn test(client: &AutotaskClient, creds: &Credentials) -> TestOutcome {
    test_with(client, creds, TestOptions::default()).await.0
}

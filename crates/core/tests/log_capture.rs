//! A secret (and integration code) passed through logged code never reaches the log output,
//! even at TRACE level for every crate (HTTP stack included). Its own test binary: tracing
//! caches each call site's interest process-wide, and another test's first hit of a call site
//! (the zone lookup) can race this test's capture and leave the site silent here (seen once in
//! CI when it shared the integration binary).

use std::io::Write;
use std::sync::{Arc, Mutex};

use test_support::*;
use tracing_subscriber::fmt::MakeWriter;

#[derive(Clone, Default)]
struct Buffer(Arc<Mutex<Vec<u8>>>);

impl Write for Buffer {
    fn write(&mut self, data: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(data);
        Ok(data.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl<'a> MakeWriter<'a> for Buffer {
    type Writer = Buffer;
    fn make_writer(&'a self) -> Self::Writer {
        self.clone()
    }
}

#[tokio::test]
async fn secrets_never_reach_the_log() {
    let buffer = Buffer::default();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_writer(buffer.clone())
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    let canary_secret = "CANARY*secret#7731$zz";
    let canary_code = "CANARYINTEGRATIONCODE7731ZZ";
    let sim = sim().await;
    let mut user = sim.sim.user(&USER).unwrap();
    user.username = "canary@contoso-msp.com".into();
    user.secret = canary_secret.into();
    user.integration_codes = vec![canary_code.into()];
    sim.sim.upsert_user(user);
    let c = client(&sim);
    let good = creds("canary@contoso-msp.com", canary_secret, canary_code);
    let outcome = test(&c, &good).await;
    assert_passed(&outcome.report);
    let _ = test(
        &c,
        &creds("canary@contoso-msp.com", "CANARY-wrong-7731", canary_code),
    )
    .await;
    tracing::info!(creds = ?good, "credentials as a logged value");

    let log = String::from_utf8(buffer.0.lock().unwrap().clone()).unwrap();
    assert!(
        log.contains("zone lookup") && log.contains("Secret(<redacted>)"),
        "the logged code did log: {log}"
    );
    let canaries = [canary_secret, canary_code, "CANARY-wrong-7731"];
    test_support::canary::assert_clean_of(&log, "the log", canaries);
}

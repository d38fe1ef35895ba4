//! N5: trust and routing come from the OS, never from the environment. In its own test binary
//! because it sets process-wide variables.

use std::io::Read;
use std::net::TcpListener;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use vectis_core::autotask::{AutotaskClient, ClientConfig, EndpointPolicy};

#[tokio::test]
async fn a_proxy_or_ca_bundle_in_the_environment_is_not_used() {
    let proxy = TcpListener::bind("127.0.0.1:0").unwrap();
    let address = proxy.local_addr().unwrap();
    proxy.set_nonblocking(true).unwrap();
    let seen = Arc::new(AtomicUsize::new(0));
    let counter = seen.clone();
    std::thread::spawn(move || loop {
        if let Ok((mut stream, _)) = proxy.accept() {
            counter.fetch_add(1, Ordering::SeqCst);
            let _ = stream.read(&mut [0; 512]);
        }
        std::thread::sleep(Duration::from_millis(5));
    });
    let dir = tempfile::tempdir().unwrap();
    let bundle = dir.path().join("evil-ca.pem");
    std::fs::write(&bundle, "").unwrap();
    // Edition 2021: setting variables is safe; no other thread reads them here.
    for name in ["HTTPS_PROXY", "https_proxy", "ALL_PROXY", "HTTP_PROXY"] {
        std::env::set_var(name, format!("http://{address}"));
    }
    std::env::set_var("SSL_CERT_FILE", &bundle);
    std::env::set_var("SSL_CERT_DIR", dir.path());
    let config = ClientConfig::default().with_request_timeout(Duration::from_secs(3));
    let client = AutotaskClient::new(EndpointPolicy::production(), config)
        .expect("the OS roots are used whatever SSL_CERT_FILE says");
    let _ = client.zone_lookup("key@msp.com").await; // no network here: it fails, directly
    std::thread::sleep(Duration::from_millis(100));
    assert_eq!(
        seen.load(Ordering::SeqCst),
        0,
        "the request went through the proxy"
    );
}

#[cfg(target_os = "linux")]
#[test]
fn the_linux_roots_come_from_the_distributions_bundle() {
    let roots =
        vectis_core::autotask::tls::system_roots(vectis_core::autotask::tls::SYSTEM_BUNDLES)
            .expect("a CA bundle (ca-certificates) is installed");
    assert!(roots.len() > 10, "{}", roots.len());
    assert!(vectis_core::autotask::tls::system_roots(&["/nonexistent.pem"]).is_err());
}

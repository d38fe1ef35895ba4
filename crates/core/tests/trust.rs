//! N5: trust and routing come from the OS, never from the environment. In its own test binary
//! because it sets process-wide variables.

use std::io::Read;
use std::net::TcpListener;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use vectis_core::autotask::{AutotaskClient, Call, ClientConfig, EndpointPolicy};

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

/// A server that answers every request with `answer(path)`, counting the connections it takes.
fn serve(answer: impl Fn(&str) -> String + Send + 'static) -> (String, Arc<AtomicUsize>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let seen = Arc::new(AtomicUsize::new(0));
    let counter = seen.clone();
    std::thread::spawn(move || {
        for mut stream in listener.incoming().flatten() {
            counter.fetch_add(1, Ordering::SeqCst);
            let mut buf = [0u8; 4096];
            let n = stream.read(&mut buf).unwrap_or(0);
            let request = String::from_utf8_lossy(&buf[..n]).to_string();
            let path = request.split_whitespace().nth(1).unwrap_or("/").to_string();
            let _ = std::io::Write::write_all(&mut stream, answer(&path).as_bytes());
        }
    });
    (base, seen)
}

#[tokio::test]
async fn credentials_never_follow_a_redirect_to_another_port() {
    let (elsewhere, hits) = serve(|_| "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}".into());
    let (base, asked) = serve(move |path| {
        if path.to_ascii_lowercase().contains("zoneinformation") {
            let body = format!(
                r#"{{"zoneName":"Local","url":"{}/ATServicesRest/","webUrl":null,"ci":1}}"#,
                std::env::var("ZONE_BASE").unwrap_or_default()
            );
            format!("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}", body.len())
        } else {
            // Same host, another port: a different origin, so the headers must not follow.
            format!("HTTP/1.1 302 Found\r\nLocation: {elsewhere}/ATServicesRest/V1.0/Version\r\nContent-Length: 0\r\n\r\n")
        }
    });
    std::env::set_var("ZONE_BASE", &base);
    let policy = EndpointPolicy::custom(&format!("{base}/atservicesrest/")).unwrap();
    let client = AutotaskClient::new(policy, ClientConfig::default()).unwrap();
    let zone = client.zone_lookup("key@msp.com").await.expect("the zone");
    let creds = vectis_core::validation::Credentials {
        username: "key@msp.com".into(),
        secret: vectis_core::secret::Secret::new("Redirect*Secret#1"),
        integration_code: vectis_core::secret::Secret::new("REDIRECTCODE12345"),
        zone_url: None,
    };
    let answer = client.call(&zone, &creds, &Call::version()).await;
    assert!(answer.is_err(), "a redirect is not an answer: {answer:?}");
    assert_eq!(
        asked.load(Ordering::SeqCst),
        2,
        "the zone lookup and the call reached the zone"
    );
    assert_eq!(
        hits.load(Ordering::SeqCst),
        0,
        "the credentials followed a redirect to another port"
    );
}

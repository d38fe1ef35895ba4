//! Whom the app trusts for TLS: the operating system, never the environment. `SSL_CERT_FILE`
//! and `SSL_CERT_DIR` would otherwise replace every root (rustls-native-certs honours them),
//! and with an `HTTPS_PROXY` a same-user process could make the app, which the macOS keychain
//! trusts, hand the saved credentials to a server of its choosing.
//!
//! - macOS and Windows: the OS verifier (`rustls-platform-verifier`: Security.framework,
//!   CryptoAPI), with the enterprise roots and revocation the OS knows.
//! - Linux: the distribution's CA bundle, read from its fixed path.

use std::sync::Arc;

use rustls::ClientConfig;

/// The distributions' CA bundles, first found wins (Debian/Ubuntu, Fedora/RHEL, openSUSE,
/// RHEL's extracted bundle, Alpine/Arch).
#[cfg(not(any(target_os = "macos", windows)))]
pub const SYSTEM_BUNDLES: &[&str] = &[
    "/etc/ssl/certs/ca-certificates.crt",
    "/etc/pki/tls/certs/ca-bundle.crt",
    "/etc/ssl/ca-bundle.pem",
    "/etc/pki/ca-trust/extracted/pem/tls-ca-bundle.pem",
    "/etc/ssl/cert.pem",
];

fn provider() -> Arc<rustls::crypto::CryptoProvider> {
    Arc::new(rustls::crypto::ring::default_provider())
}

#[cfg(any(target_os = "macos", windows))]
fn verified() -> Result<ClientConfig, String> {
    use rustls_platform_verifier::BuilderVerifierExt;
    Ok(ClientConfig::builder_with_provider(provider())
        .with_safe_default_protocol_versions()
        .map_err(|e| e.to_string())?
        .with_platform_verifier()
        .map_err(|e| e.to_string())?
        .with_no_client_auth())
}

#[cfg(not(any(target_os = "macos", windows)))]
fn verified() -> Result<ClientConfig, String> {
    let roots = system_roots(SYSTEM_BUNDLES)?;
    Ok(ClientConfig::builder_with_provider(provider())
        .with_safe_default_protocol_versions()
        .map_err(|e| e.to_string())?
        .with_root_certificates(roots)
        .with_no_client_auth())
}

/// The roots of the first bundle in `bundles` that holds any.
#[cfg(not(any(target_os = "macos", windows)))]
pub fn system_roots(bundles: &[&str]) -> Result<rustls::RootCertStore, String> {
    for bundle in bundles {
        let path = std::path::Path::new(bundle);
        if !path.is_file() {
            continue;
        }
        let found = rustls_native_certs::load_certs_from_paths(Some(path), None);
        let mut roots = rustls::RootCertStore::empty();
        roots.add_parsable_certificates(found.certs);
        if !roots.is_empty() {
            return Ok(roots);
        }
    }
    Err(format!(
        "no CA certificates found (looked in {})",
        bundles.join(", ")
    ))
}

/// The TLS configuration every request uses (HTTP/2 or HTTP/1.1, as the server offers).
pub fn client_config() -> Result<ClientConfig, String> {
    let mut config = verified()?;
    config.alpn_protocols = vec![b"h2".to_vec(), b"http/1.1".to_vec()];
    Ok(config)
}

/// Gives `builder` the OS's trust; against the simulator (plain http) a missing CA bundle
/// does not matter.
pub fn apply(
    builder: reqwest::ClientBuilder,
    custom_endpoint: bool,
) -> Result<reqwest::ClientBuilder, super::ApiError> {
    match (client_config(), custom_endpoint) {
        (Ok(tls), _) => Ok(builder.use_preconfigured_tls(tls)),
        (Err(_), true) => Ok(builder),
        (Err(detail), false) => Err(super::ApiError::Tls {
            host: "this computer".into(),
            detail,
        }),
    }
}

//! The HTTP client for Autotask. What it guarantees, whoever calls it:
//! - credentials go only to a zone URL the endpoint policy allows, checked on every request;
//! - redirects to another host are not followed, and nothing is retried (a repeated wrong
//!   secret locks the API user);
//! - answers are read up to [`MAX_RESPONSE_BYTES`], and every request has a timeout;
//! - the credential headers are marked sensitive, so no log or debug output carries them.

use std::time::Duration;

use serde::{Deserialize, Serialize};
use serde_json::Value;
use ts_rs::TS;
use url::Url;

use super::answers::classify;
use super::call::Call;
use super::{ApiError, Credential, EndpointPolicy};
use crate::validation::Credentials;

/// Whether the zone came from Autotask's lookup or the admin typed it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum ZoneSource {
    Lookup,
    Manual,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Zone {
    /// E.g. "America West 2"; unknown for a typed zone URL.
    pub name: Option<String>,
    /// `https://webservicesN.autotask.net/ATServicesRest/`
    pub api_url: String,
    /// The tenant's web UI, `https://wwN.autotask.net/`.
    pub web_url: Option<String>,
    /// `webservicesN.autotask.net`
    pub host: String,
    pub source: ZoneSource,
    /// The saved zone's host when the tenant now answers from another zone (a Test found it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub moved_from: Option<String>,
    /// The tenant's number from the zone lookup (`ci`); unknown for a typed zone URL.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional, type = "number")]
    pub ci: Option<i64>,
}

impl Zone {
    /// The base for authenticated calls. Zones are checked when made, but a saved one comes
    /// back from the settings file, which may have been edited: refuse it rather than panic.
    pub(super) fn api_base(&self) -> Result<Url, ApiError> {
        let refuse = |reason: &str| ApiError::EndpointNotAllowed {
            url: self.api_url.clone(),
            reason: reason.to_string(),
        };
        let url = Url::parse(&self.api_url)
            .map_err(|_| refuse("the saved zone address is not a valid URL"))?;
        if url.cannot_be_a_base() {
            return Err(refuse("the saved zone address is not a web address"));
        }
        Ok(url)
    }
}

#[derive(Debug, Clone)]
pub struct ClientConfig {
    pub connect_timeout: Duration,
    pub request_timeout: Duration,
}

impl Default for ClientConfig {
    fn default() -> Self {
        // The first connection to a zone can take ~10 s (cold DNS and TLS).
        Self {
            connect_timeout: Duration::from_secs(15),
            request_timeout: Duration::from_secs(30),
        }
    }
}

impl ClientConfig {
    /// A shorter request timeout (tests against the simulator); connecting never waits longer.
    pub fn with_request_timeout(mut self, timeout: Duration) -> Self {
        self.request_timeout = timeout;
        self.connect_timeout = self.connect_timeout.min(timeout);
        self
    }
}

#[derive(Clone)]
pub struct AutotaskClient {
    http: reqwest::Client,
    policy: EndpointPolicy,
    config: ClientConfig,
}

pub const USER_AGENT: &str = concat!("VectisAutotaskSetup/", env!("CARGO_PKG_VERSION"));

/// The largest answer read from any host (4 MiB). The biggest answer the app asks for, a
/// Tickets field list with its picklists, is far smaller; past this, reading stops.
pub const MAX_RESPONSE_BYTES: usize = 4 * 1024 * 1024;

/// A header value marked sensitive: HTTP/2 never indexes it (HPACK) and `Debug` hides it.
fn credential_header(
    value: &str,
    credential: Credential,
) -> Result<reqwest::header::HeaderValue, ApiError> {
    let mut header = reqwest::header::HeaderValue::from_str(value)
        .map_err(|_| ApiError::NotSendable(credential))?;
    header.set_sensitive(true);
    Ok(header)
}

pub(super) fn host_of(url: &Url) -> String {
    url.host_str().unwrap_or("").to_string()
}

impl AutotaskClient {
    pub fn new(policy: EndpointPolicy, config: ClientConfig) -> Result<Self, ApiError> {
        let redirect_policy = reqwest::redirect::Policy::custom(|attempt| {
            // Credentials go in headers: never follow a redirect to another origin (scheme,
            // host and port: reqwest keeps custom headers on a port change).
            let same_host = attempt
                .previous()
                .first()
                .is_some_and(|first| first.origin() == attempt.url().origin());
            if same_host && attempt.previous().len() < 3 {
                attempt.follow()
            } else {
                attempt.stop()
            }
        });
        let mut builder = reqwest::Client::builder()
            .user_agent(USER_AGENT)
            .connect_timeout(config.connect_timeout)
            .timeout(config.request_timeout)
            .redirect(redirect_policy)
            // reqwest 0.12 retries on its own by default (protocol NACKs such as an HTTP/2
            // REFUSED_STREAM, up to twice). A sign-in must go out exactly once: a repeated
            // wrong secret locks the API user. (hyper's pool may still resend a request that
            // was never written to a connection the server had closed; that sends nothing twice.)
            .retry(reqwest::retry::never())
            // Proxies are not taken from the environment (HTTPS_PROXY, ALL_PROXY): a same-user
            // process must not be able to route the credentials. Direct connections only.
            .no_proxy()
            .https_only(!policy.is_custom());
        builder = super::tls::apply(builder, policy.is_custom())?;
        if let Some(resolver) = policy.resolver() {
            builder = builder.dns_resolver(resolver);
        }
        let http = builder.build().map_err(|e| ApiError::Tls {
            host: "this computer".into(),
            detail: format!("the HTTP client could not start ({e})"),
        })?;
        Ok(Self {
            http,
            policy,
            config,
        })
    }

    pub fn policy(&self) -> &EndpointPolicy {
        &self.policy
    }

    fn transport_error(&self, error: reqwest::Error, host: &str) -> ApiError {
        if error.is_timeout() {
            return ApiError::Timeout {
                host: host.to_string(),
                seconds: self.config.request_timeout.as_secs().max(1),
            };
        }
        // Walk the source chain: rustls and certificate problems read as TLS, not "network".
        let mut chain = String::new();
        let mut source: Option<&dyn std::error::Error> = Some(&error);
        while let Some(e) = source {
            chain.push_str(&e.to_string().to_ascii_lowercase());
            chain.push(' ');
            source = e.source();
        }
        // rustls' words for a failed handshake: untrusted certificate, or no TLS at all.
        let tls_words = [
            "certificate",
            "tls",
            "handshake",
            "corrupt message",
            "invalidcontenttype",
            "peer misbehaved",
        ];
        if tls_words.iter().any(|w| chain.contains(w)) {
            return ApiError::Tls {
                host: host.to_string(),
                detail: "the server's certificate was not trusted or the TLS handshake failed"
                    .into(),
            };
        }
        let detail = if error.is_connect() {
            if chain.contains("dns") || chain.contains("resolve") || chain.contains("lookup") {
                "the name could not be resolved (DNS)"
            } else {
                "the connection was refused or could not be made"
            }
        } else if error.is_body() || error.is_decode() {
            "the connection was interrupted while reading the answer"
        } else {
            "the request could not be completed"
        };
        ApiError::Network {
            host: host.to_string(),
            detail: detail.into(),
        }
    }

    pub(super) async fn send(
        &self,
        request: reqwest::RequestBuilder,
        host: &str,
        entity: &str,
        verb: &str,
    ) -> Result<Value, ApiError> {
        // Boxed: a Test runs many calls at once, and reqwest's futures are large; inline, they
        // would make every caller's future (and a debug build's stack) large too.
        let response = Box::pin(super::timeline::send(request))
            .await
            .map_err(|e| self.transport_error(e, host))?;
        let status = response.status().as_u16();
        let body = Box::pin(self.read_capped(response, host)).await?;
        if !(200..300).contains(&status) {
            return Err(classify(status, &body, host, entity, verb));
        }
        serde_json::from_str(&body).map_err(|_| ApiError::UnexpectedResponse {
            detail: format!(
                "{host} sent an answer that is not JSON: {}",
                super::BodyText::read(&body).summary()
            ),
        })
    }

    /// The body as text, read chunk by chunk and refused past [`MAX_RESPONSE_BYTES`].
    async fn read_capped(
        &self,
        mut response: reqwest::Response,
        host: &str,
    ) -> Result<String, ApiError> {
        let too_large = || ApiError::UnexpectedResponse {
            detail: format!(
                "{host} sent an answer larger than {} MiB, the most this app reads",
                MAX_RESPONSE_BYTES / (1024 * 1024)
            ),
        };
        if response
            .content_length()
            .is_some_and(|n| n > MAX_RESPONSE_BYTES as u64)
        {
            return Err(too_large());
        }
        let mut body = Vec::new();
        while let Some(chunk) = response
            .chunk()
            .await
            .map_err(|e| self.transport_error(e, host))?
        {
            if body.len() + chunk.len() > MAX_RESPONSE_BYTES {
                return Err(too_large());
            }
            body.extend_from_slice(&chunk);
        }
        Ok(String::from_utf8_lossy(&body).into_owned())
    }

    /// Unauthenticated zone lookup: safe to repeat (no lockout risk).
    pub async fn zone_lookup(&self, username: &str) -> Result<Zone, ApiError> {
        let url = self.policy.zone_lookup_url(username);
        let host = host_of(&url);
        tracing::debug!(host = %host, "zone lookup");
        let value = self
            .send(self.http.get(url), &host, "ZoneInformation", "query")
            .await?;
        self.zone_from_answer(value)
    }

    /// Demo mode only: the simulator states its demo credentials, so the app holds none.
    pub async fn demo_credentials<T: serde::de::DeserializeOwned>(&self) -> Option<T> {
        if !self.policy.is_custom() {
            return None;
        }
        let url = self
            .policy
            .lookup_base()
            .join("/_sim/demo-credentials")
            .ok()?;
        let host = host_of(&url);
        let value = self
            .send(self.http.get(url), &host, "demo", "read")
            .await
            .ok()?;
        serde_json::from_value(value).ok()
    }

    /// A zone the admin typed: checked against the endpoint policy, nothing sent.
    pub fn manual_zone(&self, url: &Url) -> Result<Zone, ApiError> {
        let api_url = self.policy.check_zone_url(url)?;
        let host = host_of(&api_url);
        // The web UI host mirrors the API host's number (webservices15 → ww15).
        let web_url = host
            .strip_prefix("webservices")
            .and_then(|rest| rest.split('.').next())
            .filter(|n| n.chars().all(|c| c.is_ascii_digit()) && !n.is_empty())
            .map(|n| format!("https://ww{n}.autotask.net/"));
        Ok(Zone {
            name: None,
            host,
            api_url: api_url.to_string(),
            web_url,
            source: ZoneSource::Manual,
            moved_from: None,
            ci: None,
        })
    }

    /// The one place an authenticated request is built. Whatever the zone's origin (lookup,
    /// typed, saved, restored from a backup), its URL is checked against the endpoint policy
    /// here, so credentials never go to a host the policy does not allow.
    fn authed(
        &self,
        method: reqwest::Method,
        zone: &Zone,
        creds: &Credentials,
        path: &str,
    ) -> Result<reqwest::RequestBuilder, ApiError> {
        let base = self.policy.check_zone_url(&zone.api_base()?)?;
        let url = base
            .join(&format!("V1.0/{path}"))
            .map_err(|e| ApiError::EndpointNotAllowed {
                url: zone.api_url.clone(),
                reason: format!("the path {path} cannot be added to it ({e})"),
            })?;
        self.authed_at(method, url, creds)
    }

    /// An authenticated request to `url`, which the caller has checked is on the zone.
    pub(super) fn authed_at(
        &self,
        method: reqwest::Method,
        url: Url,
        creds: &Credentials,
    ) -> Result<reqwest::RequestBuilder, ApiError> {
        let code = credential_header(creds.integration_code.expose(), Credential::IntegrationCode)?;
        let username = credential_header(&creds.username, Credential::Username)?;
        let secret = credential_header(creds.secret.expose(), Credential::Secret)?;
        Ok(self
            .http
            .request(method, url)
            .header("ApiIntegrationCode", code)
            .header("UserName", username)
            .header("Secret", secret))
    }

    /// Sends one typed call (see [`Call`]) to the zone with the credentials.
    pub async fn call(
        &self,
        zone: &Zone,
        creds: &Credentials,
        call: &Call,
    ) -> Result<Value, ApiError> {
        tracing::debug!(host = %zone.host, path = %call.path, method = %call.method, "call");
        let mut request = self.authed(call.method.clone(), zone, creds, &call.path)?;
        if let Some(body) = &call.body {
            request = request.json(body);
        }
        self.send(request, &zone.host, call.subject, call.access.verb())
            .await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_typed_zone_gets_its_web_url_from_the_host_number() {
        let client =
            AutotaskClient::new(EndpointPolicy::production(), ClientConfig::default()).unwrap();
        let zone = client
            .manual_zone(&Url::parse("https://webservices15.autotask.net/ATServicesRest/").unwrap())
            .unwrap();
        assert_eq!(zone.host, "webservices15.autotask.net");
        assert_eq!(zone.web_url.as_deref(), Some("https://ww15.autotask.net/"));
        assert_eq!(zone.source, ZoneSource::Manual);
    }

    #[test]
    fn a_damaged_saved_zone_is_refused_instead_of_panicking() {
        let zone = |api_url: &str| Zone {
            name: None,
            api_url: api_url.into(),
            web_url: None,
            host: "webservices15.autotask.net".into(),
            source: ZoneSource::Lookup,
            moved_from: None,
            ci: None,
        };
        for bad in ["", "not a url", "mailto:key@msp.com"] {
            let e = zone(bad).api_base().unwrap_err();
            assert!(
                matches!(&e, ApiError::EndpointNotAllowed { url, .. } if url == bad),
                "{bad}: {e:?}"
            );
        }
        let good = zone("https://webservices15.autotask.net/ATServicesRest/");
        assert_eq!(
            good.api_base()
                .unwrap()
                .join("V1.0/Version")
                .unwrap()
                .as_str(),
            "https://webservices15.autotask.net/ATServicesRest/V1.0/Version"
        );
    }

    fn saved_zone(api_url: &str) -> Zone {
        Zone {
            name: None,
            api_url: api_url.into(),
            web_url: None,
            host: "webservices15.autotask.net".into(),
            source: ZoneSource::Lookup,
            moved_from: None,
            ci: None,
        }
    }

    fn creds(secret: &str) -> Credentials {
        Credentials {
            integration_code: crate::secret::Secret::new("ABCDEFGHIJKLMNOPQRSTUVWXY27"),
            username: "key@msp.com".into(),
            secret: crate::secret::Secret::new(secret),
            zone_url: None,
        }
    }

    fn production() -> AutotaskClient {
        AutotaskClient::new(EndpointPolicy::production(), ClientConfig::default()).unwrap()
    }

    #[test]
    fn credential_headers_are_marked_sensitive() {
        let zone = saved_zone("https://webservices15.autotask.net/ATServicesRest/");
        let request = production()
            .authed(reqwest::Method::GET, &zone, &creds("s3cret"), "Version")
            .unwrap()
            .build()
            .unwrap();
        assert_eq!(
            request.url().as_str(),
            "https://webservices15.autotask.net/ATServicesRest/V1.0/Version"
        );
        for name in ["Secret", "ApiIntegrationCode", "UserName"] {
            let value = request.headers().get(name).unwrap();
            assert!(value.is_sensitive(), "{name}");
            assert!(!format!("{value:?}").contains("s3cret"), "{name}");
        }
    }

    #[test]
    fn every_authenticated_request_checks_the_zone_against_the_policy() {
        let client = production();
        for bad in [
            "https://evil.example/ATServicesRest/",
            "http://webservices15.autotask.net/ATServicesRest/",
            "https://webservices15.autotask.net:8443/ATServicesRest/",
            "garbage",
        ] {
            let e = client
                .authed(
                    reqwest::Method::GET,
                    &saved_zone(bad),
                    &creds("s"),
                    "Version",
                )
                .unwrap_err();
            assert!(
                matches!(e, ApiError::EndpointNotAllowed { .. }),
                "{bad}: {e:?}"
            );
        }
    }

    #[test]
    fn a_credential_that_cannot_travel_in_a_header_is_refused_not_sent() {
        let zone = saved_zone("https://webservices15.autotask.net/ATServicesRest/");
        let e = production()
            .authed(
                reqwest::Method::GET,
                &zone,
                &creds("line\nbreak"),
                "Version",
            )
            .unwrap_err();
        assert_eq!(e, ApiError::NotSendable(Credential::Secret));
    }
}

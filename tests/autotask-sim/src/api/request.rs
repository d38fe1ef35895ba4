//! One API request as the handlers see it: the parts axum hands over, plus what routing works
//! out once (the lower-cased path, the thread-limited endpoint, injected latency).

use axum::body::Bytes;
use axum::http::{HeaderMap, Method, Uri};

use crate::state::AuthHeadersSeen;

pub(super) struct ApiRequest {
    pub method: Method,
    pub uri: Uri,
    pub headers: HeaderMap,
    pub body: Bytes,
    /// Routes are case-insensitive on the real service, so matching is done on this.
    pub lower_path: String,
    /// The endpoint the thread limit counts against (`version`, `tickets`, ...).
    pub endpoint: String,
    /// Latency injected for this request (faults), spent where the real delay would be.
    pub delay_ms: u64,
}

impl ApiRequest {
    pub(super) fn new(method: Method, uri: Uri, headers: HeaderMap, body: Bytes) -> Self {
        let lower_path = uri.path().to_lowercase();
        let endpoint = endpoint_of(&segments_of(&lower_path));
        Self {
            method,
            uri,
            headers,
            body,
            lower_path,
            endpoint,
            delay_ms: 0,
        }
    }

    /// The lower-cased path segments, empty ones dropped.
    pub(super) fn segments(&self) -> Vec<&str> {
        segments_of(&self.lower_path)
    }

    /// Case-insensitive header read; the real service accepts `UserName`, `Username`,
    /// `username` (`HeaderMap` names are lower-case already).
    pub(super) fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// Which auth headers came, for the request log; their values are never recorded.
    pub(super) fn auth_headers_seen(&self) -> AuthHeadersSeen {
        AuthHeadersSeen {
            api_integration_code: self.headers.contains_key("apiintegrationcode"),
            user_name: self.headers.contains_key("username"),
            secret: self.headers.contains_key("secret"),
        }
    }

    /// The host the client addressed (`Host` header, else the URI's), port included.
    fn host(&self) -> &str {
        self.header("host")
            .or_else(|| self.uri.authority().map(|a| a.as_str()))
            .unwrap_or("127.0.0.1")
    }

    /// The URI as the client sent it, for ASP.NET's 404 message.
    pub(super) fn absolute_uri(&self) -> String {
        let path = self.uri.path_and_query().map_or("/", |p| p.as_str());
        format!("http://{}{path}", self.host())
    }

    /// The zone a `webservicesN.autotask.net` host names. `None` for any other host (the
    /// loopback address, `webservices.autotask.net`), which is no zone's own: calls to it are
    /// not refused for a wrong zone.
    pub(super) fn zone_number(&self) -> Option<u32> {
        let name = self.host().split(':').next()?.to_ascii_lowercase();
        name.strip_suffix(".autotask.net")?
            .strip_prefix("webservices")?
            .parse()
            .ok()
    }

    /// A query-string parameter, name matched case-insensitively.
    pub(super) fn query_param(&self, name: &str) -> Option<String> {
        url::form_urlencoded::parse(self.uri.query().unwrap_or("").as_bytes())
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.into_owned())
    }
}

fn segments_of(path: &str) -> Vec<&str> {
    path.split('/').filter(|s| !s.is_empty()).collect()
}

/// The thread-limited endpoint: the entity (or call) right after the version segment.
fn endpoint_of(segments: &[&str]) -> String {
    match segments {
        ["atservicesrest", version, entity, ..] if version.starts_with('v') => entity.to_string(),
        ["atservicesrest", rest] => rest.to_string(),
        _ => String::new(),
    }
}

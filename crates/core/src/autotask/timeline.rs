//! The requests one Test sent, for the support bundle: method, path (a query value that holds
//! the username is hidden), zone host, status, milliseconds and Autotask's own error texts.
//! Never a header, never a body beyond those texts. The client's `send` goes through
//! [`send`]; it records only inside [`Timeline::scope`] (a Test), and otherwise just sends.

use std::sync::{Arc, Mutex};
use std::time::Instant;

use serde::Serialize;
use serde_json::Value;

use crate::lock::lock;

tokio::task_local! {
    static CURRENT: Timeline;
}

/// One request as the bundle shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TimelineEntry {
    /// The order the requests were sent in (the same millisecond holds several).
    #[serde(skip)]
    pub seq: u64,
    /// Milliseconds after the Test started.
    pub at_ms: u64,
    pub method: String,
    pub host: String,
    pub path: String,
    /// The HTTP status; none when no answer came.
    pub status: Option<u16>,
    pub ms: u64,
    /// Why no answer came (timeout, connect, …).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub failure: Option<String>,
    /// Autotask's `errors` / `Message` texts of a failed answer.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub messages: Vec<String>,
}

#[derive(Clone)]
pub struct Timeline {
    entries: Arc<Mutex<Vec<TimelineEntry>>>,
    sent: Arc<std::sync::atomic::AtomicU64>,
    started: Instant,
    username: String,
}

impl Timeline {
    /// A timeline for a Test as `username` (query values holding it are hidden).
    pub fn new(username: &str) -> Self {
        Self {
            entries: Arc::default(),
            sent: Arc::default(),
            started: Instant::now(),
            username: username.trim().to_lowercase(),
        }
    }

    /// Runs `work` with its requests recorded here.
    pub async fn scope<F: std::future::Future>(&self, work: F) -> F::Output {
        CURRENT.scope(self.clone(), work).await
    }

    pub fn entries(&self) -> Vec<TimelineEntry> {
        let mut entries = lock(&self.entries).clone();
        entries.sort_by_key(|e| e.seq);
        entries
    }

    /// The path and query, with any query value that names the user replaced.
    fn shown_path(&self, url: &url::Url) -> String {
        let mut path = url.path().to_string();
        let pairs: Vec<String> = url
            .query_pairs()
            .map(|(k, v)| {
                let lower = v.to_lowercase();
                let hide = v.contains('@')
                    || (!self.username.is_empty() && lower.contains(&self.username));
                format!("{k}={}", if hide { "[username]" } else { &v })
            })
            .collect();
        if !pairs.is_empty() {
            path.push('?');
            path.push_str(&pairs.join("&"));
        }
        path
    }
}

fn failure(error: &reqwest::Error) -> String {
    let kind = if error.is_timeout() {
        "timeout"
    } else if error.is_connect() {
        "could not connect"
    } else if error.is_redirect() {
        "redirect refused"
    } else if error.is_body() || error.is_decode() {
        "answer interrupted"
    } else {
        "request failed"
    };
    kind.to_string()
}

/// Autotask's error texts: `errors` (strings or `{message}`) and a top-level `Message`.
pub fn autotask_messages(body: &[u8]) -> Vec<String> {
    let Ok(Value::Object(map)) = serde_json::from_slice::<Value>(body) else {
        return Vec::new();
    };
    let mut texts = Vec::new();
    for (key, value) in &map {
        if key.eq_ignore_ascii_case("errors") {
            for e in value.as_array().into_iter().flatten() {
                let text = e.as_str().or_else(|| {
                    e.get("message")
                        .or_else(|| e.get("Message"))
                        .and_then(Value::as_str)
                });
                texts.extend(text.map(str::to_string));
            }
        } else if key.eq_ignore_ascii_case("message") {
            texts.extend(value.as_str().map(str::to_string));
        }
    }
    texts
        .into_iter()
        .take(5)
        .map(|t| t.chars().take(300).collect())
        .collect()
}

/// The most of a failed answer read for its texts; a larger one (or one of unknown length)
/// is handed on untouched, for the client's own size limit to judge.
const MAX_ERROR_BODY: u64 = 64 * 1024;

/// A failed answer's texts are read, and the answer handed on unchanged.
async fn read_failed(
    response: reqwest::Response,
) -> (reqwest::Result<reqwest::Response>, Vec<String>) {
    if response.content_length().is_none_or(|n| n > MAX_ERROR_BODY) {
        return (Ok(response), Vec::new());
    }
    let (status, version, headers) = (
        response.status(),
        response.version(),
        response.headers().clone(),
    );
    let body = match response.bytes().await {
        Ok(body) => body,
        Err(e) => return (Err(e), Vec::new()),
    };
    let messages = autotask_messages(&body);
    let mut again = http::Response::new(body);
    *again.status_mut() = status;
    *again.version_mut() = version;
    *again.headers_mut() = headers;
    (Ok(reqwest::Response::from(again)), messages)
}

/// Sends `request`; inside a Test's scope, records it on the Test's timeline.
pub async fn send(request: reqwest::RequestBuilder) -> reqwest::Result<reqwest::Response> {
    let Ok(timeline) = CURRENT.try_with(Timeline::clone) else {
        return request.send().await;
    };
    let (client, built) = request.build_split();
    let request = built?;
    let method = request.method().to_string();
    let url = request.url().clone();
    let at_ms = timeline.started.elapsed().as_millis() as u64;
    let seq = timeline
        .sent
        .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let started = Instant::now();
    let (result, messages) = match client.execute(request).await {
        Ok(r) if !r.status().is_success() => read_failed(r).await,
        other => (other, Vec::new()),
    };
    let entry = TimelineEntry {
        seq,
        at_ms,
        method,
        host: url.host_str().unwrap_or("").to_string(),
        path: timeline.shown_path(&url),
        status: result.as_ref().ok().map(|r| r.status().as_u16()),
        ms: started.elapsed().as_millis() as u64,
        failure: result.as_ref().err().map(failure),
        messages,
    };
    lock(&timeline.entries).push(entry);
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_values_naming_the_user_are_hidden() {
        let t = Timeline::new("Key@MSP.com");
        let url = url::Url::parse(
            "https://x.example/atservicesrest/v1.0/zoneInformation?user=key%40msp.com&n=1",
        )
        .unwrap();
        assert_eq!(
            t.shown_path(&url),
            "/atservicesrest/v1.0/zoneInformation?user=[username]&n=1"
        );
    }

    #[test]
    fn autotask_error_texts_are_read_from_either_shape() {
        let body =
            br#"{"errors":["IntegrationCode is invalid.",{"message":"locked"}],"Message":"x"}"#;
        assert_eq!(
            autotask_messages(body),
            vec!["x", "IntegrationCode is invalid.", "locked"]
        );
        assert!(autotask_messages(b"<html>503</html>").is_empty());
    }
}

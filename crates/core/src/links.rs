//! Which links the app opens in the system browser: Autotask's own web pages only (https, a
//! host under `autotask.net`, no user name or password, no port). The URL is parsed, never
//! matched as text, so `https://evil.example/.autotask.net/` is refused.

use url::Url;

use crate::error::{ErrorCode, Field, IpcError, ToIpcError};

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("refused to open {url}: {reason}")]
pub struct LinkRefused {
    pub url: String,
    pub reason: &'static str,
}

impl ToIpcError for LinkRefused {
    fn to_ipc(&self) -> IpcError {
        IpcError::new(
            ErrorCode::EndpointNotAllowed,
            format!("The link {} was not opened: {}.", self.url, self.reason),
            "Only Autotask's own pages (https://…autotask.net) open from this app. Open other addresses in your browser yourself.",
        )
        .with_field(Field::Link)
    }
}

/// A host under `autotask.net` (not the bare domain): Autotask's zones and web pages.
pub fn is_autotask_host(host: &str) -> bool {
    let host = host.to_ascii_lowercase();
    host.ends_with(".autotask.net") && host.len() > ".autotask.net".len()
}

pub fn check_link(text: &str) -> Result<Url, LinkRefused> {
    let refuse = |reason| LinkRefused {
        url: text.chars().take(200).collect(),
        reason,
    };
    let url = Url::parse(text).map_err(|_| refuse("it is not a web address"))?;
    if url.scheme() != "https" {
        return Err(refuse("only https links open"));
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(refuse("it carries a user name or password"));
    }
    if url.port().is_some() {
        return Err(refuse("it names a port"));
    }
    match url.host_str() {
        Some(host) if is_autotask_host(host) => Ok(url),
        _ => Err(refuse("it is not an Autotask address")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_https_autotask_pages_open() {
        assert!(check_link(
            "https://ww15.autotask.net/Mvc/ServiceDesk/TicketDetail.mvc?TicketID=7"
        )
        .is_ok());
        for refused in [
            "https://evil.example/.autotask.net/",
            "https://evil.example/?https://ww1.autotask.net/",
            "https://autotask.net.evil.example/",
            "http://ww15.autotask.net/",
            "https://user:pw@ww15.autotask.net/",
            "https://ww15.autotask.net:8443/",
            "https://autotask.net/",
            "javascript:alert(1)",
            "file:///etc/passwd",
            "not a url",
        ] {
            assert!(check_link(refused).is_err(), "{refused}");
        }
    }
}

//! Where the app may send credentials. Production: the zone lookup on
//! `https://webservices.autotask.net/` and zone URLs on `https://*.autotask.net`. Tests and demo
//! mode reach a local simulator only through an explicit, two-variable switch.

use std::net::SocketAddr;
use std::sync::Arc;

use url::Url;

use super::ApiError;
use crate::links::is_autotask_host;

pub const PRODUCTION_LOOKUP: &str = "https://webservices.autotask.net/atservicesrest/";

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EndpointPolicy {
    lookup_base: Url,
    custom: bool,
}

impl EndpointPolicy {
    pub fn production() -> Self {
        Self {
            lookup_base: Url::parse(PRODUCTION_LOOKUP).expect("constant URL parses"),
            custom: false,
        }
    }

    /// A local endpoint (the simulator). Only the configuration calls this, after the
    /// explicit switch was checked.
    pub fn custom(lookup: &str) -> Result<Self, ApiError> {
        let refuse = |reason: &str| ApiError::EndpointNotAllowed {
            url: lookup.to_string(),
            reason: reason.to_string(),
        };
        let url = Url::parse(lookup)
            .map_err(|_| refuse("the custom zone lookup URL is not a valid URL"))?;
        if !url
            .path()
            .to_ascii_lowercase()
            .ends_with("/atservicesrest/")
            || url.host_str().is_none()
        {
            return Err(refuse(
                "the custom zone lookup URL must end in /atservicesrest/",
            ));
        }
        Ok(Self {
            lookup_base: url,
            custom: true,
        })
    }

    pub fn is_custom(&self) -> bool {
        self.custom
    }

    pub fn lookup_base(&self) -> &Url {
        &self.lookup_base
    }

    /// The zone lookup URL for a username (`v1.0` pinned: `V2.0/zoneInformation` is a 404).
    pub fn zone_lookup_url(&self, username: &str) -> Url {
        let mut url = self
            .lookup_base
            .join("v1.0/zoneInformation")
            .expect("relative path joins");
        url.query_pairs_mut().append_pair("user", username);
        url
    }

    /// Checks a zone URL (looked up or typed) and normalizes it to `.../ATServicesRest/`.
    pub fn check_zone_url(&self, url: &Url) -> Result<Url, ApiError> {
        let refuse = |reason: &str| ApiError::EndpointNotAllowed {
            url: url.to_string(),
            reason: reason.to_string(),
        };
        let host = url.host_str().ok_or_else(|| refuse("it has no host"))?;
        if !url.username().is_empty() || url.password().is_some() {
            return Err(refuse("it must not carry a user name or password"));
        }
        let production_ok =
            url.scheme() == "https" && is_autotask_host(host) && url.port().is_none();
        let custom_ok = self.custom
            && matches!(url.scheme(), "http" | "https")
            && (is_autotask_host(host) || Some(host) == self.lookup_base.host_str());
        if !production_ok && !custom_ok {
            return Err(refuse(
                "Autotask zone addresses are https://webservicesN.autotask.net/",
            ));
        }
        let mut normalized = url.clone();
        normalized.set_query(None);
        normalized.set_fragment(None);
        let path = url.path();
        let base_path = match path.to_ascii_lowercase().find("atservicesrest") {
            Some(i) => format!("{}/", &path[..i + "atservicesrest".len()]),
            None => "/ATServicesRest/".to_string(),
        };
        normalized.set_path(&base_path);
        Ok(normalized)
    }

    /// In custom mode, `*.autotask.net` resolves to the custom endpoint's host, so zone URLs
    /// keep their real names (and messages read "webservicesN.autotask.net") while the traffic
    /// stays on this machine. Production uses the system resolver untouched.
    pub(crate) fn resolver(&self) -> Option<Arc<CustomResolver>> {
        if !self.custom {
            return None;
        }
        let host = self.lookup_base.host_str()?.to_string();
        let port = self.lookup_base.port_or_known_default().unwrap_or(80);
        Some(Arc::new(CustomResolver {
            target: (host, port),
        }))
    }
}

pub(crate) struct CustomResolver {
    target: (String, u16),
}

impl reqwest::dns::Resolve for CustomResolver {
    fn resolve(&self, name: reqwest::dns::Name) -> reqwest::dns::Resolving {
        let asked = name.as_str().to_string();
        let target = self.target.clone();
        Box::pin(async move {
            let lookup = if is_autotask_host(&asked) {
                target
            } else {
                (asked, 0)
            };
            let addrs: Vec<SocketAddr> = tokio::net::lookup_host(lookup).await?.collect();
            Ok(Box::new(addrs.into_iter()) as reqwest::dns::Addrs)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url(s: &str) -> Url {
        Url::parse(s).unwrap()
    }

    #[test]
    fn production_accepts_only_https_autotask_hosts() {
        let p = EndpointPolicy::production();
        assert!(!p.is_custom());
        assert_eq!(
            p.check_zone_url(&url("https://webservices15.autotask.net/ATServicesRest/"))
                .unwrap()
                .as_str(),
            "https://webservices15.autotask.net/ATServicesRest/"
        );
        // Forgiving about how the admin pasted it.
        assert_eq!(
            p.check_zone_url(&url("https://webservices15.autotask.net"))
                .unwrap()
                .as_str(),
            "https://webservices15.autotask.net/ATServicesRest/"
        );
        assert_eq!(
            p.check_zone_url(&url(
                "https://webservices15.autotask.net/atservicesrest/v1.0/Version?x=1"
            ))
            .unwrap()
            .as_str(),
            "https://webservices15.autotask.net/atservicesrest/"
        );
        for bad in [
            "http://webservices15.autotask.net/ATServicesRest/",
            "https://webservices15.autotask.net.evil.com/ATServicesRest/",
            "https://evilautotask.net/",
            "https://autotask.net/",
            "https://127.0.0.1/ATServicesRest/",
            "https://webservices15.autotask.net:8443/ATServicesRest/",
            "https://user:pw@webservices15.autotask.net/",
        ] {
            let e = p.check_zone_url(&url(bad)).unwrap_err();
            assert!(matches!(e, ApiError::EndpointNotAllowed { .. }), "{bad}");
        }
        assert_eq!(
            p.zone_lookup_url("key@msp.com").as_str(),
            "https://webservices.autotask.net/atservicesrest/v1.0/zoneInformation?user=key%40msp.com"
        );
    }

    #[test]
    fn a_custom_lookup_url_must_be_a_rest_base() {
        let sim = "http://127.0.0.1:4100/atservicesrest/";
        assert!(EndpointPolicy::custom("http://127.0.0.1:4100/").is_err());
        assert!(EndpointPolicy::custom("not a url").is_err());
        let p = EndpointPolicy::custom(sim).unwrap();
        assert!(p.is_custom());
        assert!(p
            .check_zone_url(&url("http://127.0.0.1:4100/ATServicesRest/"))
            .is_ok());
        assert!(p
            .check_zone_url(&url(
                "http://webservices15.autotask.net:4100/ATServicesRest/"
            ))
            .is_ok());
        assert!(p
            .check_zone_url(&url("http://10.1.2.3/ATServicesRest/"))
            .is_err());
        assert!(p.resolver().is_some());
        assert!(EndpointPolicy::production().resolver().is_none());
    }
}

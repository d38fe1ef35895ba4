//! Queries read to the end. Autotask answers 500 records a page; `pageDetails.nextPageUrl` is
//! an absolute URL with a cursor, and for a POSTed query it must be POSTed again with the
//! original body (a GET is a 405 and an empty POST a 500), so a client that stops at the first
//! page silently misses records (large tenants have more than 500 ticket categories).

use serde_json::{json, Value};
use url::Url;

use super::{ApiError, AutotaskClient, Call, Zone};
use crate::validation::Credentials;

/// The most pages one query reads (500 records each). A query past this is refused rather than
/// read in part, so a runaway cursor cannot loop for ever.
pub const MAX_PAGES: usize = 40;

/// `pageDetails.nextPageUrl`, or `None` on the last page (`null`, absent or empty).
fn next_page_url(page: &Value) -> Option<&str> {
    page.get("pageDetails")
        .and_then(|d| d.get("nextPageUrl"))
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|u| !u.is_empty())
}

/// The next page's address: absolute, and on the zone's own scheme, host and port (the
/// credentials go with it), or relative to the zone's `V1.0/`.
fn next_page_target(zone_base: &Url, next: &str) -> Result<Url, ApiError> {
    let refuse = |reason: &str| ApiError::EndpointNotAllowed {
        url: next.to_string(),
        reason: reason.to_string(),
    };
    let url = match Url::parse(next) {
        Ok(url) => url,
        Err(url::ParseError::RelativeUrlWithoutBase) => zone_base
            .join("V1.0/")
            .and_then(|v1| v1.join(next.trim_start_matches('/')))
            .map_err(|_| refuse("the next page's address cannot be read"))?,
        Err(_) => return Err(refuse("the next page's address cannot be read")),
    };
    let same_origin = url.scheme() == zone_base.scheme()
        && url.host_str().map(str::to_ascii_lowercase)
            == zone_base.host_str().map(str::to_ascii_lowercase)
        && url.port_or_known_default() == zone_base.port_or_known_default();
    if !same_origin {
        return Err(refuse("the next page is not on the zone's host"));
    }
    Ok(url)
}

/// Where a query page says the next one is: `None` on the last page, else a URL the
/// credentials may go to (see [`next_page_target`]).
pub fn next_page(zone_base: &Url, page: &Value) -> Result<Option<Url>, ApiError> {
    next_page_url(page)
        .map(|next| next_page_target(zone_base, next))
        .transpose()
}

fn items_of(page: &mut Value) -> Vec<Value> {
    match page.get_mut("items").map(Value::take) {
        Some(Value::Array(items)) => items,
        _ => Vec::new(),
    }
}

impl AutotaskClient {
    /// Sends `query` (a [`Call::query`]) and POSTs every next page with the same body, up to
    /// [`MAX_PAGES`]; gives `{"items": [...]}` with the records of every page.
    pub async fn query_all(
        &self,
        zone: &Zone,
        creds: &Credentials,
        query: &Call,
    ) -> Result<Value, ApiError> {
        let (label, body) = (query.subject, query.body.as_ref().unwrap_or(&Value::Null));
        let mut page = self.call(zone, creds, query).await?;
        let mut items = items_of(&mut page);
        let base = self.policy().check_zone_url(&zone.api_base()?)?;
        for _ in 1..MAX_PAGES {
            let Some(url) = next_page(&base, &page)? else {
                return Ok(json!({ "items": items }));
            };
            tracing::debug!(host = %zone.host, label, "POST next page");
            let request = self
                .authed_at(reqwest::Method::POST, url, creds)?
                .json(body);
            page = self.send(request, &zone.host, label, "query").await?;
            items.extend(items_of(&mut page));
        }
        match next_page_url(&page) {
            None => Ok(json!({ "items": items })),
            Some(_) => Err(ApiError::UnexpectedResponse {
                detail: format!(
                    "the {label} query has more than {MAX_PAGES} pages, more than this app reads"
                ),
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn base() -> Url {
        Url::parse("https://webservices15.autotask.net/ATServicesRest/").unwrap()
    }

    #[test]
    fn the_next_page_stays_on_the_zone_host() {
        let live = "https://webservices15.autotask.net/ATServicesRest/V1.0/Companies/query/next?paging=%7b%22pageSize%22%3a500%2c%22previousIds%22%3a%5b-1%5d%2c%22nextIds%22%3a%5b725%5d%7d&search=%7b%7d";
        assert_eq!(next_page_target(&base(), live).unwrap().as_str(), live);
        let upper = "https://WEBSERVICES15.autotask.net/ATServicesRest/V1.0/X/query/next?paging=1";
        assert!(next_page_target(&base(), upper).is_ok());
        assert_eq!(
            next_page_target(&base(), "/Companies/query/next?paging=1")
                .unwrap()
                .as_str(),
            "https://webservices15.autotask.net/ATServicesRest/V1.0/Companies/query/next?paging=1"
        );
        for bad in [
            "https://evil.example/ATServicesRest/V1.0/Companies/query/next",
            "http://webservices15.autotask.net/ATServicesRest/V1.0/Companies/query/next",
            "https://webservices15.autotask.net:8443/ATServicesRest/V1.0/Companies/query/next",
            "https://webservices16.autotask.net/ATServicesRest/V1.0/Companies/query/next",
        ] {
            assert!(
                matches!(
                    next_page_target(&base(), bad),
                    Err(ApiError::EndpointNotAllowed { .. })
                ),
                "{bad}"
            );
        }
    }

    #[test]
    fn the_last_page_has_no_next_url() {
        for last in [
            json!({"pageDetails": {"nextPageUrl": null}}),
            json!({"pageDetails": {"nextPageUrl": ""}}),
            json!({"items": []}),
        ] {
            assert_eq!(next_page_url(&last), None, "{last}");
        }
    }
}

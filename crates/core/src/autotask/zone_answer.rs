//! Reading the unauthenticated `zoneInformation` answer. The real one carries `zoneName` as a
//! long name ("America West 2", "Pre Release") or a short code ("AE02"), `url` with or without
//! the trailing slash and in either case (`ATServicesRest` / `atservicesrest`), and sometimes
//! keys nobody documents: only `url` is needed, and it is checked and normalized.

use serde::Deserialize;
use serde_json::Value;
use url::Url;

use super::client::host_of;
use super::{ApiError, AutotaskClient, Zone, ZoneSource};

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct ZoneInformation {
    zone_name: Option<String>,
    url: String,
    web_url: Option<String>,
    /// The tenant's number (`"ci": 30595` in Autotask's own sample); kept to name the tenant.
    #[serde(default, deserialize_with = "lenient_ci")]
    ci: Option<i64>,
}

/// `ci` as a number or a numeric string; anything else is no tenant number (never an error:
/// the zone is what the lookup is for).
fn lenient_ci<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<i64>, D::Error> {
    let value = Option::<Value>::deserialize(d)?;
    Ok(match value {
        Some(Value::Number(n)) => n.as_i64(),
        Some(Value::String(s)) => s.trim().parse().ok(),
        _ => None,
    })
}

impl AutotaskClient {
    /// The zone in a `zoneInformation` answer, its `url` checked against the endpoint policy.
    pub fn zone_from_answer(&self, value: Value) -> Result<Zone, ApiError> {
        let info: ZoneInformation =
            serde_json::from_value(value).map_err(|_| ApiError::UnexpectedResponse {
                detail: "the zone information has no url".into(),
            })?;
        let api_url = Url::parse(&info.url).map_err(|_| ApiError::UnexpectedResponse {
            detail: "the zone information's url is not a URL".into(),
        })?;
        let api_url = self.policy().check_zone_url(&api_url)?;
        Ok(Zone {
            name: info.zone_name,
            host: host_of(&api_url),
            api_url: api_url.to_string(),
            web_url: info.web_url.filter(|w| Url::parse(w).is_ok()),
            source: ZoneSource::Lookup,
            moved_from: None,
            ci: info.ci,
        })
    }
}

//! Which tenant the credentials belong to: the tenant's own company (id 0, read in the parallel
//! phase) names it, and the zone lookup's `ci` identifies it. Sandboxes are separate tenants
//! behind the same zone lookup, so an organisation can name the one it expects.

use serde::{Deserialize, Serialize};
use serde_json::Value;
use ts_rs::TS;

use crate::autotask::{ApiError, Zone};
use crate::error::{ErrorCode, IpcError, ToIpcError};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Tenant {
    /// The tenant's own company's name (company id 0).
    pub name: Option<String>,
    /// The tenant's number from the zone lookup (`ci`), when a lookup ran.
    #[ts(type = "number | null")]
    pub id: Option<i64>,
}

impl Tenant {
    /// From the own-company query and the zone; `None` when neither says anything.
    pub fn from_answers(own_company: &Result<Value, ApiError>, zone: &Zone) -> Option<Self> {
        let name = own_company
            .as_ref()
            .ok()
            .and_then(|a| {
                a.get("items")?
                    .as_array()?
                    .first()?
                    .get("companyName")?
                    .as_str()
            })
            .map(str::trim)
            .filter(|n| !n.is_empty())
            .map(String::from);
        (name.is_some() || zone.ci.is_some()).then_some(Self { name, id: zone.ci })
    }

    /// "Contoso (tenant 20264)", as the admin reads it.
    pub fn describe(&self) -> String {
        match (&self.name, self.id) {
            (Some(name), Some(id)) => format!("{name} (tenant {id})"),
            (Some(name), None) => name.clone(),
            (None, Some(id)) => format!("tenant {id}"),
            (None, None) => "an unknown tenant".into(),
        }
    }

    /// Whether `expected` (a company name, any case, or the tenant's number) names this tenant.
    pub fn is(&self, expected: &str) -> bool {
        let expected = expected.trim();
        let by_name = self
            .name
            .as_deref()
            .is_some_and(|n| n.trim().to_lowercase() == expected.to_lowercase());
        let by_id = self.id.is_some_and(|id| expected.parse() == Ok(id));
        by_name || by_id
    }
}

/// The credentials belong to another tenant than the organisation's `ExpectedTenant`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("wrong tenant: expected {expected}")]
pub struct WrongTenant {
    pub found: Option<Tenant>,
    pub expected: String,
}

impl WrongTenant {
    /// `Err` unless `found` is the `expected` tenant (no expectation: always fine). A tenant
    /// that could not be named is refused too: it cannot be confirmed.
    pub fn check(found: Option<&Tenant>, expected: Option<&str>) -> Result<(), Self> {
        match expected {
            Some(e) if !found.is_some_and(|t| t.is(e)) => Err(Self {
                found: found.cloned(),
                expected: e.trim().to_string(),
            }),
            _ => Ok(()),
        }
    }
}

impl ToIpcError for WrongTenant {
    fn to_ipc(&self) -> IpcError {
        let found = self
            .found
            .as_ref()
            .map_or("a tenant that could not be named".into(), Tenant::describe);
        IpcError::new(
            ErrorCode::WrongTenant,
            format!(
                "These credentials belong to {found}, but your organisation expects \u{201c}{}\u{201d} (ExpectedTenant). Nothing was saved.",
                self.expected
            ),
            "Use the API user of the expected tenant: check the username (a sandbox is a separate tenant with its own API users). If the organisation's setting is wrong, ask your IT administrator to change ExpectedTenant.",
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tenant(name: Option<&str>, id: Option<i64>) -> Tenant {
        Tenant {
            name: name.map(String::from),
            id,
        }
    }

    #[test]
    fn the_expected_tenant_matches_by_name_in_any_case_or_by_number() {
        let contoso = tenant(Some("Contoso Managed Services"), Some(20264));
        for yes in [
            "contoso managed services",
            " Contoso Managed Services ",
            "20264",
        ] {
            assert!(
                WrongTenant::check(Some(&contoso), Some(yes)).is_ok(),
                "{yes}"
            );
        }
        for no in ["Contoso", "20265", "Northwind IT"] {
            let e = WrongTenant::check(Some(&contoso), Some(no))
                .unwrap_err()
                .to_ipc();
            assert_eq!(e.code, ErrorCode::WrongTenant);
            assert!(
                e.message
                    .contains("Contoso Managed Services (tenant 20264)"),
                "{}",
                e.message
            );
            assert!(e.message.contains(no), "{}", e.message);
        }
        assert!(
            WrongTenant::check(None, Some("Contoso")).is_err(),
            "unnamed: not confirmed"
        );
        assert!(WrongTenant::check(None, None).is_ok());
        assert!(WrongTenant::check(Some(&tenant(None, Some(7))), Some("7")).is_ok());
    }
}

//! Rights beyond what Vectis needs, judged by the values `entityInformation` reports
//! (`userAccessFor{Query,Create,Update,Delete}`), never by the security level's name (names
//! differ by language and copies keep any name).

use serde::Serialize;
use serde_json::Value;
use ts_rs::TS;

use super::permissions::{level_in, needed, AccessKind, AccessLevel};
use crate::autotask::{ApiError, Entity};

/// Entities Vectis never touches: the one declaration. Any right on them is more than Vectis
/// needs: money (invoices, billing items, contract charges, expense reports) and people
/// (resources, which carry security levels and pay rates). Each costs one request per Test.
pub const NEVER_TOUCHES: &[Entity] = &[
    Entity::Invoices,
    Entity::BillingItems,
    Entity::ContractCharges,
    Entity::ExpenseReports,
    Entity::Resources,
];

/// What the admin is told to do about rights beyond need.
pub const LEAST_PRIVILEGE_FIX: &str = "In Autotask (Admin → Security Levels), copy \"API User (system) Can't Read Costs (API-only)\", set each right listed here to None, keep the rights Vectis needs, and give the API user the copy.";

/// One right the API user has that Vectis does not need.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ExcessPermission {
    /// Autotask's entity name (`Invoices`).
    pub entity: String,
    /// For people ("Billing Items").
    pub label: String,
    pub access: AccessKind,
    /// `all` or `restricted`.
    pub level: AccessLevel,
}

impl ExcessPermission {
    /// "delete Tickets".
    pub fn words(&self) -> String {
        format!("{} {}", self.access.verb(), self.label)
    }
}

/// Every right in `infos` (entity, its `entityInformation` answer) that Vectis does not need.
/// An entity whose metadata could not be read is left out: nothing is claimed about it.
pub fn excess(infos: &[(Entity, Result<Value, ApiError>)]) -> Vec<ExcessPermission> {
    let mut found = Vec::new();
    for (entity, info) in infos {
        let Ok(info) = info else { continue };
        for access in AccessKind::ALL {
            let level = level_in(info, access);
            let granted = matches!(level, AccessLevel::All | AccessLevel::Restricted);
            if granted && !needed(*entity, access) {
                found.push(ExcessPermission {
                    entity: entity.name().into(),
                    label: entity.label().into(),
                    access,
                    level,
                });
            }
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn info(query: &str, create: &str, update: &str, delete: &str) -> Result<Value, ApiError> {
        Ok(json!({"info": {
            "userAccessForQuery": query, "userAccessForCreate": create,
            "userAccessForUpdate": update, "userAccessForDelete": delete,
        }}))
    }

    #[test]
    fn only_rights_beyond_need_are_named_whatever_the_level_is_called() {
        let infos = vec![
            (Entity::Tickets, info("All", "All", "None", "All")),
            (Entity::Companies, info("All", "None", "Restricted", "None")),
            (Entity::Invoices, info("All", "None", "None", "None")),
            (
                Entity::Resources,
                Ok(json!({"info": {"userAccessForQuery": 0}})),
            ),
            (Entity::ContractCharges, Err(ApiError::Cancelled)),
        ];
        let words: Vec<String> = excess(&infos).iter().map(ExcessPermission::words).collect();
        assert_eq!(
            words,
            ["delete Tickets", "update Companies", "read Invoices"]
        );
        assert_eq!(excess(&infos)[1].level, AccessLevel::Restricted);
    }

    #[test]
    fn no_entity_is_both_needed_and_never_touched() {
        for entity in NEVER_TOUCHES {
            for access in AccessKind::ALL {
                assert!(!needed(*entity, access), "{entity:?} {access:?}");
            }
        }
    }
}

//! The ticket defaults Vectis asks for: the one declaration. The model and its JSON keys,
//! parsing the live lists, validation, the test ticket's plan, the policy keys, the CLI flags,
//! the TypeScript types and the UI's form are all driven by [`DEFAULT_FIELDS`].
//!
//! Adding a default (say Source): a variant of [`DefaultField`], its row in [`DEFAULT_FIELDS`],
//! its input [`Field`], and the policy templates under `docs/deploy/` (a test checks them).

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::Field;

/// One ticket default, named as the JSON keys and TypeScript name it (`queue` → `queueId`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum DefaultField {
    Queue,
    Category,
    Status,
    Priority,
}

/// Where a default's live choices come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ListSource {
    /// The picklist of this Ticket field (`Tickets/entityInformation/fields`).
    Picklist(&'static str),
    /// The `TicketCategories` entity.
    Categories,
}

/// Everything the app knows about one default.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DefaultSpec {
    pub field: DefaultField,
    /// The JSON key stem: `queue` gives `queueId`/`queueLabel` and the plan's `queue`.
    pub key: &'static str,
    /// The list's key in `TicketOptions` (`queues`).
    pub list_key: &'static str,
    /// The form's label ("Ticket category").
    pub title: &'static str,
    /// As a sentence names it ("Choose a ticket category").
    pub name: &'static str,
    /// The Ticket field it is sent as, also the word Autotask's validation messages use.
    pub autotask_field: &'static str,
    pub source: ListSource,
    /// Vectis's rule: its rules need a queue and a category on every ticket.
    pub required: bool,
    /// The test ticket's value when nothing is chosen and Autotask flags no default.
    pub fallback: Option<i64>,
    /// What the status screen says when nothing is chosen.
    pub unset: &'static str,
    /// The managed-configuration key (registry value, plist key, JSON key).
    pub policy_key: &'static str,
    /// The CLI flag (`--queue`).
    pub cli_flag: &'static str,
    /// The input an error points at.
    pub input: Field,
}

/// Autotask's system status "New".
const STATUS_NEW: i64 = 1;

pub const COUNT: usize = 4;

/// The defaults, in the order every screen and output shows them.
pub const DEFAULT_FIELDS: [DefaultSpec; COUNT] = [
    DefaultSpec {
        field: DefaultField::Queue,
        key: "queue",
        list_key: "queues",
        title: "Queue",
        name: "queue",
        autotask_field: "queueID",
        source: ListSource::Picklist("queueID"),
        required: true,
        fallback: None,
        unset: "Not set",
        policy_key: "QueueId",
        cli_flag: "queue",
        input: Field::Queue,
    },
    DefaultSpec {
        field: DefaultField::Category,
        key: "category",
        list_key: "categories",
        title: "Ticket category",
        name: "ticket category",
        autotask_field: "ticketCategory",
        source: ListSource::Categories,
        required: true,
        fallback: None,
        unset: "Not set",
        policy_key: "CategoryId",
        cli_flag: "category",
        input: Field::TicketCategory,
    },
    DefaultSpec {
        field: DefaultField::Status,
        key: "status",
        list_key: "statuses",
        title: "Status",
        name: "status",
        autotask_field: "status",
        source: ListSource::Picklist("status"),
        required: false,
        fallback: Some(STATUS_NEW),
        unset: "Autotask default",
        policy_key: "StatusId",
        cli_flag: "status",
        input: Field::Status,
    },
    DefaultSpec {
        field: DefaultField::Priority,
        key: "priority",
        list_key: "priorities",
        title: "Priority",
        name: "priority",
        autotask_field: "priority",
        source: ListSource::Picklist("priority"),
        required: false,
        fallback: None,
        unset: "Autotask default",
        policy_key: "PriorityId",
        cli_flag: "priority",
        input: Field::Priority,
    },
];

impl DefaultField {
    /// Its row in [`DEFAULT_FIELDS`].
    pub fn spec(self) -> &'static DefaultSpec {
        &DEFAULT_FIELDS[self.index()]
    }

    pub(crate) fn index(self) -> usize {
        match self {
            Self::Queue => 0,
            Self::Category => 1,
            Self::Status => 2,
            Self::Priority => 3,
        }
    }

    /// The default a policy key names (`"QueueId"`).
    pub fn from_policy_key(key: &str) -> Option<Self> {
        DEFAULT_FIELDS
            .iter()
            .find(|s| s.policy_key == key)
            .map(|s| s.field)
    }

    /// The default whose input is `field`.
    pub fn from_input(field: Field) -> Option<Self> {
        DEFAULT_FIELDS
            .iter()
            .find(|s| s.input == field)
            .map(|s| s.field)
    }
}

impl std::fmt::Display for DefaultField {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.spec().name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_row_belongs_to_its_variant_and_no_name_is_used_twice() {
        for (i, spec) in DEFAULT_FIELDS.iter().enumerate() {
            assert_eq!(
                spec.field.index(),
                i,
                "{:?} sits at its own index",
                spec.field
            );
            let json = serde_json::to_value(spec.field).unwrap();
            assert_eq!(json, spec.key, "the variant serializes as its key stem");
        }
        let names = |f: fn(&DefaultSpec) -> &'static str| {
            let mut all: Vec<_> = DEFAULT_FIELDS.iter().map(f).collect();
            all.sort_unstable();
            all.dedup();
            all.len()
        };
        for (what, count) in [
            ("key", names(|s| s.key)),
            ("list_key", names(|s| s.list_key)),
            ("policy_key", names(|s| s.policy_key)),
            ("cli_flag", names(|s| s.cli_flag)),
            ("autotask_field", names(|s| s.autotask_field)),
        ] {
            assert_eq!(count, COUNT, "every default has its own {what}");
        }
    }

    #[test]
    fn policy_keys_and_inputs_lead_back_to_their_default() {
        for spec in &DEFAULT_FIELDS {
            assert_eq!(
                DefaultField::from_policy_key(spec.policy_key),
                Some(spec.field)
            );
            assert_eq!(DefaultField::from_input(spec.input), Some(spec.field));
        }
        assert_eq!(DefaultField::from_policy_key("ZoneUrl"), None);
    }
}

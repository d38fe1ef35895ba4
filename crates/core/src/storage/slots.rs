//! The connection's two keychain slots and their account names. A save writes the slot the
//! settings do not point at (see the module docs of `storage`).

const CONNECTION: &str = "autotask-default";

/// Both slots, for clean-up.
pub(super) const ALL: [u8; 2] = [1, 2];

/// The slot that is not `slot`. Any number but 1 (even a damaged one from an edited settings
/// file) counts as slot 2, so this never fails.
pub(super) fn other(slot: u8) -> u8 {
    if slot == 1 {
        2
    } else {
        1
    }
}

/// Where a save writes: the slot the current settings do not use, slot 1 for a first save.
pub(super) fn for_save(current: Option<u8>) -> u8 {
    current.map_or(1, other)
}

/// The keychain account name of a slot.
pub(super) fn account(slot: u8) -> String {
    format!("{CONNECTION}.{slot}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_other_slot_alternates_and_never_fails_on_damaged_numbers() {
        assert_eq!(other(1), 2);
        assert_eq!(other(2), 1);
        for damaged in [0, 3, 255] {
            assert_eq!(other(damaged), 1, "{damaged}");
        }
        assert_eq!(for_save(None), 1);
        assert_eq!(for_save(Some(1)), 2);
        assert_eq!(for_save(Some(2)), 1);
    }

    #[test]
    fn account_names_are_stable() {
        // Existing installations have entries under these names.
        assert_eq!(account(1), "autotask-default.1");
        assert_eq!(account(2), "autotask-default.2");
        assert_eq!(
            ALL.map(account),
            ["autotask-default.1", "autotask-default.2"]
        );
    }
}

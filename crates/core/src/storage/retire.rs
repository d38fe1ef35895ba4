//! Records about the connection's life that are not a save: the old API user confirmed
//! retired after a switch, and the guide's affirmations (see `affirmations`).

use super::affirmations::Affirmation;
use super::{ConnectionStore, StorageError};

impl ConnectionStore {
    /// Records that the admin retired the old API user in Autotask (after a switch). The
    /// first confirmation's date stays; without a switch there is nothing to confirm.
    pub fn confirm_old_user_retired(&self) -> Result<(), StorageError> {
        let now = self.now_rfc3339();
        self.update_settings(|s| {
            if let Some(old) = s.old_user.as_mut() {
                old.retired_at.get_or_insert(now);
            }
        })?;
        Ok(())
    }

    /// Ticks (with today's date) or unticks one of the guide's items the API cannot verify.
    pub fn affirm(&self, item: Affirmation, ticked: bool) -> Result<(), StorageError> {
        let _g = self.guard()?;
        self.checklist().set(item, ticked, self.now_rfc3339())
    }
}

//! The connection's life after it was saved, as the window and the CLI record it: the old API
//! user retired after a switch, and the guide's items the API cannot verify (affirmed).

use super::{Service, ServiceError};
use crate::storage::{Affirmation, ConnectionStatus};

impl Service {
    /// Records that the admin retired the old API user in Autotask (after a switch).
    pub async fn confirm_old_user_retired(&self) -> Result<ConnectionStatus, ServiceError> {
        let days = self.reminder_days();
        self.off_thread(move |store| {
            store.confirm_old_user_retired()?;
            Ok(store.status().reminding(days))
        })
        .await
    }

    /// Records (with the date) or withdraws one affirmation from the "create the API user"
    /// guide. Works before any connection is saved: the guide comes first.
    pub async fn affirm(
        &self,
        item: Affirmation,
        ticked: bool,
    ) -> Result<ConnectionStatus, ServiceError> {
        let days = self.reminder_days();
        self.off_thread(move |store| {
            store.affirm(item, ticked)?;
            Ok(store.status().reminding(days))
        })
        .await
    }
}

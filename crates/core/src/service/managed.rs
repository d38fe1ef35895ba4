//! The organisation's managed values in the window: shown as set by the organisation, and a
//! save that would change one is refused (the CLI refuses the same way, see `fleet`).

use super::{Service, ServiceError};
use crate::autotask::ticket_defaults::TicketDefaults;
use crate::policy::{DefaultsChange, Policy};

impl Service {
    pub fn with_policy(mut self, policy: Policy) -> Self {
        self.policy = policy;
        self
    }

    pub fn policy(&self) -> &Policy {
        &self.policy
    }

    /// Tests name a file for the support bundle instead of the save dialog (custom endpoint
    /// only, see `Config::bundle_path_switch`).
    pub fn with_bundle_path(mut self, path: Option<std::path::PathBuf>) -> Self {
        self.bundle_path = path;
        self
    }

    pub fn bundle_path(&self) -> Option<&std::path::Path> {
        self.bundle_path.as_deref()
    }

    /// The window sends the whole choice: a managed value chosen differently is refused.
    pub(super) fn enforce_policy(&self, defaults: &TicketDefaults) -> Result<(), ServiceError> {
        let asked: DefaultsChange = defaults.ids.map(|_, id| Some(*id));
        self.policy.resolve_defaults(&asked, defaults)?;
        Ok(())
    }

    /// Whether the organisation allows the opt-in test ticket here.
    pub(super) fn enforce_test_ticket(&self) -> Result<(), ServiceError> {
        Ok(self.policy.check_test_ticket()?)
    }
}

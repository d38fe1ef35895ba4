//! Failure injection for tests: a hook that runs before each step of a save and can fail it
//! there (or kill the process, as `tests/keychain.rs` does). The hook exists only in unit tests
//! and with the `fault-injection` feature, which only vectis-core's own tests turn on.

use super::StorageError;

/// The steps of a save, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SaveStep {
    KeychainWrite,
    SettingsWrite,
    OldSlotDelete,
    /// Not a save step: writing the sign-in ledger (before and after every sign-in).
    SignInRecord,
}

#[cfg(any(test, feature = "fault-injection"))]
type StepHook = Box<dyn Fn(SaveStep) -> Result<(), StorageError> + Send + Sync>;

/// The hook, if any. Without the feature it holds nothing and every step goes ahead.
#[derive(Default)]
pub(super) struct StepHooks {
    #[cfg(any(test, feature = "fault-injection"))]
    hook: Option<StepHook>,
}

impl StepHooks {
    #[cfg(any(test, feature = "fault-injection"))]
    pub(super) fn before(&self, step: SaveStep) -> Result<(), StorageError> {
        self.hook.as_ref().map_or(Ok(()), |hook| hook(step))
    }

    #[cfg(not(any(test, feature = "fault-injection")))]
    pub(super) fn before(&self, _step: SaveStep) -> Result<(), StorageError> {
        Ok(())
    }
}

#[cfg(any(test, feature = "fault-injection"))]
impl super::ConnectionStore {
    /// Runs `hook` before each save step; an error aborts the save there.
    pub fn with_step_hook(
        mut self,
        hook: impl Fn(SaveStep) -> Result<(), StorageError> + Send + Sync + 'static,
    ) -> Self {
        self.hooks.hook = Some(Box::new(hook));
        self
    }
}

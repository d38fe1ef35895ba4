//! The saved connection: the secret and integration code in the OS keychain, everything else
//! in the settings file, written as one transaction.
//!
//! The keychain has two fixed slots per connection. A save writes the new secret to the slot
//! the settings do *not* point at, then atomically replaces the settings to point at it (the
//! commit point), then deletes the old slot. Whatever step fails or is killed, the settings
//! point at a complete slot: the old pair or the new pair. Orphaned slots are removed on start.
//!
//! One home per concern: `store` (the transaction), `entry` (the keychain value), `slots`
//! (slot numbers and account names), `settings` (the file), `keychain` (the OS keychain),
//! `status` (what a status screen shows), `error`, `clock`, `process_lock`, and `fault`
//! (test-only failure injection).

mod affirmations;
pub mod clock;
mod entry;
mod error;
mod fault;
mod journal;
pub mod keychain;
mod process_lock;
mod retire;
mod secret_life;
pub mod settings;
mod sign_in_prints;
pub mod sign_ins;
mod slots;
mod status;
mod store;

pub use affirmations::{Affirmation, Affirmed};
pub use clock::{minute_utc, now_rfc3339, Clock, ManualClock, SystemClock};
pub use entry::MAX_ENTRY_BYTES;
pub use error::StorageError;
#[cfg(any(test, feature = "fault-injection"))]
pub use fault::SaveStep;
pub use keychain::{KeyringStore, MemoryStore, SecretStore, SERVICE};
pub use secret_life::{CredentialChange, OldUser, SecretLife};
pub use settings::{
    LastTest, Loaded, Rejection, Settings, SettingsFile, SettingsNotice, SETTINGS_VERSION,
};
pub use sign_ins::{SignInHistory, SignInOutcome, SignInRefusal};
pub use status::ConnectionStatus;
pub use store::{ConnectionStore, Saved};

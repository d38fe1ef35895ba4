//! The connection store: one transaction over the keychain slots and the settings file (see
//! the module docs of `storage`), serialized within this process and across processes.

use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use super::affirmations::Checklist;
use super::clock::{rfc3339, Clock, SystemClock};
use super::fault::{SaveStep, StepHooks};
use super::journal::Journal;
use super::process_lock;
use super::secret_life::{self, CredentialChange};
use super::sign_ins::{SignInLedger, SignInOutcome, SignInRefusal};
use super::status::{self, ConnectionStatus};
use super::{entry, slots};
use super::{
    LastTest, Loaded, SecretStore, Settings, SettingsFile, SettingsNotice, StorageError,
    SETTINGS_VERSION,
};
use crate::autotask::ticket_defaults::TicketDefaults;
use crate::autotask::Zone;
use crate::validation::Credentials;

pub struct ConnectionStore {
    secrets: Arc<dyn SecretStore>,
    settings: SettingsFile,
    /// Serializes every keychain and settings operation (keychains are not re-entrant).
    lock: Mutex<()>,
    /// What Autotask said about every credential sent from this folder (see `sign_ins`).
    pub(crate) ledger: SignInLedger,
    /// Test-only failure injection (see `fault`); empty in a release.
    pub(super) hooks: StepHooks,
    /// Where the stamps and the secret's age come from (tests set a date, see `clock`).
    pub(super) clock: Arc<dyn Clock>,
}

/// A save's result: the settings written and what they changed.
#[derive(Debug, Clone)]
pub struct Saved {
    pub settings: Settings,
    pub change: CredentialChange,
}

impl ConnectionStore {
    pub fn new(secrets: Arc<dyn SecretStore>, settings_dir: impl Into<PathBuf>) -> Self {
        let dir = settings_dir.into();
        Self {
            secrets,
            ledger: SignInLedger::new(&dir),
            settings: SettingsFile::new(dir),
            lock: Mutex::new(()),
            hooks: StepHooks::default(),
            clock: Arc::new(SystemClock),
        }
    }

    /// The clock for stamps and ages (tests: a [`super::ManualClock`]).
    pub fn with_clock(mut self, clock: Arc<dyn Clock>) -> Self {
        self.clock = clock;
        self
    }

    /// Now, as the stamps are written (RFC 3339, UTC).
    pub fn now_rfc3339(&self) -> String {
        rfc3339(self.clock.now())
    }

    pub(super) fn checklist(&self) -> Checklist {
        Checklist::new(self.settings.dir())
    }

    pub fn settings_file(&self) -> &SettingsFile {
        &self.settings
    }

    /// This process's lock, then the one across processes (see `process_lock`).
    pub(super) fn guard(
        &self,
    ) -> Result<(std::sync::MutexGuard<'_, ()>, process_lock::ProcessLock), StorageError> {
        let local = crate::lock::lock(&self.lock);
        let shared = process_lock::acquire(self.settings.dir())?;
        Ok((local, shared))
    }

    fn current(&self) -> Result<(Option<Settings>, Option<SettingsNotice>), StorageError> {
        Ok(match self.settings.load()? {
            Loaded::Missing => (None, None),
            Loaded::Found(s) => (Some(*s), None),
            Loaded::MovedAside(notice) => (None, Some(notice)),
        })
    }

    fn journal(&self) -> Journal {
        Journal::new(self.settings.dir())
    }

    /// Removes keychain slots proven orphaned: with settings, the slot they do not point at;
    /// without, only the slot an interrupted save's journal names. A slot nothing accounts
    /// for may be the only copy of a secret (settings deleted by a clean-up tool, or not
    /// roamed): it stays, and [`Self::found_secret`] offers it back.
    pub fn reconcile(&self) -> Result<(), StorageError> {
        let _g = self.guard()?;
        let journal = self.journal();
        let orphans: Vec<u8> = match self.settings.load()? {
            Loaded::Found(s) => slots::ALL
                .into_iter()
                .filter(|slot| *slot != s.keychain_slot)
                .collect(),
            _ if self.settings.has_leftovers() => return Ok(()),
            _ => journal.pending(),
        };
        for slot in orphans {
            self.secrets.delete(&slots::account(slot))?;
        }
        journal.clear();
        Ok(())
    }

    /// Without settings (and nothing to restore them from), a keychain entry no save journal
    /// accounts for: its user name, so the window can offer to test and reconnect it.
    pub fn found_secret(&self) -> Result<Option<(u8, String)>, StorageError> {
        let _g = self.guard()?;
        if !matches!(self.settings.load()?, Loaded::Missing) || self.settings.has_leftovers() {
            return Ok(None);
        }
        let pending = self.journal().pending();
        for slot in slots::ALL.into_iter().filter(|s| !pending.contains(s)) {
            if let Some(value) = self.secrets.read(&slots::account(slot))? {
                if let Some(username) = entry::username(&value) {
                    return Ok(Some((slot, username)));
                }
            }
        }
        Ok(None)
    }

    /// The credentials in the slot [`Self::found_secret`] named.
    pub fn found_credentials(&self) -> Result<Credentials, StorageError> {
        let (slot, username) = self.found_secret()?.ok_or(StorageError::NotConfigured)?;
        let _g = self.guard()?;
        let value = self
            .secrets
            .read(&slots::account(slot))?
            .ok_or(StorageError::NotConfigured)?;
        entry::decode(&value, &username)
    }

    /// The slot a save writes: the one the settings do not use; without settings, an empty
    /// one, so an entry the settings lost (see [`Self::found_secret`]) is never overwritten.
    fn slot_for_save(&self, current: Option<u8>) -> u8 {
        match current {
            Some(_) => slots::for_save(current),
            None => slots::ALL
                .into_iter()
                .find(|slot| matches!(self.secrets.read(&slots::account(*slot)), Ok(None)))
                .unwrap_or_else(|| slots::for_save(None)),
        }
    }

    /// Saves a tested connection as one transaction (see the module docs).
    pub fn save(
        &self,
        creds: &Credentials,
        zone: &Zone,
        defaults: TicketDefaults,
        last_test: Option<LastTest>,
    ) -> Result<Settings, StorageError> {
        Ok(self.save_as(creds, zone, defaults, last_test)?.settings)
    }

    /// Whether `creds` hold the secret saved now (a save of it keeps the secret's age).
    fn holds_saved_secret(&self, current: Option<&Settings>, creds: &Credentials) -> bool {
        current.is_some_and(|s| {
            matches!(self.secrets.read(&slots::account(s.keychain_slot)), Ok(Some(value))
                if entry::decode(&value, &s.username)
                    .is_ok_and(|saved| saved.secret.expose() == creds.secret.expose()))
        })
    }

    /// The settings a save writes, before what carries over from the previous ones.
    fn fresh_settings(
        &self,
        username: &str,
        zone: &Zone,
        slot: u8,
        defaults: TicketDefaults,
        last_test: Option<LastTest>,
    ) -> Settings {
        Settings {
            version: SETTINGS_VERSION,
            username: username.to_string(),
            zone: zone.clone(),
            keychain_slot: slot,
            ticket_defaults: defaults,
            last_verified_at: last_test.as_ref().filter(|t| t.ok).map(|t| t.at.clone()),
            last_test,
            saved_at: self.now_rfc3339(),
            rejected: None,
            secret_set_at: None,
            old_user: None,
        }
    }

    /// [`Self::save`], and what it changed: a new connection, a new secret, another API user.
    pub fn save_as(
        &self,
        creds: &Credentials,
        zone: &Zone,
        defaults: TicketDefaults,
        last_test: Option<LastTest>,
    ) -> Result<Saved, StorageError> {
        let _g = self.guard()?;
        let (current, _) = self.current()?;
        let same_secret = self.holds_saved_secret(current.as_ref(), creds);
        let change = secret_life::change(current.as_ref(), &creds.username, same_secret);
        let old_slot = current.as_ref().map(|s| s.keychain_slot);
        let new_slot = self.slot_for_save(old_slot);
        let value = entry::encode(creds)?;
        let journal = self.journal();
        journal.begin(&[new_slot])?;
        if let Err(e) = self
            .hooks
            .before(SaveStep::KeychainWrite)
            .and_then(|()| self.secrets.write(&slots::account(new_slot), &value))
        {
            journal.clear();
            return Err(e);
        }
        let mut settings =
            self.fresh_settings(&creds.username, zone, new_slot, defaults, last_test);
        secret_life::carry_over(current.as_ref(), &mut settings, change);
        if let Err(e) = self
            .hooks
            .before(SaveStep::SettingsWrite)
            .and_then(|()| self.settings.write(&settings))
        {
            // Not committed: the old settings still point at the old slot. Drop the new one
            // (the journal stays if that fails, so the next start removes it).
            if self.secrets.delete(&slots::account(new_slot)).is_ok() {
                journal.clear();
            }
            return Err(e);
        }
        journal.clear(); // committed: the settings account for the new slot
        if let Some(old) = old_slot {
            // Committed. A failure from here on leaves only an orphan that reconcile removes.
            if let Err(e) = self
                .hooks
                .before(SaveStep::OldSlotDelete)
                .and_then(|()| self.secrets.delete(&slots::account(old)))
            {
                tracing::warn!("old keychain slot not deleted yet: {e}");
            }
        }
        Ok(Saved { settings, change })
    }

    /// Updates non-secret settings (defaults, last Test) without touching the keychain.
    pub fn update_settings(
        &self,
        change: impl FnOnce(&mut Settings),
    ) -> Result<Settings, StorageError> {
        let _g = self.guard()?;
        let (Some(mut settings), _) = self.current()? else {
            return Err(StorageError::NotConfigured);
        };
        change(&mut settings);
        self.settings.write(&settings)?;
        Ok(settings)
    }

    /// Refuses credentials Autotask rejected (or whose last sign-in was never recorded) unless
    /// `retry`, then records that a sign-in is about to be sent: on `Err`, send nothing.
    pub fn begin_sign_in(&self, creds: &Credentials, retry: bool) -> Result<(), SignInRefusal> {
        let _g = self.guard().map_err(SignInRefusal::Unrecordable)?;
        self.hooks
            .before(SaveStep::SignInRecord)
            .map_err(SignInRefusal::Unrecordable)?;
        self.ledger.begin(creds, retry)
    }

    /// Records what Autotask's answer said about the credentials of [`Self::begin_sign_in`].
    pub fn finish_sign_in(
        &self,
        creds: &Credentials,
        outcome: SignInOutcome,
    ) -> Result<(), StorageError> {
        let _g = self.guard()?;
        self.hooks.before(SaveStep::SignInRecord)?;
        self.ledger.finish(creds, outcome)
    }

    /// [`Self::update_settings`], only while the saved connection is still the one saved at
    /// `saved_at`: an outcome about old credentials never lands on newer ones.
    pub fn update_settings_of(
        &self,
        saved_at: &str,
        change: impl FnOnce(&mut Settings),
    ) -> Result<(), StorageError> {
        let _g = self.guard()?;
        match self.current()? {
            (Some(mut settings), _) if settings.saved_at == saved_at => {
                change(&mut settings);
                self.settings.write(&settings)
            }
            _ => Ok(()),
        }
    }

    pub fn settings(&self) -> Result<Option<Settings>, StorageError> {
        let _g = self.guard()?;
        Ok(self.current()?.0)
    }

    /// The saved credentials, read from the keychain.
    pub fn credentials(&self) -> Result<(Settings, Credentials), StorageError> {
        let _g = self.guard()?;
        let (Some(settings), _) = self.current()? else {
            return Err(StorageError::NotConfigured);
        };
        let value = self
            .secrets
            .read(&slots::account(settings.keychain_slot))?
            .ok_or(StorageError::DamagedEntry)?;
        let creds = entry::decode(&value, &settings.username)?;
        Ok((settings, creds))
    }

    pub fn status(&self) -> ConnectionStatus {
        // Read-only: a process lock that cannot be had (say, read-only settings folder) must
        // not hide the status; the settings file is replaced atomically anyway.
        let _local = crate::lock::lock(&self.lock);
        let _shared = process_lock::acquire(self.settings.dir()).ok();
        let backend = self.secrets.backend_name().to_string();
        let (settings, notice) = match self.current() {
            Ok(found) => found,
            Err(e) => (None, Some(status::unreadable_notice(&e))),
        };
        let secret_present = settings.as_ref().is_some_and(|s| {
            matches!(
                self.secrets.read(&slots::account(s.keychain_slot)),
                Ok(Some(_))
            )
        });
        let mut status = ConnectionStatus::new(settings.as_ref(), secret_present, backend, notice);
        status.life = settings
            .as_ref()
            .map(|s| secret_life::SecretLife::of(s, self.clock.now()))
            .unwrap_or_default();
        status.affirmed = self.checklist().affirmed();
        status
    }

    /// Removes the settings, then both keychain slots. Safe to repeat, and with either missing.
    pub fn disconnect(&self) -> Result<(), StorageError> {
        let _g = self.guard()?;
        // Journal, then settings: if the keychain step fails, reconcile removes what the
        // journal names later.
        let journal = self.journal();
        journal.begin(&slots::ALL)?;
        self.settings.remove()?;
        for slot in slots::ALL {
            self.secrets.delete(&slots::account(slot))?;
        }
        journal.clear();
        // What was affirmed about this setup goes with it.
        self.checklist().remove()
    }

    /// Puts the previous settings back after the current file was moved aside.
    pub fn restore_backup(&self) -> Result<Option<Settings>, StorageError> {
        let _g = self.guard()?;
        let Some(mut settings) = self.settings.read_backup() else {
            return Ok(None);
        };
        // The backup may name the slot a later save replaced: point it at the slot that
        // still holds this user's secret.
        for slot in [settings.keychain_slot, slots::other(settings.keychain_slot)] {
            let holds_user = self
                .secrets
                .read(&slots::account(slot))
                .ok()
                .flatten()
                .is_some_and(|v| entry::holds_user(&v, &settings.username));
            if holds_user {
                settings.keychain_slot = slot;
                break;
            }
        }
        if !slots::ALL.contains(&settings.keychain_slot) {
            // No slot holds the secret: point at a real one (the status then says it is missing).
            settings.keychain_slot = slots::other(settings.keychain_slot);
        }
        self.settings.write(&settings)?;
        Ok(Some(settings))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::autotask::ZoneSource;
    use crate::error::{ErrorCode, ToIpcError};
    use crate::secret::Secret;
    use crate::storage::journal::Journal;
    use crate::storage::{MemoryStore, MAX_ENTRY_BYTES};

    fn zone() -> Zone {
        Zone {
            name: Some("America West 2".into()),
            api_url: "https://webservices15.autotask.net/ATServicesRest/".into(),
            web_url: Some("https://ww15.autotask.net/".into()),
            host: "webservices15.autotask.net".into(),
            source: ZoneSource::Lookup,
            moved_from: None,
            ci: None,
        }
    }

    fn creds(secret: &str) -> Credentials {
        Credentials {
            integration_code: Secret::new("ABCDEFGHIJKLMNOPQRSTUVWXY27"),
            username: "key@msp.com".into(),
            secret: Secret::new(secret),
            zone_url: None,
        }
    }

    fn store(dir: &std::path::Path) -> (Arc<MemoryStore>, ConnectionStore) {
        let memory = Arc::new(MemoryStore::default());
        (memory.clone(), ConnectionStore::new(memory, dir))
    }

    #[test]
    fn save_then_read_back_and_the_settings_file_holds_no_secret() {
        let dir = tempfile::tempdir().unwrap();
        let (memory, store) = store(dir.path());
        store
            .save(
                &creds("first-secret"),
                &zone(),
                TicketDefaults::default(),
                None,
            )
            .unwrap();
        let (settings, read) = store.credentials().unwrap();
        assert_eq!(read.secret.expose(), "first-secret");
        assert_eq!(settings.keychain_slot, 1);
        let text = std::fs::read_to_string(store.settings_file().path()).unwrap();
        assert!(
            !text.contains("first-secret") && !text.contains("ABCDEFGHIJKLMNOPQRSTUVWXY27"),
            "{text}"
        );
        assert!(text.contains("\"version\": 1"));
        assert_eq!(memory.accounts(), ["autotask-default.1"]);

        store
            .save(
                &creds("second-secret"),
                &zone(),
                TicketDefaults::default(),
                None,
            )
            .unwrap();
        assert_eq!(
            store.credentials().unwrap().1.secret.expose(),
            "second-secret"
        );
        assert_eq!(
            memory.accounts(),
            ["autotask-default.2"],
            "the old slot is gone"
        );
        assert!(store.settings_file().backup_path().exists());
        let status = store.status();
        assert!(status.configured && status.secret_present);
        assert!(!serde_json::to_string(&status)
            .unwrap()
            .contains("second-secret"));
    }

    #[test]
    fn a_failure_at_any_step_leaves_the_old_pair_or_the_new_pair() {
        for failing in [
            SaveStep::KeychainWrite,
            SaveStep::SettingsWrite,
            SaveStep::OldSlotDelete,
        ] {
            let dir = tempfile::tempdir().unwrap();
            let memory = Arc::new(MemoryStore::default());
            ConnectionStore::new(memory.clone(), dir.path())
                .save(
                    &creds("old-secret"),
                    &zone(),
                    TicketDefaults::default(),
                    None,
                )
                .unwrap();
            let store =
                ConnectionStore::new(memory.clone(), dir.path()).with_step_hook(move |step| {
                    if step == failing {
                        Err(StorageError::Injected(step))
                    } else {
                        Ok(())
                    }
                });
            let result = store.save(
                &creds("new-secret"),
                &zone(),
                TicketDefaults::default(),
                None,
            );
            let after = store.credentials().unwrap().1.secret.expose().to_string();
            match failing {
                SaveStep::KeychainWrite | SaveStep::SettingsWrite => {
                    assert!(result.is_err(), "{failing:?}");
                    assert_eq!(after, "old-secret", "{failing:?}");
                    assert_eq!(memory.accounts(), ["autotask-default.1"], "{failing:?}");
                }
                SaveStep::OldSlotDelete | SaveStep::SignInRecord => {
                    assert!(result.is_ok());
                    assert_eq!(after, "new-secret");
                    store.reconcile().unwrap();
                    assert_eq!(memory.accounts(), ["autotask-default.2"]);
                }
            }
        }
    }

    #[test]
    fn a_keychain_error_saves_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let (memory, store) = store(dir.path());
        *memory.fail_writes.lock().unwrap() = Some(StorageError::KeychainLocked {
            detail: "locked".into(),
        });
        let e = store
            .save(&creds("s"), &zone(), TicketDefaults::default(), None)
            .unwrap_err();
        assert_eq!(e.to_ipc().code, ErrorCode::KeychainLocked);
        assert!(!store.settings_file().path().exists());
        assert!(!store.status().configured);
    }

    #[test]
    fn oversized_entries_are_refused_before_writing() {
        let dir = tempfile::tempdir().unwrap();
        let (memory, store) = store(dir.path());
        let e = store
            .save(
                &creds(&"x".repeat(2000)),
                &zone(),
                TicketDefaults::default(),
                None,
            )
            .unwrap_err();
        assert!(matches!(
            e,
            StorageError::EntryTooLarge {
                max: MAX_ENTRY_BYTES,
                ..
            }
        ));
        assert!(memory.accounts().is_empty());
    }

    #[test]
    fn disconnect_is_idempotent_and_tolerates_half_state() {
        let dir = tempfile::tempdir().unwrap();
        let (memory, store) = store(dir.path());
        store.disconnect().unwrap();
        store
            .save(&creds("s"), &zone(), TicketDefaults::default(), None)
            .unwrap();
        memory.delete("autotask-default.1").unwrap();
        assert!(!store.status().secret_present);
        store.disconnect().unwrap();
        store.disconnect().unwrap();
        assert!(!store.status().configured);
        assert!(memory.accounts().is_empty());
    }

    #[test]
    fn corrupt_or_newer_settings_are_moved_aside_and_the_backup_can_be_restored() {
        let dir = tempfile::tempdir().unwrap();
        let (_memory, store) = store(dir.path());
        store
            .save(&creds("a"), &zone(), TicketDefaults::default(), None)
            .unwrap();
        store
            .save(&creds("b"), &zone(), TicketDefaults::default(), None)
            .unwrap();
        std::fs::write(store.settings_file().path(), "{ torn").unwrap();
        let status = store.status();
        assert!(!status.configured);
        let notice = status.notice.unwrap();
        assert!(notice.message.contains("not valid JSON"));
        assert!(notice.backup_available);
        assert!(std::path::Path::new(&notice.moved_to).exists());
        store.reconcile().unwrap();
        let restored = store.restore_backup().unwrap().unwrap();
        assert_eq!(
            restored.keychain_slot, 2,
            "points at the slot that still holds the secret"
        );
        assert_eq!(store.credentials().unwrap().1.secret.expose(), "b");
    }

    /// N10: an older copy (status or any read) never moves aside or overwrites the settings a
    /// newer version wrote; two damaged files in one second keep two distinct names.
    #[test]
    fn newer_settings_are_left_alone_and_moved_aside_names_never_collide() {
        let dir = tempfile::tempdir().unwrap();
        let (memory, store) = store(dir.path());
        store
            .save(&creds("a"), &zone(), TicketDefaults::default(), None)
            .unwrap();
        let newer = r#"{"version": 2, "username": "key@msp.com", "whatever": 1}"#;
        std::fs::write(store.settings_file().path(), newer).unwrap();
        let status = store.status();
        assert!(status.notice.unwrap().message.contains("newer version"));
        assert!(store.credentials().is_err());
        assert!(store.update_settings(|_| {}).is_err());
        store.reconcile().unwrap_err();
        assert_eq!(
            std::fs::read_to_string(store.settings_file().path()).unwrap(),
            newer
        );
        assert_eq!(memory.accounts(), ["autotask-default.1"]);
        let asides = |dir: &std::path::Path| {
            std::fs::read_dir(dir)
                .unwrap()
                .flatten()
                .filter(|e| e.file_name().to_string_lossy().contains("unreadable"))
                .count()
        };
        assert_eq!(asides(dir.path()), 0);
        for _ in 0..2 {
            std::fs::write(store.settings_file().path(), "{ torn").unwrap();
            assert!(!store.status().configured);
        }
        assert_eq!(asides(dir.path()), 2);
    }

    #[test]
    fn a_backup_with_a_damaged_slot_number_is_pointed_at_the_slot_holding_the_secret() {
        let dir = tempfile::tempdir().unwrap();
        let (_memory, store) = store(dir.path());
        store
            .save(&creds("a"), &zone(), TicketDefaults::default(), None)
            .unwrap();
        let mut backup: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(store.settings_file().path()).unwrap())
                .unwrap();
        backup["keychainSlot"] = 7.into();
        std::fs::write(store.settings_file().backup_path(), backup.to_string()).unwrap();
        std::fs::write(store.settings_file().path(), "{ torn").unwrap();
        assert!(!store.status().configured);
        let restored = store.restore_backup().unwrap().unwrap();
        assert_eq!(restored.keychain_slot, 1);
        assert_eq!(store.credentials().unwrap().1.secret.expose(), "a");
    }

    #[test]
    fn orphans_from_an_interrupted_first_save_are_removed() {
        let dir = tempfile::tempdir().unwrap();
        let (memory, store) = store(dir.path());
        Journal::new(dir.path()).begin(&[1]).unwrap();
        memory.write("autotask-default.1", "orphan").unwrap();
        store.reconcile().unwrap();
        assert!(memory.accounts().is_empty());
        assert!(Journal::new(dir.path()).pending().is_empty());
    }

    /// N6: settings deleted by a clean-up tool (or not roamed) leave the only copy of the
    /// secret in the keychain: start-up keeps it and offers it back.
    #[test]
    fn without_settings_an_entry_no_journal_names_is_kept_and_offered() {
        let dir = tempfile::tempdir().unwrap();
        let (memory, store) = store(dir.path());
        store
            .save(
                &creds("only-copy"),
                &zone(),
                TicketDefaults::default(),
                None,
            )
            .unwrap();
        std::fs::remove_file(store.settings_file().path()).unwrap();
        let _ = std::fs::remove_file(store.settings_file().backup_path());
        store.reconcile().unwrap();
        assert_eq!(memory.accounts(), ["autotask-default.1"]);
        let (slot, username) = store.found_secret().unwrap().unwrap();
        assert_eq!((slot, username.as_str()), (1, "key@msp.com"));
        assert_eq!(
            store.found_credentials().unwrap().secret.expose(),
            "only-copy"
        );
        // Saving the tested credentials rebuilds the settings (in the other slot).
        store
            .save(
                &creds("only-copy"),
                &zone(),
                TicketDefaults::default(),
                None,
            )
            .unwrap();
        assert_eq!(store.credentials().unwrap().1.secret.expose(), "only-copy");
        store.reconcile().unwrap();
        assert_eq!(memory.accounts().len(), 1);
        assert!(store.found_secret().unwrap().is_none());
    }

    #[test]
    fn an_interrupted_disconnect_is_finished_by_the_next_start() {
        let dir = tempfile::tempdir().unwrap();
        let (memory, store) = store(dir.path());
        store
            .save(&creds("a"), &zone(), TicketDefaults::default(), None)
            .unwrap();
        *memory.fail_deletes.lock().unwrap() = Some(StorageError::KeychainLocked {
            detail: "locked".into(),
        });
        assert!(store.disconnect().is_err());
        *memory.fail_deletes.lock().unwrap() = None;
        store.reconcile().unwrap();
        assert!(memory.accounts().is_empty());
    }

    fn edit_saved(store: &ConnectionStore, edit: impl FnOnce(&mut serde_json::Value)) {
        let path = store.settings_file().path();
        let mut saved: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        edit(&mut saved);
        std::fs::write(&path, saved.to_string()).unwrap();
    }

    #[test]
    fn a_bad_slot_or_a_zone_that_is_no_web_address_is_moved_aside_on_load() {
        type Edit = fn(&mut serde_json::Value);
        let edits: [(&str, Edit); 5] = [
            ("keychain slot is 7", |s| s["keychainSlot"] = 7.into()),
            ("keychain slot is 0", |s| s["keychainSlot"] = 0.into()),
            ("not a web address", |s| {
                s["zone"]["apiUrl"] = "garbage".into()
            }),
            ("not a web address", |s| {
                s["zone"]["apiUrl"] = "mailto:key@msp.com".into()
            }),
            ("not a web address", |s| {
                s["zone"]["apiUrl"] = "file:///etc/passwd".into()
            }),
        ];
        for (reason, edit) in edits {
            let dir = tempfile::tempdir().unwrap();
            let (_memory, store) = store(dir.path());
            store
                .save(&creds("a"), &zone(), TicketDefaults::default(), None)
                .unwrap();
            edit_saved(&store, edit);
            let status = store.status();
            assert!(!status.configured, "{reason}");
            let notice = status.notice.expect(reason);
            assert!(notice.message.contains(reason), "{}", notice.message);
            assert!(std::path::Path::new(&notice.moved_to).exists());
            assert!(!store.settings_file().path().exists());
            assert!(matches!(
                store.credentials(),
                Err(StorageError::NotConfigured)
            ));
        }
    }

    #[test]
    fn a_zone_on_another_host_loads_and_is_left_to_the_request_layer() {
        let dir = tempfile::tempdir().unwrap();
        let (_memory, store) = store(dir.path());
        store
            .save(&creds("a"), &zone(), TicketDefaults::default(), None)
            .unwrap();
        edit_saved(&store, |s| {
            s["zone"]["apiUrl"] = "https://evil.example/ATServicesRest/".into()
        });
        let (settings, _) = store.credentials().unwrap();
        assert_eq!(
            settings.zone.api_url,
            "https://evil.example/ATServicesRest/"
        );
    }

    #[test]
    fn a_restored_backup_whose_slot_holds_nothing_points_at_a_real_slot() {
        let dir = tempfile::tempdir().unwrap();
        let (memory, store) = store(dir.path());
        store
            .save(&creds("a"), &zone(), TicketDefaults::default(), None)
            .unwrap();
        std::fs::copy(
            store.settings_file().path(),
            store.settings_file().backup_path(),
        )
        .unwrap();
        let backup = store.settings_file().backup_path();
        let mut saved: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&backup).unwrap()).unwrap();
        saved["keychainSlot"] = 7.into();
        std::fs::write(&backup, saved.to_string()).unwrap();
        memory.delete("autotask-default.1").unwrap();
        std::fs::write(store.settings_file().path(), "{ torn").unwrap();
        assert!(!store.status().configured);
        let restored = store.restore_backup().unwrap().unwrap();
        assert_eq!(restored.keychain_slot, 1);
        let status = store.status();
        assert!(status.configured && !status.secret_present && status.notice.is_none());
    }
}

//! The sign-in ledger: what Autotask said about credentials, across processes and whether or
//! not they are saved. A scheduled `check`, an RMM's `connect` loop and the window all consult
//! it before sending, so a secret Autotask rejected costs one failed sign-in per machine, not
//! one per run. It holds keyed fingerprints only: HMAC-SHA256 under a random per-install key
//! (`sign-in.key`), never a secret or anything a secret can be recovered from without the key.
//!
//! Fail closed: "a sign-in is about to be sent" is written *before* sending; if it cannot be
//! written, nothing is sent. A marker that was never finished (the process died, or the outcome
//! could not be written) blocks the next unattended send as a rejection would. A lost key or a
//! damaged ledger also refuses (the rejections it held can no longer be matched) until the admin
//! asks for one more try, which starts a new ledger.

use std::collections::HashSet;
use std::fs;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{now_rfc3339, Rejection, StorageError};
use crate::error::ErrorCode;
use crate::validation::Credentials;

const KEY_NAME: &str = "sign-in.key";
const LEDGER_NAME: &str = "sign-ins.json";
const LEDGER_VERSION: u32 = 1;
/// Enough for every credential a machine plausibly tries; the oldest entries go first.
const MAX_ENTRIES: usize = 64;
/// Different rejected secrets for one username after which the next new one waits for the
/// admin's word: Autotask locks an API user after repeated failed sign-ins.
pub const WARN_AFTER_REJECTED_SECRETS: u32 = 2;

/// Why a sign-in must not be sent now (unless the admin asks for one more try).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SignInRefusal {
    #[error("Autotask rejected these credentials")]
    Rejected(Rejection),
    /// The one deliberate re-send of these rejected credentials was used in this process and
    /// Autotask rejected them again: nothing more until something changes.
    #[error("the one more try with these rejected credentials was used")]
    RetrySpent(Rejection),
    /// New credentials for a username Autotask already rejected several secrets of: sent
    /// only when the admin confirms.
    #[error("Autotask rejected {} different secrets for this username", .0.rejected_secrets)]
    ConfirmFirst(SignInHistory),
    /// A sign-in was started at this time and its outcome never recorded.
    #[error("the outcome of a sign-in started at {0} was never recorded")]
    Unfinished(String),
    /// The ledger or its key is gone or damaged: earlier rejections can no longer be matched.
    #[error("the record of rejected sign-ins is unusable: {0}")]
    Lost(String),
    /// "A sign-in is about to be sent" could not be recorded.
    #[error("a sign-in could not be recorded: {0}")]
    Unrecordable(StorageError),
}

/// What the answer to a sign-in said about the credentials.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SignInOutcome {
    /// Autotask accepted the user (whatever else failed later).
    Accepted,
    /// Autotask rejected them (401, locked or inactive user).
    Rejected { code: ErrorCode, message: String },
    /// Nothing known about the credentials (network, timeout, cancelled).
    Inconclusive,
}

/// What this computer knows about sign-ins as one username: shown before a deliberate
/// re-send ("Test once anyway") so the admin sees how close the API user may be to a lock.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SignInHistory {
    /// Rejected sign-ins as this username from this computer since its last accepted one.
    pub rejected_sign_ins: u32,
    /// How many different secrets (or integration codes) of these were rejected.
    pub rejected_secrets: u32,
    /// Autotask's rejection of exactly these credentials, when it stands.
    pub rejection: Option<Rejection>,
    /// The one deliberate re-send of these credentials was used in this session.
    pub retry_spent: bool,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Entry {
    /// HMAC of the case-folded username, the integration code and the secret.
    credentials: String,
    /// HMAC of the case-folded username alone: a success as that user clears its entries.
    user: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    rejected: Option<Rejection>,
    /// How many sign-ins with these credentials Autotask rejected (1 when written before
    /// counts were kept).
    #[serde(default, skip_serializing_if = "is_zero")]
    rejections: u32,
    /// When a sign-in with these credentials was started and not yet finished.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    sending_since: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct LedgerFile {
    version: u32,
    /// Which key wrote the entries (an HMAC of a fixed text), so a replaced key is noticed.
    key_id: String,
    entries: Vec<Entry>,
}

use super::sign_in_prints::{fingerprints, key_id, write_atomic, write_error, Key};

fn is_zero(n: &u32) -> bool {
    *n == 0
}

/// The ledger in one folder. Callers hold the process lock around every method.
#[derive(Debug, Clone)]
pub struct SignInLedger {
    dir: PathBuf,
    /// Credentials whose one deliberate re-send this process used ("Test once anyway" is
    /// single-use until something changes: other credentials, an accepted sign-in, a restart).
    spent: Arc<Mutex<HashSet<String>>>,
}

/// The ledger as read: its key (when there is one) and its entries.
struct Opened {
    key: Option<Key>,
    file: LedgerFile,
}

impl SignInLedger {
    pub fn new(dir: impl Into<PathBuf>) -> Self {
        Self {
            dir: dir.into(),
            spent: Arc::default(),
        }
    }

    fn key_path(&self) -> PathBuf {
        self.dir.join(KEY_NAME)
    }

    fn ledger_path(&self) -> PathBuf {
        self.dir.join(LEDGER_NAME)
    }

    fn read_key(&self) -> Result<Option<Key>, String> {
        match fs::read_to_string(self.key_path()) {
            Ok(text) => {
                let bytes: Vec<u8> = (0..text.trim().len())
                    .step_by(2)
                    .filter_map(|i| text.trim().get(i..i + 2))
                    .filter_map(|pair| u8::from_str_radix(pair, 16).ok())
                    .collect();
                Key::try_from(bytes.as_slice())
                    .map(Some)
                    .map_err(|_| format!("{KEY_NAME} is damaged"))
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(format!("{KEY_NAME} cannot be read ({e})")),
        }
    }

    fn read_file(&self) -> Result<Option<LedgerFile>, String> {
        match fs::read_to_string(self.ledger_path()) {
            Ok(text) => serde_json::from_str::<LedgerFile>(&text)
                .map(Some)
                .map_err(|e| format!("{LEDGER_NAME} is damaged ({e})")),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(format!("{LEDGER_NAME} cannot be read ({e})")),
        }
    }

    /// The key and entries, or why they cannot be trusted.
    fn open(&self) -> Result<Opened, String> {
        let key = self.read_key()?;
        let file = self.read_file()?;
        match (key, file) {
            (Some(key), Some(file)) if file.key_id == key_id(&key) => Ok(Opened {
                key: Some(key),
                file,
            }),
            (_, Some(file)) if !file.entries.is_empty() => Err(format!(
                "{KEY_NAME} is missing or was replaced, so the rejections in {LEDGER_NAME} cannot be matched"
            )),
            (key, _) => Ok(Opened {
                key,
                file: LedgerFile::default(),
            }),
        }
    }

    fn new_key(&self) -> Result<Key, StorageError> {
        let mut key = Key::default();
        getrandom::fill(&mut key).map_err(|e| write_error(&self.key_path(), e))?;
        let hex: String = key.iter().map(|b| format!("{b:02x}")).collect();
        write_atomic(&self.dir, &self.key_path(), hex.as_bytes())?;
        Ok(key)
    }

    fn save(&self, key: &Key, mut file: LedgerFile) -> Result<(), StorageError> {
        if file.entries.len() > MAX_ENTRIES {
            let extra = file.entries.len() - MAX_ENTRIES;
            file.entries.drain(..extra);
        }
        file.version = LEDGER_VERSION;
        file.key_id = key_id(key);
        let text = serde_json::to_vec_pretty(&file).map_err(|e| write_error(&self.dir, e))?;
        write_atomic(&self.dir, &self.ledger_path(), &text)
    }

    /// Refuses credentials Autotask rejected, or whose last sign-in was never recorded, and new
    /// credentials for a username with several rejected secrets, unless `retry` (the admin
    /// asked; once per rejected credentials in this process). Then records that a sign-in is
    /// about to be sent. Nothing may be sent on `Err`.
    pub fn begin(&self, creds: &Credentials, retry: bool) -> Result<(), SignInRefusal> {
        let opened = match self.open() {
            Ok(opened) => opened,
            Err(why) if !retry => return Err(SignInRefusal::Lost(why)),
            Err(why) => {
                tracing::warn!("starting a new sign-in ledger: {why}");
                Opened {
                    key: None,
                    file: LedgerFile::default(),
                }
            }
        };
        let key = match opened.key {
            Some(key) => key,
            None => self.new_key().map_err(SignInRefusal::Unrecordable)?,
        };
        let mut file = opened.file;
        let (print, user) = fingerprints(&key, creds);
        let index = file.entries.iter().position(|e| e.credentials == print);
        let entry = index.map(|i| &file.entries[i]);
        self.may_send(&file, entry, &user, retry)?;
        if let Some(rejection) = entry.and_then(|e| e.rejected.clone()) {
            // The one more try the admin asked for: used now, whatever the answer.
            let mut spent = crate::lock::lock(&self.spent);
            if !spent.insert(print.clone()) {
                return Err(SignInRefusal::RetrySpent(rejection));
            }
        }
        let mut entry = index.map(|i| file.entries.remove(i)).unwrap_or(Entry {
            credentials: print,
            user,
            ..Entry::default()
        });
        entry.sending_since = Some(now_rfc3339());
        file.entries.push(entry);
        self.save(&key, file).map_err(SignInRefusal::Unrecordable)
    }

    /// Whether a sign-in with the credentials of `entry` may go out unasked (`retry` false).
    fn may_send(
        &self,
        file: &LedgerFile,
        entry: Option<&Entry>,
        user: &str,
        retry: bool,
    ) -> Result<(), SignInRefusal> {
        if retry {
            return Ok(());
        }
        if let Some(rejection) = entry.and_then(|e| e.rejected.as_ref()) {
            return Err(SignInRefusal::Rejected(rejection.clone()));
        }
        if let Some(since) = entry.and_then(|e| e.sending_since.as_ref()) {
            return Err(SignInRefusal::Unfinished(since.clone()));
        }
        let history = history_of(file, user);
        if history.rejected_secrets >= WARN_AFTER_REJECTED_SECRETS {
            return Err(SignInRefusal::ConfirmFirst(history));
        }
        Ok(())
    }

    /// Records what the answer said. An error leaves the marker of [`Self::begin`] in place,
    /// so the next unattended send is refused rather than repeated.
    pub fn finish(&self, creds: &Credentials, outcome: SignInOutcome) -> Result<(), StorageError> {
        let unusable = |why: String| write_error(&self.ledger_path(), why);
        let opened = self.open().map_err(unusable)?;
        let key = opened
            .key
            .ok_or_else(|| unusable(format!("{KEY_NAME} is missing")))?;
        let mut file = opened.file;
        let (print, user) = fingerprints(&key, creds);
        match outcome {
            SignInOutcome::Accepted => {
                file.entries.retain(|e| e.user != user);
                crate::lock::lock(&self.spent).clear();
            }
            SignInOutcome::Rejected { code, message } => {
                let before = file.entries.iter().position(|e| e.credentials == print);
                let earlier = before.map(|i| file.entries.remove(i)).map_or(0, |e| {
                    // Rejections written before counts were kept count once.
                    e.rejected.map_or(0, |_| e.rejections.max(1))
                });
                file.entries.push(Entry {
                    credentials: print,
                    user,
                    rejected: Some(Rejection {
                        at: now_rfc3339(),
                        code,
                        message,
                    }),
                    rejections: earlier + 1,
                    sending_since: None,
                });
            }
            SignInOutcome::Inconclusive => {
                // Autotask said nothing about them: the one more try is not used up.
                crate::lock::lock(&self.spent).remove(&print);
                for entry in file.entries.iter_mut().filter(|e| e.credentials == print) {
                    entry.sending_since = None;
                }
                file.entries
                    .retain(|e| e.rejected.is_some() || e.sending_since.is_some());
            }
        }
        self.save(&key, file)
    }

    /// Whether these credentials stand rejected (for showing, not for deciding to send).
    pub fn rejection(&self, creds: &Credentials) -> Option<Rejection> {
        self.history(creds).rejection
    }

    /// What this computer knows about sign-ins as the username of `creds` (for showing).
    pub fn history(&self, creds: &Credentials) -> SignInHistory {
        let Ok(Opened {
            key: Some(key),
            file,
        }) = self.open()
        else {
            return SignInHistory::default();
        };
        let (print, user) = fingerprints(&key, creds);
        let entry = file.entries.iter().find(|e| e.credentials == print);
        SignInHistory {
            rejection: entry.and_then(|e| e.rejected.clone()),
            retry_spent: crate::lock::lock(&self.spent).contains(&print),
            ..history_of(&file, &user)
        }
    }
}

/// The rejected sign-ins and secrets of one username in `file`.
fn history_of(file: &LedgerFile, user: &str) -> SignInHistory {
    let rejected = file
        .entries
        .iter()
        .filter(|e| e.user == user && e.rejected.is_some());
    SignInHistory {
        rejected_sign_ins: rejected.clone().map(|e| e.rejections.max(1)).sum(),
        rejected_secrets: rejected.count() as u32,
        ..SignInHistory::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::secret::Secret;

    fn creds(user: &str, secret: &str) -> Credentials {
        Credentials {
            integration_code: Secret::new("ABCDEFGHIJKLMNOPQRSTUVWXY27"),
            username: user.into(),
            secret: Secret::new(secret),
            zone_url: None,
        }
    }

    fn rejected() -> SignInOutcome {
        SignInOutcome::Rejected {
            code: ErrorCode::InvalidCredentials,
            message: "401".into(),
        }
    }

    #[test]
    fn a_rejection_is_remembered_by_a_new_ledger_on_the_same_folder_in_any_username_case() {
        let dir = tempfile::tempdir().unwrap();
        let first = SignInLedger::new(dir.path());
        first.begin(&creds("Key@MSP.com", "wrong"), false).unwrap();
        first
            .finish(&creds("Key@MSP.com", "wrong"), rejected())
            .unwrap();
        let second = SignInLedger::new(dir.path());
        for user in ["key@msp.com", "KEY@MSP.COM", " key@msp.com"] {
            assert!(matches!(
                second.begin(&creds(user, "wrong"), false),
                Err(SignInRefusal::Rejected(_))
            ));
        }
        second.begin(&creds("key@msp.com", "right"), false).unwrap();
        second
            .finish(&creds("key@msp.com", "right"), SignInOutcome::Accepted)
            .unwrap();
        second.begin(&creds("key@msp.com", "wrong"), false).unwrap();
    }

    #[test]
    fn the_ledger_holds_no_secret_and_the_key_stays_apart() {
        let dir = tempfile::tempdir().unwrap();
        let ledger = SignInLedger::new(dir.path());
        ledger
            .begin(&creds("key@msp.com", "Sekr1t*Value"), false)
            .unwrap();
        let text = fs::read_to_string(dir.path().join(LEDGER_NAME)).unwrap();
        assert!(!text.contains("Sekr1t") && !text.contains("key@msp") && !text.contains("ABCDEFG"));
        let key = fs::read_to_string(dir.path().join(KEY_NAME)).unwrap();
        assert!(!text.contains(key.trim()));
    }

    #[test]
    fn an_unfinished_sign_in_refuses_the_next_until_asked() {
        let dir = tempfile::tempdir().unwrap();
        let ledger = SignInLedger::new(dir.path());
        ledger.begin(&creds("u@x.com", "s"), false).unwrap();
        assert!(matches!(
            ledger.begin(&creds("u@x.com", "s"), false),
            Err(SignInRefusal::Unfinished(_))
        ));
        ledger.begin(&creds("u@x.com", "s"), true).unwrap();
        ledger
            .finish(&creds("u@x.com", "s"), SignInOutcome::Inconclusive)
            .unwrap();
        ledger.begin(&creds("u@x.com", "s"), false).unwrap();
    }

    #[test]
    fn a_lost_key_or_damaged_ledger_refuses_until_asked_then_starts_again() {
        let dir = tempfile::tempdir().unwrap();
        let ledger = SignInLedger::new(dir.path());
        ledger.begin(&creds("u@x.com", "bad"), false).unwrap();
        ledger.finish(&creds("u@x.com", "bad"), rejected()).unwrap();
        fs::remove_file(dir.path().join(KEY_NAME)).unwrap();
        assert!(matches!(
            ledger.begin(&creds("u@x.com", "other"), false),
            Err(SignInRefusal::Lost(_))
        ));
        ledger.begin(&creds("u@x.com", "other"), true).unwrap();
        fs::write(dir.path().join(LEDGER_NAME), "{not json").unwrap();
        assert!(matches!(
            ledger.begin(&creds("u@x.com", "other"), false),
            Err(SignInRefusal::Lost(_))
        ));
    }

    fn reject(ledger: &SignInLedger, c: &Credentials, retry: bool) {
        ledger.begin(c, retry).unwrap();
        ledger.finish(c, rejected()).unwrap();
    }

    #[test]
    fn one_more_try_is_single_use_and_counted_until_a_sign_in_is_accepted() {
        let dir = tempfile::tempdir().unwrap();
        let ledger = SignInLedger::new(dir.path());
        let wrong = creds("u@x.com", "wrong");
        reject(&ledger, &wrong, false);
        assert!(!ledger.history(&wrong).retry_spent);
        reject(&ledger, &wrong, true);
        let history = ledger.history(&wrong);
        assert_eq!(
            (history.rejected_sign_ins, history.rejected_secrets),
            (2, 1)
        );
        assert!(history.retry_spent && history.rejection.is_some());
        assert!(matches!(
            ledger.begin(&wrong, true),
            Err(SignInRefusal::RetrySpent(_))
        ));
        // Another process (a restart) may try once more, and sees the count.
        let restarted = SignInLedger::new(dir.path());
        assert!(!restarted.history(&wrong).retry_spent);
        assert_eq!(restarted.history(&wrong).rejected_sign_ins, 2);
        // The user was unlocked and the right secret passes: everything is forgotten.
        let right = creds("u@x.com", "right");
        ledger.begin(&right, false).unwrap();
        ledger.finish(&right, SignInOutcome::Accepted).unwrap();
        assert_eq!(ledger.history(&wrong), SignInHistory::default());
        ledger.begin(&wrong, false).unwrap();
    }

    #[test]
    fn an_unlocked_user_passes_after_one_deliberate_try_of_the_secret_refused_while_locked() {
        let dir = tempfile::tempdir().unwrap();
        let ledger = SignInLedger::new(dir.path());
        let right = creds("u@x.com", "right");
        reject(&ledger, &right, false); // locked at the time
        ledger.begin(&right, true).unwrap();
        ledger.finish(&right, SignInOutcome::Accepted).unwrap();
        ledger.begin(&right, false).unwrap();
    }

    #[test]
    fn a_third_different_secret_waits_for_the_admin_and_an_inconclusive_try_is_not_used_up() {
        let dir = tempfile::tempdir().unwrap();
        let ledger = SignInLedger::new(dir.path());
        reject(&ledger, &creds("u@x.com", "one"), false);
        ledger.begin(&creds("other@x.com", "x"), false).unwrap();
        reject(&ledger, &creds("U@X.com", "two"), false);
        let third = creds("u@x.com", "three");
        match ledger.begin(&third, false) {
            Err(SignInRefusal::ConfirmFirst(h)) => {
                assert_eq!((h.rejected_secrets, h.rejected_sign_ins), (2, 2))
            }
            other => panic!("{other:?}"),
        }
        ledger.begin(&third, true).unwrap();
        ledger.finish(&third, SignInOutcome::Inconclusive).unwrap();
        let one = creds("u@x.com", "one");
        ledger.begin(&one, true).unwrap();
        ledger.finish(&one, SignInOutcome::Inconclusive).unwrap();
        assert!(!ledger.history(&one).retry_spent);
        ledger.begin(&one, true).unwrap();
    }

    #[test]
    fn an_unwritable_folder_refuses_to_send() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("not-a-folder");
        fs::write(&file, "").unwrap();
        let ledger = SignInLedger::new(&file);
        assert!(matches!(
            ledger.begin(&creds("u@x.com", "s"), false),
            Err(SignInRefusal::Unrecordable(_) | SignInRefusal::Lost(_))
        ));
    }
}

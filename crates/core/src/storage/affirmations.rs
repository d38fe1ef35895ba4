//! What the admin affirmed in the wizard's "create the API user" guide that the API cannot
//! check, with the date each was ticked: `checklist.json` beside the settings, so support
//! can see what was affirmed (the support bundle shows it). Written before a connection is
//! saved (the guide comes first), atomically; removed with the connection.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::StorageError;

const FILE_NAME: &str = "checklist.json";

/// The guide's items Autotask's API gives no way to verify (the one list).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum Affirmation {
    /// A copied security level keeps passwords from expiring (else the secret dies one day).
    PasswordNeverExpires,
    /// The API user has every line of business (else records tied to one are invisible).
    AllLinesOfBusiness,
    /// Protected data is allowed on the security level, when Vectis must read it.
    ProtectedData,
}

impl Affirmation {
    pub const ALL: [Self; 3] = [
        Self::PasswordNeverExpires,
        Self::AllLinesOfBusiness,
        Self::ProtectedData,
    ];

    /// What the admin affirmed, as support reads it.
    pub fn statement(self) -> &'static str {
        match self {
            Self::PasswordNeverExpires => "The API user's password (secret) never expires: \"Not required to change password\" on a copied security level.",
            Self::AllLinesOfBusiness => "The API user has every Line of Business association (or none are used).",
            Self::ProtectedData => "Protected data permissions on the security level match what Vectis needs.",
        }
    }
}

/// One affirmed item and when it was ticked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Affirmed {
    pub item: Affirmation,
    /// RFC 3339, UTC.
    pub at: String,
    pub statement: String,
}

#[derive(Debug, Default, Serialize, Deserialize)]
struct File {
    /// Item name → when it was ticked; names this version does not know are kept as they are.
    #[serde(default)]
    ticked: BTreeMap<String, String>,
}

#[derive(Debug, Clone)]
pub struct Checklist {
    path: PathBuf,
}

fn item_name(item: Affirmation) -> String {
    serde_json::to_value(item)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

impl Checklist {
    pub fn new(dir: &Path) -> Self {
        Self {
            path: dir.join(FILE_NAME),
        }
    }

    /// A missing or unreadable file is an empty list: it only records, it never blocks.
    fn read(&self) -> File {
        std::fs::read_to_string(&self.path)
            .ok()
            .and_then(|text| serde_json::from_str(&text).ok())
            .unwrap_or_default()
    }

    /// The affirmed items, in the list's order.
    pub fn affirmed(&self) -> Vec<Affirmed> {
        let file = self.read();
        Affirmation::ALL
            .into_iter()
            .filter_map(|item| {
                file.ticked.get(&item_name(item)).map(|at| Affirmed {
                    item,
                    at: at.clone(),
                    statement: item.statement().into(),
                })
            })
            .collect()
    }

    /// Ticks `item` at `at` (a tick already recorded keeps its first date), or unticks it.
    pub fn set(&self, item: Affirmation, ticked: bool, at: String) -> Result<(), StorageError> {
        let mut file = self.read();
        let name = item_name(item);
        match ticked {
            true => {
                file.ticked.entry(name).or_insert(at);
            }
            false => {
                file.ticked.remove(&name);
            }
        }
        self.write(&file)
    }

    fn write(&self, file: &File) -> Result<(), StorageError> {
        let fail = |e: std::io::Error| StorageError::SettingsWrite {
            path: self.path.display().to_string(),
            detail: e.to_string(),
        };
        let dir = self.path.parent().unwrap_or(Path::new("."));
        std::fs::create_dir_all(dir).map_err(fail)?;
        let text = serde_json::to_string_pretty(file).unwrap_or_default();
        let mut temp = tempfile::Builder::new()
            .prefix(".checklist-")
            .tempfile_in(dir)
            .map_err(fail)?;
        temp.write_all(text.as_bytes()).map_err(fail)?;
        temp.as_file().sync_all().map_err(fail)?;
        temp.persist(&self.path).map_err(|e| fail(e.error))?;
        Ok(())
    }

    pub fn remove(&self) -> Result<(), StorageError> {
        match std::fs::remove_file(&self.path) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
                Err(StorageError::SettingsWrite {
                    path: self.path.display().to_string(),
                    detail: e.to_string(),
                })
            }
            _ => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_tick_keeps_its_first_date_an_untick_removes_it_and_unknown_items_survive() {
        let dir = tempfile::tempdir().unwrap();
        let list = Checklist::new(dir.path());
        assert!(list.affirmed().is_empty());
        std::fs::write(
            dir.path().join(FILE_NAME),
            r#"{"ticked":{"futureItem":"2027-01-01T00:00:00Z"}}"#,
        )
        .unwrap();
        list.set(
            Affirmation::ProtectedData,
            true,
            "2027-02-01T00:00:00Z".into(),
        )
        .unwrap();
        list.set(
            Affirmation::ProtectedData,
            true,
            "2027-03-01T00:00:00Z".into(),
        )
        .unwrap();
        list.set(
            Affirmation::PasswordNeverExpires,
            true,
            "2027-02-02T00:00:00Z".into(),
        )
        .unwrap();
        let affirmed = list.affirmed();
        assert_eq!(
            affirmed
                .iter()
                .map(|a| (a.item, a.at.as_str()))
                .collect::<Vec<_>>(),
            [
                (Affirmation::PasswordNeverExpires, "2027-02-02T00:00:00Z"),
                (Affirmation::ProtectedData, "2027-02-01T00:00:00Z")
            ]
        );
        list.set(Affirmation::ProtectedData, false, String::new())
            .unwrap();
        assert_eq!(list.affirmed().len(), 1);
        let text = std::fs::read_to_string(dir.path().join(FILE_NAME)).unwrap();
        assert!(text.contains("futureItem"), "{text}");
        list.remove().unwrap();
        list.remove().unwrap();
        assert!(list.affirmed().is_empty());
    }
}

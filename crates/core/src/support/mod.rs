//! Support: a redacted bundle of what a person helping the admin needs (versions, mode, the
//! saved connection, the last Test with its request timeline, the log's last lines), and the
//! one [`Redactor`] every text shown or written for a person passes through.

pub mod bundle;
pub mod logs;
pub mod redact;
pub mod system;

use std::path::Path;

pub use bundle::{BundleParts, LastRun};
pub use redact::Redactor;

use crate::autotask::connection_test::TestReport;
use crate::policy::Policy;

/// What only the front end knows: the WebView's version and the organisation's policy.
#[derive(Debug, Clone, Default)]
pub struct BundleAbout {
    /// E.g. `2.44.0` (WebKitGTK), `unknown`, or `not applicable` (the CLI).
    pub webview: String,
    pub policy: Option<Policy>,
}

/// `vectis-support-YYYY-MM-DD.json` for today (UTC).
pub fn default_file_name() -> String {
    let today = time::OffsetDateTime::now_utc().date();
    format!(
        "vectis-support-{:04}-{:02}-{:02}.json",
        today.year(),
        u8::from(today.month()),
        today.day()
    )
}

/// Every text of a report that a person reads or copies, redacted in place.
pub fn redact_report(redactor: &Redactor, report: &mut TestReport) {
    if redactor.is_empty() {
        return;
    }
    report.message = redactor.redact(&report.message);
    report.details = redactor.redact(&report.details);
    for check in &mut report.checks {
        check.message = redactor.redact(&check.message);
    }
    if let Some(error) = &mut report.error {
        error.message = redactor.redact(&error.message);
        error.remediation = redactor.redact(&error.remediation);
    }
    for p in &mut report.permissions {
        p.fix = p.fix.as_ref().map(|f| redactor.redact(f));
    }
}

/// The one writer: the whole document or nothing (a temporary file beside it, then renamed),
/// readable only by this user where the platform allows.
pub fn write_bundle(path: &Path, text: &str) -> std::io::Result<()> {
    use std::io::Write;
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let mut file = tempfile::NamedTempFile::new_in(dir)?;
    file.write_all(text.as_bytes())?;
    file.write_all(b"\n")?;
    file.as_file().sync_all()?;
    file.persist(path).map_err(|e| e.error)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_file_name_is_dated_and_the_writer_replaces_whole_files() {
        let name = default_file_name();
        assert!(name.starts_with("vectis-support-20") && name.ends_with(".json"));
        assert_eq!(name.len(), "vectis-support-2026-01-31.json".len());
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(&name);
        write_bundle(&path, "{\"a\":1}").unwrap();
        write_bundle(&path, "{}").unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "{}\n");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600, "tempfile creates it private");
        }
    }
}

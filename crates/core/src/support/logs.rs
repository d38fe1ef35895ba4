//! The last lines of the newest log file, for the bundle (redacted there like everything else).

use std::io::{Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};

use serde::Serialize;

/// How many lines the bundle carries, and how far back in the file it reads at most.
pub const LOG_LINES: usize = 300;
const TAIL_BYTES: u64 = 512 * 1024;

#[derive(Debug, Clone, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LogTail {
    /// The file the lines come from; none when there is no log yet.
    pub file: Option<String>,
    pub lines: Vec<String>,
    /// Keychain libraries' debug lines among those (one per keychain read at `VECTIS_LOG=debug`):
    /// left out and counted, so the lines a person reads are the app's own.
    pub left_out: usize,
}

/// Libraries that log every keychain access at debug level (`keyring`: "get password from
/// entry …"): no secret, but dozens of alarming-looking lines in a bundle.
const KEYCHAIN_TARGETS: [&str; 3] = ["keyring", "secret_service", "zbus"];

/// A DEBUG or TRACE line of a keychain library (tracing's format: `time LEVEL [spans] target: …`);
/// a warning or error of theirs always stays.
fn keychain_noise(line: &str) -> bool {
    let mut words = line.split_whitespace();
    let level = words.nth(1).unwrap_or_default();
    if level != "DEBUG" && level != "TRACE" {
        return false;
    }
    // The target is the first word ending in `:` that does not close a span (`name{…}:`).
    let target = words.find(|w| w.ends_with(':') && !w.ends_with("}:"));
    target.is_some_and(|w| {
        KEYCHAIN_TARGETS.iter().any(|t| {
            w.strip_prefix(t)
                .is_some_and(|rest| rest == ":" || rest.starts_with("::"))
        })
    })
}

/// The most recently written file in `dir` whose name looks like one of the app's logs.
fn newest_log(dir: &Path) -> Option<PathBuf> {
    std::fs::read_dir(dir)
        .ok()?
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().contains(".log"))
        .filter_map(|e| Some((e.metadata().ok()?.modified().ok()?, e.file_name(), e.path())))
        .max()
        .map(|(_, _, path)| path)
}

/// The last `max` lines of the newest log file in `dir`.
pub fn tail(dir: &Path, max: usize) -> LogTail {
    let Some(path) = newest_log(dir) else {
        return LogTail::default();
    };
    let mut text = String::new();
    let mut cut = false;
    if let Ok(mut file) = std::fs::File::open(&path) {
        let len = file.metadata().map(|m| m.len()).unwrap_or(0);
        if len > TAIL_BYTES && file.seek(SeekFrom::Start(len - TAIL_BYTES)).is_ok() {
            cut = true;
        }
        let mut bytes = Vec::new();
        let _ = file.read_to_end(&mut bytes);
        text = String::from_utf8_lossy(&bytes).into_owned();
    }
    let mut lines: Vec<&str> = text.lines().collect();
    if cut && !lines.is_empty() {
        lines.remove(0); // a partial first line
    }
    let kept: Vec<usize> = (0..lines.len())
        .filter(|&i| !keychain_noise(lines[i]))
        .collect();
    let kept = &kept[kept.len().saturating_sub(max)..];
    let first = kept.first().copied().unwrap_or(0);
    LogTail {
        file: Some(path.display().to_string()),
        lines: kept.iter().map(|&i| lines[i].to_string()).collect(),
        left_out: lines[first..].iter().filter(|l| keychain_noise(l)).count(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_newest_file_and_its_last_lines() {
        let dir = tempfile::tempdir().unwrap();
        assert!(tail(dir.path(), 3).file.is_none());
        std::fs::write(dir.path().join("vectis-setup.2020-01-01.log"), "old\n").unwrap();
        std::thread::sleep(std::time::Duration::from_millis(20));
        let lines: String = (1..=10).map(|n| format!("line {n}\n")).collect();
        std::fs::write(dir.path().join("vectis-setup.2020-01-02.log"), lines).unwrap();
        let t = tail(dir.path(), 3);
        assert!(t.file.unwrap().ends_with("2020-01-02.log"));
        assert_eq!(t.lines, vec!["line 8", "line 9", "line 10"]);
        assert_eq!(t.left_out, 0);
    }

    /// At `VECTIS_LOG=debug` every keychain read logs a line; they are counted, not shown, and
    /// do not push the app's own lines out of the tail. A keychain warning stays.
    #[test]
    fn keychain_debug_lines_are_counted_not_shown() {
        let dir = tempfile::tempdir().unwrap();
        let mut text = String::new();
        for n in 1..=5 {
            text.push_str(&format!(
                "2026-12-06T05:12:0{n}.1Z  INFO vectis_core::service: step {n}\n"
            ));
            for _ in 0..10 {
                text.push_str("2026-12-06T05:12:09.1Z DEBUG keyring: get password from entry Entry { service: \"vectis\" }\n");
            }
        }
        text.push_str(
            "2026-12-06T05:12:10.1Z DEBUG start_test{n=1}: secret_service::blocking: opened\n",
        );
        text.push_str("2026-12-06T05:12:10.2Z  WARN keyring: the keychain is locked\n");
        text.push_str("2026-12-06T05:12:10.3Z DEBUG vectis_core::storage: keyring: read\n");
        std::fs::write(dir.path().join("vectis-setup.2026-12-06.log"), text).unwrap();
        let t = tail(dir.path(), 4);
        assert_eq!(
            t.lines,
            [
                "2026-12-06T05:12:04.1Z  INFO vectis_core::service: step 4",
                "2026-12-06T05:12:05.1Z  INFO vectis_core::service: step 5",
                "2026-12-06T05:12:10.2Z  WARN keyring: the keychain is locked",
                "2026-12-06T05:12:10.3Z DEBUG vectis_core::storage: keyring: read",
            ]
        );
        assert_eq!(t.left_out, 21, "the noise after the first line shown");
    }
}

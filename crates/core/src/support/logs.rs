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
    let start = lines.len().saturating_sub(max);
    LogTail {
        file: Some(path.display().to_string()),
        lines: lines[start..].iter().map(|l| l.to_string()).collect(),
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
    }
}

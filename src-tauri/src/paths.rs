//! Where the app keeps its files, per platform (XDG on Linux, Application Support on macOS,
//! %APPDATA% on Windows).

use std::path::PathBuf;

fn project() -> Option<directories::ProjectDirs> {
    directories::ProjectDirs::from("com", "vectis", "vectis-autotask-setup")
}

/// Settings: e.g. `~/.config/vectis-autotask-setup` on Linux.
pub fn config_dir() -> PathBuf {
    project()
        .map(|p| p.config_dir().to_path_buf())
        .unwrap_or_else(|| std::env::temp_dir().join("vectis-autotask-setup"))
}

/// Logs: e.g. `~/.local/share/vectis-autotask-setup/logs` on Linux.
pub fn log_dir() -> PathBuf {
    project()
        .map(|p| p.data_local_dir().join("logs"))
        .unwrap_or_else(|| std::env::temp_dir().join("vectis-autotask-setup-logs"))
}

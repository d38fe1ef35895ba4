//! Where the app keeps its files, per platform (XDG on Linux, Application Support on macOS,
//! %APPDATA% on Windows).

use std::path::PathBuf;

/// Demo mode (`VECTIS_DEMO=1` with the simulator) keeps its own settings, logs and keychain
/// entry, so a demo never touches or shadows a real connection.
pub fn is_demo() -> bool {
    std::env::var(crate::service::DEMO_ENV).is_ok_and(|v| v == "1")
}

fn project() -> Option<directories::ProjectDirs> {
    let name = if is_demo() {
        "vectis-autotask-setup-demo"
    } else {
        "vectis-autotask-setup"
    };
    directories::ProjectDirs::from("com", "vectis", name)
}

/// The keychain service name entries are stored under.
pub fn keychain_service() -> String {
    if is_demo() {
        format!("{}.demo", crate::storage::SERVICE)
    } else {
        crate::storage::SERVICE.to_string()
    }
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

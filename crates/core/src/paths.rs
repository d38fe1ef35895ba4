//! Where the app keeps its files, per platform (XDG on Linux, Application Support on macOS,
//! %APPDATA% on Windows), and the keychain service name.

use std::path::PathBuf;

/// The places one mode (real or demo) uses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paths {
    /// Settings: e.g. `~/.config/vectis-autotask-setup` on Linux.
    pub config_dir: PathBuf,
    /// Logs: e.g. `~/.local/share/vectis-autotask-setup/logs` on Linux.
    pub log_dir: PathBuf,
    /// The keychain service entries are stored under.
    pub keychain_service: String,
}

impl Paths {
    /// Demo mode keeps its own settings, logs and keychain entry, so a demo never touches or
    /// shadows a real connection.
    pub fn for_mode(demo: bool) -> Self {
        let name = if demo {
            "vectis-autotask-setup-demo"
        } else {
            "vectis-autotask-setup"
        };
        let project = directories::ProjectDirs::from("com", "vectis", name);
        let fallback = std::env::temp_dir().join(name);
        let keychain_service = if demo {
            format!("{}.demo", crate::storage::SERVICE)
        } else {
            crate::storage::SERVICE.to_string()
        };
        Self {
            config_dir: project
                .as_ref()
                .map_or_else(|| fallback.clone(), |p| p.config_dir().to_path_buf()),
            log_dir: project.as_ref().map_or_else(
                || fallback.join("logs"),
                |p| p.data_local_dir().join("logs"),
            ),
            keychain_service,
        }
    }
}

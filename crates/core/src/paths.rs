//! Where the app keeps its files, per platform (XDG on Linux, Application Support on macOS,
//! %APPDATA% on Windows), and the keychain service name.

use std::path::PathBuf;

/// Which connection a run works on. Demo and custom-endpoint runs (the simulator) keep their
/// own settings, logs and keychain entry, so they never read, send or overwrite a real one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Real,
    Demo,
    Custom,
}

impl Mode {
    fn suffix(self) -> &'static str {
        match self {
            Self::Real => "",
            Self::Demo => "-demo",
            Self::Custom => "-custom",
        }
    }
}

/// The places one mode uses.
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
        Self::of(if demo { Mode::Demo } else { Mode::Real })
    }

    pub fn of(mode: Mode) -> Self {
        let name = format!("vectis-autotask-setup{}", mode.suffix());
        Self::within(directories::ProjectDirs::from("com", "vectis", &name), mode)
    }

    /// The places under `project`; without a home directory, a private folder of this run's
    /// own (never a predictable shared one another user could plant files or links in).
    fn within(project: Option<directories::ProjectDirs>, mode: Mode) -> Self {
        let keychain_service = format!(
            "{}{}",
            crate::storage::SERVICE,
            mode.suffix().replace('-', ".")
        );
        match project {
            Some(p) => Self {
                config_dir: p.config_dir().to_path_buf(),
                log_dir: p.data_local_dir().join("logs"),
                keychain_service,
            },
            None => {
                let mut builder = tempfile::Builder::new();
                builder.prefix("vectis-autotask-setup-");
                #[cfg(unix)]
                {
                    use std::os::unix::fs::PermissionsExt;
                    builder.permissions(std::fs::Permissions::from_mode(0o700));
                }
                let private = builder
                    .tempdir()
                    .map(tempfile::TempDir::keep)
                    .unwrap_or_else(|_| PathBuf::from("vectis-autotask-setup-no-home"));
                Self {
                    config_dir: private.join("config"),
                    log_dir: private.join("logs"),
                    keychain_service,
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_mode_has_its_own_folder_and_keychain_service() {
        let [real, demo, custom] = [Mode::Real, Mode::Demo, Mode::Custom].map(Paths::of);
        assert_eq!(real.keychain_service, crate::storage::SERVICE);
        for other in [&demo, &custom] {
            assert_ne!(other.config_dir, real.config_dir);
            assert_ne!(other.log_dir, real.log_dir);
            assert_ne!(other.keychain_service, real.keychain_service);
        }
        assert_ne!(demo.config_dir, custom.config_dir);
    }

    #[cfg(unix)]
    #[test]
    fn without_a_home_the_folder_is_private_and_unpredictable() {
        use std::os::unix::fs::PermissionsExt;
        let first = Paths::within(None, Mode::Real);
        let second = Paths::within(None, Mode::Real);
        assert_ne!(first.config_dir, second.config_dir);
        let shared = std::env::temp_dir().join("vectis-autotask-setup");
        assert!(!first.config_dir.starts_with(&shared));
        let private = first.config_dir.parent().unwrap();
        let mode = std::fs::metadata(private).unwrap().permissions().mode();
        assert_eq!(mode & 0o077, 0, "{mode:o}");
        let _ = std::fs::remove_dir_all(private);
        let _ = std::fs::remove_dir_all(second.config_dir.parent().unwrap());
    }
}

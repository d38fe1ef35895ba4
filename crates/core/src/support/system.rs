//! What the bundle says about this machine and this build: read cheaply, never a failure.

use serde::Serialize;

/// The app's version and how it was built.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AppBuild {
    pub version: String,
    /// `release` or `debug`.
    pub profile: String,
    /// E.g. `linux-x86_64`.
    pub target: String,
}

impl AppBuild {
    pub fn current() -> Self {
        Self {
            version: env!("CARGO_PKG_VERSION").into(),
            profile: if cfg!(debug_assertions) {
                "debug"
            } else {
                "release"
            }
            .into(),
            target: format!("{}-{}", std::env::consts::OS, std::env::consts::ARCH),
        }
    }
}

/// The operating system's name and version, e.g. `Ubuntu 24.04 LTS (kernel 6.8.0)`.
pub fn os_version() -> String {
    platform_version().unwrap_or_else(|| format!("{} (version unknown)", std::env::consts::OS))
}

#[cfg(target_os = "linux")]
fn platform_version() -> Option<String> {
    let release = std::fs::read_to_string("/etc/os-release").unwrap_or_default();
    let name = release
        .lines()
        .find_map(|l| l.strip_prefix("PRETTY_NAME="))
        .map(|v| v.trim_matches('"').to_string())
        .unwrap_or_else(|| "Linux".into());
    let kernel = std::fs::read_to_string("/proc/sys/kernel/osrelease").ok()?;
    Some(format!("{name} (kernel {})", kernel.trim()))
}

#[cfg(target_os = "macos")]
fn platform_version() -> Option<String> {
    let out = std::process::Command::new("/usr/bin/sw_vers")
        .arg("-productVersion")
        .output()
        .ok()?;
    let version = String::from_utf8_lossy(&out.stdout).trim().to_string();
    (!version.is_empty()).then(|| format!("macOS {version}"))
}

#[cfg(windows)]
fn platform_version() -> Option<String> {
    let key = windows_registry::LOCAL_MACHINE
        .open(r"SOFTWARE\Microsoft\Windows NT\CurrentVersion")
        .ok()?;
    let text = |name: &str| key.get_string(name).ok().unwrap_or_default();
    // Windows 11 still says "Windows 10" in ProductName; the build number tells them apart.
    Some(format!(
        "{} {} (build {})",
        text("ProductName"),
        text("DisplayVersion"),
        text("CurrentBuildNumber")
    ))
}

#[cfg(not(any(target_os = "linux", target_os = "macos", windows)))]
fn platform_version() -> Option<String> {
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_build_and_os_are_named() {
        let build = AppBuild::current();
        assert_eq!(build.version, env!("CARGO_PKG_VERSION"));
        assert!(build.target.contains(std::env::consts::ARCH));
        assert!(!os_version().is_empty());
    }
}

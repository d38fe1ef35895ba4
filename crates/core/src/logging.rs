//! Logging: a daily rolling file in the platform's log directory, plus stderr in development.
//! The level comes from `VECTIS_LOG` (see `config`): a level, or levels per target such as
//! `vectis_core=debug,warn` (default `info`). Nothing logged carries a
//! secret: secrets are `Secret`s, whose Debug and Display are redacted.

use std::path::Path;

use tracing_appender::non_blocking::WorkerGuard;
use tracing_subscriber::filter::Targets;
use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::util::SubscriberInitExt;
use tracing_subscriber::{fmt, Layer};

/// Levels per target, not `EnvFilter`: its span and field filters no admin needs pull a regex
/// engine into both binaries (docs/benchmarks.md, sizes).
fn filter(directives: Option<&str>) -> Targets {
    directives
        .and_then(|d| d.parse::<Targets>().ok())
        .unwrap_or_else(|| Targets::new().with_default(tracing::Level::INFO))
}

/// Starts logging with `directives` (`VECTIS_LOG`; `info` when absent or invalid); keep the
/// guard alive for the life of the process (it flushes the file).
pub fn init(log_dir: &Path, to_stderr: bool, directives: Option<&str>) -> Option<WorkerGuard> {
    let _ = std::fs::create_dir_all(log_dir);
    // Logs name the API user and the tenant's zone: readable by this user only.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let _ = std::fs::set_permissions(log_dir, std::fs::Permissions::from_mode(0o700));
    }
    let file = tracing_appender::rolling::Builder::new()
        .rotation(tracing_appender::rolling::Rotation::DAILY)
        .filename_prefix("vectis-setup")
        .filename_suffix("log")
        .max_log_files(7)
        .build(log_dir)
        .ok();
    let (file_layer, guard) = match file {
        Some(appender) => {
            let (writer, guard) = tracing_appender::non_blocking(appender);
            (
                Some(
                    fmt::layer()
                        .with_ansi(false)
                        .with_writer(writer)
                        .with_filter(filter(directives)),
                ),
                Some(guard),
            )
        }
        None => (None, None),
    };
    let stderr_layer = to_stderr.then(|| {
        fmt::layer()
            .with_writer(std::io::stderr)
            .with_filter(filter(directives))
    });
    let _ = tracing_subscriber::registry()
        .with(file_layer)
        .with(stderr_layer)
        .try_init();
    guard
}

#[cfg(test)]
mod tests {
    use super::filter;
    use tracing::Level;

    #[test]
    fn vectis_log_sets_levels_per_target_and_falls_back_to_info() {
        let per_target = filter(Some("vectis_core=debug,warn"));
        assert!(per_target.would_enable("vectis_core::autotask::client", &Level::DEBUG));
        assert!(!per_target.would_enable("hyper", &Level::INFO));
        assert!(per_target.would_enable("hyper", &Level::WARN));
        for absent_or_invalid in [None, Some("vectis_core=loud")] {
            let f = filter(absent_or_invalid);
            assert!(
                f.would_enable("vectis_core", &Level::INFO),
                "{absent_or_invalid:?}"
            );
            assert!(
                !f.would_enable("vectis_core", &Level::DEBUG),
                "{absent_or_invalid:?}"
            );
        }
    }
}

//! Process hardening both binaries apply first: files the process creates are private to the
//! user (logs, settings), no core dump can carry a secret from memory, and a panic is logged
//! by location only (its message could quote data).

/// Call once, before anything is written or logged.
pub fn harden_process() {
    #[cfg(unix)]
    {
        use rustix::fs::Mode;
        use rustix::process::{setrlimit, Resource, Rlimit};
        // 0600 files, 0700 directories, whatever the user's umask.
        rustix::process::umask(Mode::from_bits_truncate(0o077));
        let none = Rlimit {
            current: Some(0),
            maximum: Some(0),
        };
        if let Err(e) = setrlimit(Resource::Core, none) {
            tracing::warn!("core dumps could not be disabled: {e}");
        }
    }
    std::panic::set_hook(Box::new(|info| {
        let at = info
            .location()
            .map(|l| format!("{}:{}", l.file(), l.line()))
            .unwrap_or_default();
        tracing::error!(location = %at, "the app stopped on an internal error");
        eprintln!(
            "Vectis Autotask Setup stopped on an internal error at {at}. The log has the location."
        );
    }));
}

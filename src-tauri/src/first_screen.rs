//! The first screen's data (`vectis_core::service::FirstScreen`), handed to the page before its
//! script runs, so the first frame waits on no IPC round trip: two of them cost more than the
//! whole empty window's page (issue 27, docs/benchmarks.md). The page reads it once
//! (`ui/src/lib/firstScreen.ts`); a reloaded page asks over IPC, since this is the moment the
//! process started.
//!
//! It is read on its own thread while Tauri and GTK start: with a connection saved that means
//! the settings and a keychain read, which would otherwise come before the window.

use std::sync::mpsc;
use std::time::Duration;

use vectis_core::service::FirstScreen;

/// The global the page reads; `ui/src/lib/firstScreen.ts` names it too.
const GLOBAL: &str = "__VECTIS_FIRST_SCREEN__";

/// How long the window waits for the data. A healthy read takes milliseconds; a keychain that
/// asks for its password (locked, or a macOS access prompt) must not keep the window away: the
/// page then shows "Loading…" and asks over IPC.
pub const WAIT: Duration = Duration::from_secs(1);

/// The data being read.
pub struct Pending(mpsc::Receiver<FirstScreen>);

/// Starts `read` on its own thread.
pub fn read_in_background(read: impl FnOnce() -> FirstScreen + Send + 'static) -> Pending {
    let (tx, rx) = mpsc::channel();
    let spawned = std::thread::Builder::new()
        .name("first-screen".into())
        // A window that stopped waiting has dropped the receiver: nothing to do then.
        .spawn(move || drop(tx.send(read())));
    if let Err(e) = spawned {
        tracing::warn!("the first screen is asked for over IPC: {e}");
    }
    Pending(rx)
}

impl Pending {
    /// The script that hands the data to the page; one with nothing in it when the data is not
    /// there within `wait`.
    pub fn script(self, wait: Duration) -> String {
        let data = self.0.recv_timeout(wait).unwrap_or_else(|_| {
            tracing::info!("the first screen was not read in time: the page asks over IPC");
            FirstScreen {
                info: None,
                status: None,
            }
        });
        script(&data)
    }
}

/// JSON is a JavaScript expression: the data goes in as a frozen, read-only global.
fn script(data: &FirstScreen) -> String {
    let json = serde_json::to_string(data).unwrap_or_else(|_| "{}".into());
    format!("Object.defineProperty(window, '{GLOBAL}', {{ value: Object.freeze({json}) }});")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_script_defines_the_global_the_page_reads() {
        let page = include_str!("../../ui/src/lib/firstScreen.ts");
        assert!(page.contains(GLOBAL), "firstScreen.ts reads {GLOBAL}");
        let data = FirstScreen {
            info: None,
            status: None,
        };
        assert_eq!(
            script(&data),
            format!("Object.defineProperty(window, '{GLOBAL}', {{ value: Object.freeze({{\"info\":null,\"status\":null}}) }});")
        );
    }

    /// What a machine with nothing saved shows first: the wizard, with a status.
    fn with_status() -> FirstScreen {
        use std::sync::Arc;
        use vectis_core::autotask::{ClientConfig, EndpointPolicy};
        use vectis_core::storage::{ConnectionStore, MemoryStore};
        let dir = tempfile::tempdir().unwrap();
        let store = ConnectionStore::new(Arc::new(MemoryStore::default()), dir.path());
        let service = vectis_core::service::Service::new(
            Ok(EndpointPolicy::production()),
            Ok(Arc::new(store)),
            ClientConfig::default(),
        );
        service.first_screen()
    }

    #[test]
    fn what_was_read_in_time_reaches_the_page() {
        let script = read_in_background(with_status).script(WAIT);
        assert!(script.contains("\"status\":{"), "{script}");
    }

    #[test]
    fn a_read_that_hangs_leaves_the_page_to_ask() {
        let script = read_in_background(|| {
            std::thread::sleep(Duration::from_millis(500));
            with_status()
        })
        .script(Duration::from_millis(10));
        assert!(script.contains("\"status\":null"), "{script}");
    }
}

//! The first screen's data (`vectis_core::service::FirstScreen`), handed to the page before its
//! script runs, so the first frame waits on no IPC round trip: two of them cost more than the
//! whole empty window's page (issue 27, docs/benchmarks.md). The page reads it once
//! (`ui/src/lib/firstScreen.ts`); a reloaded page asks over IPC, since this is the moment the
//! process started.

use tauri::plugin::{Builder, TauriPlugin};
use tauri::Runtime;
use vectis_core::service::Service;

/// The global the page reads; `ui/src/lib/firstScreen.ts` names it too.
const GLOBAL: &str = "__VECTIS_FIRST_SCREEN__";

pub fn plugin<R: Runtime>(service: &Service) -> TauriPlugin<R> {
    Builder::new("first-screen")
        .js_init_script(script(&service.first_screen()))
        .build()
}

/// JSON is a JavaScript expression: the data goes in as a frozen, read-only global.
fn script(data: &vectis_core::service::FirstScreen) -> String {
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
        let data = vectis_core::service::FirstScreen {
            info: None,
            status: None,
        };
        assert_eq!(
            script(&data),
            format!("Object.defineProperty(window, '{GLOBAL}', {{ value: Object.freeze({{\"info\":null,\"status\":null}}) }});")
        );
    }
}

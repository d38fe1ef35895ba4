//! The benchmark's floor (issue 27): an empty Tauri window, built with the same profile, the same
//! window configuration (`bench/tauri.conf.json`, checked against `tauri.conf.json`) and
//! the same webview levers as the app, whose page reports its first frame the way the app's UI
//! does. `.ci/bench` launches it alternately with the app (`examples/empty_window.rs`); nothing
//! ships it.

use vectis_core::config::Config;
use vectis_core::startup;

use crate::{commands, main_window, webview_tuning};

/// Runs the empty window until it is closed; the process's exit code.
pub fn run_empty_window() -> i32 {
    startup::mark();
    let levers = webview_tuning::Levers::parse(Config::from_env().webview_levers_switch());
    webview_tuning::before_webview(levers);
    let built = tauri::Builder::default()
        .setup(move |app| {
            // Tauri's own start (plug-ins, the event loop) is done; the window comes next.
            startup::phase("setup");
            main_window::create(app, None, levers)?;
            startup::phase("window");
            Ok(())
        })
        .invoke_handler(tauri::generate_handler![commands::ui_ready])
        .run(tauri::generate_context!("bench/tauri.conf.json"));
    match built {
        Ok(()) => 0,
        Err(e) => {
            eprintln!("the empty window could not start: {e}");
            1
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::Value;

    fn config(path: &str) -> Value {
        let text = std::fs::read_to_string(format!("{}/{path}", env!("CARGO_MANIFEST_DIR")));
        serde_json::from_str(&text.expect("the config is there")).expect("the config is JSON")
    }

    /// A floor with another window size, CSP or browser arguments would measure something else.
    #[test]
    fn the_floor_window_is_configured_like_the_app_window() {
        let (app, floor) = (config("tauri.conf.json"), config("bench/tauri.conf.json"));
        assert_eq!(
            app["app"], floor["app"],
            "copy tauri.conf.json's \"app\" into the floor's"
        );
        assert_eq!(app["identifier"], floor["identifier"]);
    }
}

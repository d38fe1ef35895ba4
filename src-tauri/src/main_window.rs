//! The main window, created in `setup` rather than by Tauri at its start (`"create": false` in
//! `tauri.conf.json`): what the first screen shows is then read while GTK and Tauri start, and
//! handed to the page as a script the window is created with (`first_screen.rs`). The
//! benchmark's empty window is created the same way (`bench_floor.rs`).

use tauri::{App, Runtime, WebviewWindowBuilder};

use crate::webview_tuning::{self, Levers};

/// The window's label, in `tauri.conf.json` and wherever the app looks it up.
pub const LABEL: &str = "main";

/// Creates the configured main window, with `script` run before the page's own.
pub fn create<R: Runtime>(
    app: &App<R>,
    script: Option<String>,
    levers: Levers,
) -> Result<(), Box<dyn std::error::Error>> {
    let config = app
        .config()
        .app
        .windows
        .iter()
        .find(|w| w.label == LABEL)
        .ok_or("tauri.conf.json has no main window")?;
    let mut builder = WebviewWindowBuilder::from_config(app.handle(), config)?;
    if let Some(script) = script {
        builder = builder.initialization_script(script);
    }
    let window = builder.build()?;
    webview_tuning::apply(&window, levers);
    Ok(())
}

#[cfg(test)]
mod tests {
    /// Tauri must not create the window at its start as well: there would be two, or none
    /// with the first screen's data.
    #[test]
    fn tauri_leaves_the_main_window_to_setup() {
        for path in ["tauri.conf.json", "bench/tauri.conf.json"] {
            let text = std::fs::read_to_string(format!("{}/{path}", env!("CARGO_MANIFEST_DIR")))
                .expect("the config is there");
            let config: serde_json::Value = serde_json::from_str(&text).expect("JSON");
            let windows = config["app"]["windows"].as_array().expect("windows");
            let main = windows
                .iter()
                .find(|w| w["label"] == super::LABEL)
                .expect("a main window");
            assert_eq!(main["create"], false, "{path}: \"create\": false");
        }
    }
}

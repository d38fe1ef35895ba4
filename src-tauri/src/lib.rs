//! The window over `vectis-core`: Tauri commands (`commands`), the app's setup, and the
//! same CLI subcommands as `vectis-setup-cli` so nothing documented breaks.

mod bench_floor;
mod command_names;
pub mod commands;
mod first_screen;
mod main_window;
mod navigation;
mod webview2;
mod webview_tuning;

#[cfg(test)]
mod bindings;

use std::sync::Arc;
use std::time::Duration;

use tauri::{Manager, Runtime};
use vectis_core::config::Config;
use vectis_core::service::Service;
use vectis_core::startup;

pub use bench_floor::run_empty_window;
pub use command_names::COMMANDS;

/// Builds the app on any runtime, so tests can use `tauri::test::mock_builder()`.
pub fn build_app<R: Runtime>(
    builder: tauri::Builder<R>,
    service: Arc<Service>,
) -> tauri::Builder<R> {
    builder
        // The support bundle's save dialog, opened from Rust only: no webview permission.
        .plugin(tauri_plugin_dialog::init())
        .plugin(navigation::guard())
        .manage(service)
        // Every name here is in COMMANDS; `tests/ipc.rs` proves the two agree.
        .invoke_handler(tauri::generate_handler![
            commands::app_info,
            commands::validate_credentials,
            commands::start_test,
            commands::cancel_test,
            commands::connection_status,
            commands::found_secret,
            commands::sign_in_history,
            commands::save_connection,
            commands::reset_credentials,
            commands::disconnect,
            commands::save_defaults,
            commands::ticket_options,
            commands::validate_defaults,
            commands::test_ticket_plan,
            commands::create_test_ticket,
            commands::settings_recovery,
            commands::open_url,
            commands::ui_ready,
            commands::support_bundle,
            commands::save_support_bundle,
            commands::confirm_old_user_retired,
            commands::affirm,
        ])
}

#[cfg(windows)]
#[allow(unsafe_code)]
fn attach_console() {
    // A GUI-subsystem binary has no console: attach to the parent's so CLI output shows.
    use windows_sys::Win32::System::Console::{AttachConsole, ATTACH_PARENT_PROCESS};
    // SAFETY: AttachConsole has no preconditions; failure (no parent console) is harmless.
    unsafe {
        AttachConsole(ATTACH_PARENT_PROCESS);
    }
}

fn focus_main_window<R: Runtime>(app: &tauri::AppHandle<R>) {
    if let Some(window) = app.get_webview_window(main_window::LABEL) {
        let _ = window.unminimize();
        let _ = window.show();
        let _ = window.set_focus();
    }
}

fn run_window(config: &Config) -> i32 {
    let paths = config.paths();
    let _guard = vectis_core::logging::init(
        &paths.log_dir,
        cfg!(debug_assertions) || config.log_filter.is_some(),
        config.log_filter.as_deref(),
    );
    tracing::info!(version = env!("CARGO_PKG_VERSION"), "starting");
    startup::phase("logging");
    // Before any window: without WebView2 Tauri would panic with nothing on screen.
    #[cfg(windows)]
    if let Err(code) = webview2::ensure_runtime() {
        return code;
    }
    // A second launch focuses the first window instead of opening another.
    let builder =
        tauri::Builder::default().plugin(tauri_plugin_single_instance::init(|app, _, _| {
            focus_main_window(app)
        }));
    let (config, managed) = vectis_core::policy::Policy::governed(config);
    let config = &config;
    startup::phase("policy");
    let service = vectis_core::default_service(config, managed);
    startup::phase("service");
    let reader = service.clone();
    let first_screen = first_screen::read_in_background(move || reader.first_screen());
    let tidy = service.clone();
    let levers = webview_tuning::Levers::parse(config.webview_levers_switch());
    let builder = builder
        .setup(move |app| {
            // Tauri's own start (plug-ins, the event loop) is done; the window comes next.
            startup::phase("setup");
            let script = first_screen.script(first_screen::WAIT);
            startup::phase("first screen");
            main_window::create(app, Some(script), levers)?;
            // Off the start-up path: after the first frame, whose CPU it would otherwise share.
            startup::after_first_frame(Duration::from_secs(10), move || tidy.tidy_keychain());
            startup::phase("window");
            Ok(())
        })
        .on_window_event(|window, event| {
            if let tauri::WindowEvent::Focused(focused) = event {
                webview_tuning::on_focus_change(window, *focused);
            }
        });
    match build_app(builder, service).run(tauri::generate_context!()) {
        Ok(()) => 0,
        Err(e) => {
            tracing::error!("the app stopped: {e}");
            eprintln!("Vectis Autotask Setup could not start: {e}");
            1
        }
    }
}

#[cfg_attr(mobile, tauri::mobile_entry_point)]
pub fn run() {
    startup::mark();
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    if vectis_cli::is_cli(&args) {
        #[cfg(windows)]
        attach_console();
        std::process::exit(vectis_cli::run());
    }
    vectis_core::hardening::harden_process();
    let config = Config::from_env();
    // While the process has one thread (logging starts one). The benchmark's switch is read before
    // policy applies: it is honoured only against a custom endpoint and trades speed, not safety.
    webview_tuning::before_webview(webview_tuning::Levers::parse(
        config.webview_levers_switch(),
    ));
    // The log guard lives in run_window and flushes before the exit.
    std::process::exit(run_window(&config));
}

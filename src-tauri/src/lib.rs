//! Vectis Autotask Setup: a guided setup that connects the Vectis integration to an Autotask
//! PSA tenant. The Tauri layer (`commands`) is thin; the work lives in plain modules.

pub mod autotask;
pub mod cli;
pub mod commands;
pub mod error;
pub mod logging;
pub mod paths;
pub mod secret;
pub mod service;
pub mod storage;
pub mod validation;

#[cfg(test)]
mod bindings;

use std::sync::Arc;

use tauri::{Manager, Runtime};

use crate::autotask::{ClientConfig, EndpointPolicy};
use crate::service::Service;
use crate::storage::{ConnectionStore, KeyringStore};

/// The service with the real keychain, settings dir and endpoint policy.
pub fn default_service() -> Arc<Service> {
    let store = KeyringStore::new(&paths::keychain_service())
        .map(|keyring| Arc::new(ConnectionStore::new(Arc::new(keyring), paths::config_dir())));
    let policy = EndpointPolicy::from_env();
    let config = ClientConfig::from_env(policy.as_ref().is_ok_and(|p| p.is_custom()));
    Arc::new(Service::new(policy, store, config))
}

/// Builds the app on any runtime, so tests can use `tauri::test::mock_builder()`.
pub fn build_app<R: Runtime>(
    builder: tauri::Builder<R>,
    service: Arc<Service>,
) -> tauri::Builder<R> {
    builder
        .plugin(tauri_plugin_opener::init())
        .manage(service)
        .invoke_handler(tauri::generate_handler![
            commands::app_info,
            commands::validate_credentials,
            commands::start_test,
            commands::cancel_test,
            commands::connection_status,
            commands::save_connection,
            commands::reset_credentials,
            commands::disconnect,
            commands::save_defaults,
            commands::ticket_options,
            commands::validate_defaults,
            commands::create_test_ticket,
            commands::settings_recovery,
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

#[cfg_attr(mobile, tauri::mobile_entry_point)]
pub fn run() {
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    if cli::is_cli(&args) {
        #[cfg(windows)]
        attach_console();
        let _guard = logging::init(&paths::log_dir(), std::env::var(logging::LOG_ENV).is_ok());
        std::process::exit(cli::main(args, default_service));
    }
    let _guard = logging::init(
        &paths::log_dir(),
        cfg!(debug_assertions) || std::env::var(logging::LOG_ENV).is_ok(),
    );
    tracing::info!(version = env!("CARGO_PKG_VERSION"), "starting");
    let builder =
        tauri::Builder::default().plugin(tauri_plugin_single_instance::init(|app, _argv, _cwd| {
            // A second launch focuses the first window instead of opening another.
            if let Some(window) = app.get_webview_window("main") {
                let _ = window.unminimize();
                let _ = window.show();
                let _ = window.set_focus();
            }
        }));
    let result = build_app(builder, default_service()).run(tauri::generate_context!());
    if let Err(e) = result {
        tracing::error!("the app stopped: {e}");
        eprintln!("Vectis Autotask Setup could not start: {e}");
        std::process::exit(1);
    }
}

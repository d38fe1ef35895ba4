//! Tauri commands: thin async wrappers over [`Service`]. Blocking keychain work runs on the
//! blocking pool, never on the UI thread. Errors cross IPC as `{code, message, remediation, field?}`.

use std::sync::Arc;

use tauri::ipc::Channel;
use tauri::State;

use vectis_core::autotask::connection_test::{TestEvent, TestReport};
use vectis_core::autotask::ticket_defaults::{
    DefaultsReport, TestTicket, TestTicketPlan, TicketDefaults, TicketOptions,
};
use vectis_core::error::{ErrorCode, IpcError, ToIpcError};
use vectis_core::service::{AppInfo, RecoveryAction, Service, TestRequest, TestTarget};
use vectis_core::storage::{Affirmation, ConnectionStatus, SignInHistory};
use vectis_core::validation::{CredentialsInput, ValidationReport};

type Svc<'a> = State<'a, Arc<Service>>;
type Reply<T> = Result<T, IpcError>;

async fn blocking<T: Send + 'static>(
    service: &Arc<Service>,
    work: impl FnOnce(&Service) -> Reply<T> + Send + 'static,
) -> Reply<T> {
    let service = service.clone();
    tauri::async_runtime::spawn_blocking(move || work(&service))
        .await
        .unwrap_or_else(|e| {
            Err(IpcError::new(
                ErrorCode::Internal,
                format!("The operation stopped unexpectedly ({e})."),
                "Try again.",
            ))
        })
}

#[tauri::command]
pub async fn app_info(service: Svc<'_>) -> Reply<AppInfo> {
    Ok(service.app_info().await)
}

#[tauri::command]
pub async fn validate_credentials(
    service: Svc<'_>,
    input: CredentialsInput,
) -> Reply<ValidationReport> {
    Ok(service.validate(&input))
}

#[tauri::command]
pub async fn start_test(
    service: Svc<'_>,
    request: TestRequest,
    on_event: Channel<TestEvent>,
) -> Reply<TestReport> {
    let service = service.inner().clone();
    service
        .start_test(request, move |event| {
            let _ = on_event.send(event);
        })
        .await
        .map_err(IpcError::from)
}

#[tauri::command]
pub async fn sign_in_history(service: Svc<'_>, target: TestTarget) -> Reply<SignInHistory> {
    service
        .sign_in_history(target)
        .await
        .map_err(IpcError::from)
}

#[tauri::command]
pub async fn cancel_test(service: Svc<'_>) -> Reply<bool> {
    Ok(service.cancel_test())
}

#[tauri::command]
pub async fn connection_status(service: Svc<'_>) -> Reply<ConnectionStatus> {
    blocking(&service, |s| s.status().map_err(IpcError::from)).await
}

/// Without settings, the user name of a keychain entry they lost (offered back, never deleted).
#[tauri::command]
pub async fn found_secret(service: Svc<'_>) -> Reply<Option<String>> {
    service.found_secret().await.map_err(IpcError::from)
}

#[tauri::command]
pub async fn save_connection(
    service: Svc<'_>,
    defaults: TicketDefaults,
) -> Reply<ConnectionStatus> {
    Ok(service.save_connection(defaults).await?)
}

#[tauri::command]
pub async fn reset_credentials(service: Svc<'_>, confirm: bool) -> Reply<ConnectionStatus> {
    if !confirm {
        // The admin cancelled the reset: drop the tested credentials, keep the saved ones.
        service.discard_pending();
        return blocking(&service, |s| s.status().map_err(IpcError::from)).await;
    }
    Ok(service.reset_credentials().await?)
}

#[tauri::command]
pub async fn disconnect(service: Svc<'_>) -> Reply<ConnectionStatus> {
    blocking(&service, |s| s.disconnect().map_err(IpcError::from)).await
}

#[tauri::command]
pub async fn save_defaults(service: Svc<'_>, defaults: TicketDefaults) -> Reply<ConnectionStatus> {
    service
        .save_defaults(defaults)
        .await
        .map_err(IpcError::from)
}

#[tauri::command]
pub async fn ticket_options(service: Svc<'_>) -> Reply<TicketOptions> {
    service.ticket_options().await.map_err(IpcError::from)
}

#[tauri::command]
pub async fn validate_defaults(
    service: Svc<'_>,
    defaults: TicketDefaults,
) -> Reply<DefaultsReport> {
    service
        .validate_defaults(defaults)
        .await
        .map_err(IpcError::from)
}

#[tauri::command]
pub async fn test_ticket_plan(service: Svc<'_>, defaults: TicketDefaults) -> Reply<TestTicketPlan> {
    service
        .test_ticket_plan(defaults)
        .await
        .map_err(IpcError::from)
}

#[tauri::command]
pub async fn create_test_ticket(service: Svc<'_>, defaults: TicketDefaults) -> Reply<TestTicket> {
    service
        .create_test_ticket(defaults)
        .await
        .map_err(IpcError::from)
}

/// After a switch to another API user: the admin retired the old one in Autotask.
#[tauri::command]
pub async fn confirm_old_user_retired(service: Svc<'_>) -> Reply<ConnectionStatus> {
    service
        .confirm_old_user_retired()
        .await
        .map_err(IpcError::from)
}

/// A tick (or untick) in the guide on an item the API cannot verify, recorded with its date.
#[tauri::command]
pub async fn affirm(service: Svc<'_>, item: Affirmation, ticked: bool) -> Reply<ConnectionStatus> {
    service.affirm(item, ticked).await.map_err(IpcError::from)
}

#[tauri::command]
pub async fn settings_recovery(
    service: Svc<'_>,
    action: RecoveryAction,
) -> Reply<ConnectionStatus> {
    blocking(&service, move |s| {
        s.settings_recovery(action).map_err(IpcError::from)
    })
    .await
}

/// Opens an Autotask page in the system browser. The webview has no opener of its own: every
/// link passes the same parsed check here.
#[tauri::command]
pub async fn open_url(url: String) -> Reply<()> {
    let url = vectis_core::links::check_link(&url).map_err(|e| e.to_ipc())?;
    open::that_detached(url.as_str()).map_err(|e| {
        IpcError::new(
            ErrorCode::Internal,
            format!("The browser could not be opened ({e})."),
            format!("Open {url} in your browser."),
        )
    })
}

/// The UI's first screen is interactive: milliseconds since the process started, and the steps
/// recorded before it (the benchmark prices them against an empty window).
#[tauri::command]
pub async fn ui_ready() -> Reply<vectis_core::startup::StartupTiming> {
    let timing = vectis_core::startup::ready();
    tracing::info!(ms = timing.ready_ms, "first interactive frame");
    Ok(timing)
}

/// The support bundle, exactly as "Save" writes it (redacted JSON, a summary first).
#[tauri::command]
pub async fn support_bundle(service: Svc<'_>) -> Reply<String> {
    let about = vectis_core::support::BundleAbout {
        webview: tauri::webview_version().unwrap_or_else(|_| "unknown".into()),
        policy: Some(service.policy().clone()),
    };
    Ok(service.support_bundle(about).await)
}

/// Test-only: a path named in the environment instead of the dialog, honoured only with a
/// custom endpoint (the E2E suite's simulator; see `Config::bundle_path_switch`).
fn bundle_test_path(service: &Service) -> Option<std::path::PathBuf> {
    service.bundle_path().map(std::path::Path::to_path_buf)
}

/// The native save dialog, opened from Rust: the webview needs no dialog permission.
async fn ask_where<R: tauri::Runtime>(
    app: &tauri::AppHandle<R>,
) -> Reply<Option<std::path::PathBuf>> {
    use tauri::Manager;
    use tauri_plugin_dialog::DialogExt;
    let mut dialog = app
        .dialog()
        .file()
        .set_title("Save support bundle")
        .set_file_name(vectis_core::support::default_file_name())
        .add_filter("JSON", &["json"]);
    if let Ok(dir) = app.path().document_dir() {
        dialog = dialog.set_directory(dir);
    }
    if let Some(window) = app.get_webview_window(crate::main_window::LABEL) {
        dialog = dialog.set_parent(&window);
    }
    let picked = tauri::async_runtime::spawn_blocking(move || dialog.blocking_save_file())
        .await
        .map_err(|e| {
            IpcError::new(
                ErrorCode::Internal,
                format!("The save dialog stopped unexpectedly ({e})."),
                "Try again.",
            )
        })?;
    Ok(picked.and_then(|p| p.into_path().ok()))
}

/// Saves the previewed bundle where the admin chooses; `None` when the dialog was cancelled.
#[tauri::command]
pub async fn save_support_bundle<R: tauri::Runtime>(
    app: tauri::AppHandle<R>,
    service: Svc<'_>,
    text: String,
) -> Reply<Option<String>> {
    let path = match bundle_test_path(&service) {
        Some(path) => path,
        None => match ask_where(&app).await? {
            Some(path) => path,
            None => return Ok(None),
        },
    };
    service.save_previewed_bundle(&text, &path).await?;
    Ok(Some(path.display().to_string()))
}

// Declaring the commands makes Tauri generate an `allow-<command>` permission for each,
// so a command is only callable where a capability grants it.
const COMMANDS: &[&str] = &[
    "app_info",
    "validate_credentials",
    "start_test",
    "cancel_test",
    "connection_status",
    "save_connection",
    "reset_credentials",
    "disconnect",
    "save_defaults",
    "ticket_options",
    "validate_defaults",
    "create_test_ticket",
    "settings_recovery",
];

fn main() {
    tauri_build::try_build(
        tauri_build::Attributes::new()
            .app_manifest(tauri_build::AppManifest::new().commands(COMMANDS)),
    )
    .expect("failed to run tauri-build");
}

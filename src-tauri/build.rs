// Declaring the commands makes Tauri generate an `allow-<command>` permission for each,
// so a command is only callable where a capability grants it.
include!("src/command_names.rs");

fn main() {
    tauri_build::try_build(
        tauri_build::Attributes::new()
            .app_manifest(tauri_build::AppManifest::new().commands(COMMANDS)),
    )
    .expect("failed to run tauri-build");
}

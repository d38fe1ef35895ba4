//! The start-up and memory floor for `.ci/bench`: an empty Tauri window (see `bench_floor.rs`).
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]
fn main() {
    std::process::exit(vectis_setup::run_empty_window())
}

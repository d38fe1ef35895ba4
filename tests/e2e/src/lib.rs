//! The E2E harness: a scenario gets a fresh simulator, fresh config/data dirs, the real app
//! binary started by `tauri-driver` (WebKitWebDriver) in the session's Xvfb display and
//! gnome-keyring, and a small WebDriver client to drive and screenshot it.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use serde_json::json;

mod chromium;
mod layout;
pub mod test_ids;
mod webdriver;
mod world;

pub use chromium::{Chromium, MockUi, Theme};
pub use layout::{check_layout, LayoutReport};
pub use webdriver::{key, WebDriver};
pub use world::World;

pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .expect("repo root")
}

pub fn app_binary() -> PathBuf {
    std::env::var_os("VECTIS_E2E_APP")
        .map(PathBuf::from)
        .unwrap_or_else(|| repo_root().join("target/debug/vectis-setup"))
}

/// Fails with a clear reason when something the suite needs is missing.
pub fn check_prerequisites() {
    let mut missing = Vec::new();
    for tool in ["tauri-driver", "WebKitWebDriver"] {
        if Command::new("sh")
            .arg("-c")
            .arg(format!("command -v {tool}"))
            .output()
            .map(|o| !o.status.success())
            .unwrap_or(true)
        {
            missing.push(format!("{tool} (run .ci/install-deps)"));
        }
    }
    if !app_binary().exists() {
        missing.push(format!(
            "{} (run cargo build -p vectis-setup)",
            app_binary().display()
        ));
    }
    if std::env::var_os("DISPLAY").is_none() {
        missing.push("an X display (run through .ci/session, which starts Xvfb)".into());
    }
    if std::env::var_os("DBUS_SESSION_BUS_ADDRESS").is_none() {
        missing.push("a D-Bus session with gnome-keyring (run through .ci/session)".into());
    }
    assert!(
        missing.is_empty(),
        "E2E prerequisites missing: {}",
        missing.join("; ")
    );
}

pub fn screenshot_dir() -> PathBuf {
    let dir = std::env::var_os("VECTIS_E2E_SCREENSHOTS")
        .map(PathBuf::from)
        .unwrap_or_else(|| repo_root().join("docs/screenshots"));
    std::fs::create_dir_all(&dir).expect("screenshot dir");
    dir
}

pub(crate) fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// tauri-driver plus one WebDriver session on the app; its WebDriver methods are the session's.
pub struct App {
    driver: Child,
    web: WebDriver,
    pub output: PathBuf,
}

impl std::ops::Deref for App {
    type Target = WebDriver;
    fn deref(&self) -> &WebDriver {
        &self.web
    }
}

impl App {
    pub async fn launch(world: &World, run: &str) -> Self {
        Self::launch_with(world, run, &[]).await
    }

    /// Launches with extra environment for the app (e.g. `GTK_THEME=Adwaita:dark`).
    pub async fn launch_with(world: &World, run: &str, extra_env: &[(&str, &str)]) -> Self {
        Self::launch_binary(world, run, extra_env, &app_binary()).await
    }

    /// Launches another Tauri binary the same way (the benchmark's empty-window floor).
    pub async fn launch_binary(
        world: &World,
        run: &str,
        extra_env: &[(&str, &str)],
        binary: &std::path::Path,
    ) -> Self {
        let port = free_port();
        let native = free_port();
        let output = world.home.path().join(format!("app-output-{run}.log"));
        let log = std::fs::File::create(&output).unwrap();
        let mut cmd = Command::new("tauri-driver");
        // Its own process group, so a failed scenario can take the driver, WebKitWebDriver and
        // the app down together (a leftover app would swallow the next launch: single instance).
        std::os::unix::process::CommandExt::process_group(&mut cmd, 0);
        cmd.args([
            "--port",
            &port.to_string(),
            "--native-port",
            &native.to_string(),
        ])
        .stdout(Stdio::from(log.try_clone().unwrap()))
        .stderr(Stdio::from(log));
        for (k, v) in world.env() {
            cmd.env(k, v);
        }
        for (k, v) in extra_env {
            cmd.env(k, v);
        }
        let driver = cmd.spawn().expect("tauri-driver starts");
        let caps = json!({"browserName": "wry", "tauri:options": {"application": binary}});
        let web = WebDriver::connect(format!("http://127.0.0.1:{port}"), caps).await;
        let app = Self {
            driver,
            web,
            output,
        };
        app.wait_js(
            "return document.body.dataset.ready === 'true'",
            Duration::from_secs(20),
        )
        .await;
        app
    }

    /// Captures the X display, i.e. what the admin sees (WebKitWebDriver's own snapshot can
    /// trail the page while an IPC call is in flight).
    pub async fn screenshot(&self, name: &str) {
        tokio::time::sleep(Duration::from_millis(400)).await;
        let path = screenshot_dir().join(format!("{name}.png"));
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).unwrap();
        }
        let captured = Command::new("import")
            .args(["-window", "root", "-trim", "+repage"])
            .arg(&path)
            .status()
            .is_ok_and(|s| s.success());
        if !captured {
            std::fs::write(path, self.screenshot_png().await).unwrap();
        }
    }

    pub async fn close(self) -> String {
        self.web.quit().await;
        let output = self.output.clone();
        drop(self);
        std::fs::read_to_string(output).unwrap_or_default()
    }
}

impl Drop for App {
    fn drop(&mut self) {
        let group = format!("-{}", self.driver.id());
        let _ = Command::new("kill").args(["-TERM", "--", &group]).status();
        let _ = self.driver.wait();
        // Give the app a moment to release its single-instance name.
        std::thread::sleep(Duration::from_millis(300));
    }
}

//! The built UI (`ui/dist-mock`, Tauri mocked) in Debian's headless Chromium through chromedriver,
//! served over HTTP on a private port; the same WebDriver client as the real app's.

use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use axum::http::{header, StatusCode};
use serde_json::{json, Value};

use crate::{free_port, repo_root, WebDriver};

/// The colour scheme the engine reports to the page (`prefers-color-scheme`).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Theme {
    Light,
    Dark,
}

/// The mock build and axe-core over HTTP (modules do not load from file:// in Chromium).
pub struct MockUi {
    pub base: String,
    server: tokio::task::JoinHandle<()>,
}

impl MockUi {
    pub async fn serve() -> Self {
        let root = repo_root().join("ui/dist-mock");
        assert!(
            root.join("index.html").exists(),
            "ui/dist-mock is missing: run `npm run build:mock` in ui/"
        );
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let app = axum::Router::new().fallback(move |uri: axum::http::Uri| {
            let root = root.clone();
            async move { static_file(&root, uri.path()) }
        });
        let server = tokio::spawn(async move {
            axum::serve(listener, app).await.unwrap();
        });
        Self { base, server }
    }
}

impl Drop for MockUi {
    fn drop(&mut self) {
        self.server.abort();
    }
}

fn static_file(
    root: &std::path::Path,
    path: &str,
) -> (StatusCode, [(header::HeaderName, &'static str); 1], Vec<u8>) {
    let file: PathBuf = match path {
        "/" => root.join("index.html"),
        "/axe.min.js" => repo_root().join("ui/node_modules/axe-core/axe.min.js"),
        p if !p.contains("..") => root.join(p.trim_start_matches('/')),
        _ => {
            return (
                StatusCode::FORBIDDEN,
                [(header::CONTENT_TYPE, "text/plain")],
                vec![],
            )
        }
    };
    let kind = match file.extension().and_then(|e| e.to_str()) {
        Some("html") => "text/html; charset=utf-8",
        Some("js") => "text/javascript",
        Some("css") => "text/css",
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
        _ => "application/octet-stream",
    };
    match std::fs::read(&file) {
        Ok(body) => (StatusCode::OK, [(header::CONTENT_TYPE, kind)], body),
        Err(_) => (
            StatusCode::NOT_FOUND,
            [(header::CONTENT_TYPE, "text/plain")],
            vec![],
        ),
    }
}

/// chromedriver plus one headless Chromium session; its WebDriver methods are the session's.
pub struct Chromium {
    driver: Child,
    web: WebDriver,
}

impl std::ops::Deref for Chromium {
    type Target = WebDriver;
    fn deref(&self) -> &WebDriver {
        &self.web
    }
}

pub fn chromium_binary() -> String {
    std::env::var("VECTIS_CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into())
}

impl Chromium {
    pub async fn launch(theme: Theme) -> Self {
        let port = free_port();
        let mut cmd = Command::new(
            std::env::var("VECTIS_CHROMEDRIVER").unwrap_or_else(|_| "/usr/bin/chromedriver".into()),
        );
        std::os::unix::process::CommandExt::process_group(&mut cmd, 0);
        let driver = cmd
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver starts (apt-get install chromium-driver)");
        let mut args = vec![
            "--headless=new",
            "--no-sandbox",
            "--disable-gpu",
            "--hide-scrollbars",
            "--window-size=1200,1000",
            "--lang=en-US",
        ];
        if theme == Theme::Dark {
            args.push("--force-dark-mode");
        }
        let caps = json!({"browserName": "chrome", "goog:chromeOptions": {"binary": chromium_binary(), "args": args}});
        let web = WebDriver::connect(format!("http://127.0.0.1:{port}"), caps).await;
        let chromium = Self { driver, web };
        chromium.cdp("Emulation.setEmulatedMedia", json!({"features": [{"name": "prefers-color-scheme", "value": if theme == Theme::Dark { "dark" } else { "light" }}]})).await;
        chromium
    }

    /// Windows High Contrast as WebView2 sees it: `forced-colors: active`, with the dark scheme
    /// of Windows' default contrast theme. Kept across navigations, like the colour scheme.
    pub async fn emulate_forced_colors(&self) {
        let features = json!([
            {"name": "forced-colors", "value": "active"},
            {"name": "prefers-color-scheme", "value": "dark"}
        ]);
        self.cdp(
            "Emulation.setEmulatedMedia",
            json!({ "features": features }),
        )
        .await;
    }

    /// A Chrome DevTools command through chromedriver.
    pub async fn cdp(&self, cmd: &str, params: Value) -> Value {
        self.cmd(
            reqwest::Method::POST,
            "/goog/cdp/execute",
            Some(json!({"cmd": cmd, "params": params})),
        )
        .await
    }

    /// The page's viewport, in CSS pixels (the window's content area).
    pub async fn viewport(&self, width: u32, height: u32) {
        let params =
            json!({"width": width, "height": height, "deviceScaleFactor": 1, "mobile": false});
        self.cdp("Emulation.setDeviceMetricsOverride", params).await;
    }

    /// Opens the mock UI on `screen` and waits until its scenario has driven the UI there.
    pub async fn open(&self, ui: &MockUi, screen: &str) {
        self.goto("about:blank").await;
        self.goto(&format!("{}/#{screen}", ui.base)).await;
        let done = format!("if (document.body.dataset.screenError) throw new Error(document.body.dataset.screenError); return document.body.dataset.screen === {screen:?};");
        self.wait_js(&done, Duration::from_secs(15)).await;
        // Let transitions and the last render settle before measuring or capturing.
        tokio::time::sleep(Duration::from_millis(250)).await;
    }

    pub async fn close(self) {
        self.web.quit().await;
    }
}

impl Drop for Chromium {
    fn drop(&mut self) {
        let group = format!("-{}", self.driver.id());
        let _ = Command::new("kill").args(["-TERM", "--", &group]).status();
        let _ = self.driver.wait();
    }
}

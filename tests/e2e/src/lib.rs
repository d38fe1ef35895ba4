//! The E2E harness: a scenario gets a fresh simulator, fresh config/data dirs, the real app
//! binary started by `tauri-driver` (WebKitWebDriver) in the session's Xvfb display and
//! gnome-keyring, and a small WebDriver client to drive and screenshot it.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use autotask_sim::{Fixture, SimServer, ZoneHostStyle};
use base64::Engine;
use serde_json::{json, Value};

const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";

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

/// One scenario's world: simulator, private dirs, canary credentials.
pub struct World {
    pub sim: SimServer,
    pub home: tempfile::TempDir,
    pub username: String,
    pub secret: String,
    pub code: String,
    pub name: String,
}

impl World {
    pub async fn new(name: &str) -> Self {
        let mut fixture = Fixture::default_demo();
        fixture.settings.zone_host_style = ZoneHostStyle::Autotask;
        let sim = SimServer::start(fixture).await.expect("simulator");
        // A recognisable secret and integration code per scenario: the canary.
        let tag = format!(
            "{}{}",
            name.to_uppercase()
                .replace(|c: char| !c.is_ascii_alphanumeric(), ""),
            std::process::id()
        );
        let code: String = format!("CANARY{tag}ZZZZZZZZZZZZZZZZZZZZZ")
            .chars()
            .take(27)
            .collect();
        let secret = format!("Canary*{tag}#Secret$");
        let username = format!(
            "e2e{}@contoso-msp.com",
            name.replace(|c: char| !c.is_ascii_alphanumeric(), "")
                .to_lowercase()
        );
        let demo = Fixture::default_demo().demo_credentials();
        let mut user = sim.sim.user(&demo.username).expect("demo user");
        user.username = username.clone();
        user.secret = secret.clone();
        user.integration_codes = vec![code.clone()];
        sim.sim.upsert_user(user);
        let home = tempfile::tempdir().expect("home");
        Self {
            sim,
            home,
            username,
            secret,
            code,
            name: name.into(),
        }
    }

    pub fn env(&self) -> Vec<(String, String)> {
        let h = self.home.path();
        vec![
            (
                "XDG_CONFIG_HOME".into(),
                h.join("config").display().to_string(),
            ),
            ("XDG_DATA_HOME".into(), h.join("data").display().to_string()),
            (
                "XDG_CACHE_HOME".into(),
                h.join("cache").display().to_string(),
            ),
            ("VECTIS_ZONE_LOOKUP_URL".into(), self.sim.lookup_url()),
            ("VECTIS_ALLOW_CUSTOM_ENDPOINT".into(), "1".into()),
            ("VECTIS_LOG".into(), "debug".into()),
            // A hung server should time out within the scenario, not after 30 s.
            ("VECTIS_HTTP_TIMEOUT_SECS".into(), "4".into()),
        ]
    }

    pub fn settings_dir(&self) -> PathBuf {
        self.home.path().join("config/vectis-autotask-setup")
    }

    pub fn log_dir(&self) -> PathBuf {
        self.home.path().join("data/vectis-autotask-setup/logs")
    }

    /// `vectis-setup <args>` in this world's environment.
    pub fn cli(&self, args: &[&str]) -> std::process::Output {
        let mut cmd = Command::new(app_binary());
        cmd.args(args);
        for (k, v) in self.env() {
            cmd.env(k, v);
        }
        cmd.output().expect("CLI runs")
    }

    pub fn authenticated_requests(&self) -> usize {
        self.sim
            .sim
            .requests()
            .iter()
            .filter(|r| r.auth_headers.any())
            .count()
    }

    /// The canary must not appear in settings, logs, captured output or any process's argv.
    pub fn assert_no_canary(&self, extra: &[(&str, String)]) {
        let needles = [self.secret.as_str(), self.code.as_str()];
        let mut places: Vec<(String, String)> = Vec::new();
        for dir in [self.settings_dir(), self.log_dir()] {
            if let Ok(entries) = std::fs::read_dir(&dir) {
                for entry in entries.flatten() {
                    if let Ok(text) = std::fs::read(entry.path()) {
                        places.push((
                            entry.path().display().to_string(),
                            String::from_utf8_lossy(&text).into_owned(),
                        ));
                    }
                }
            }
        }
        if let Ok(procs) = std::fs::read_dir("/proc") {
            for p in procs.flatten() {
                if let Ok(cmdline) = std::fs::read(p.path().join("cmdline")) {
                    places.push((
                        format!("argv of {}", p.path().display()),
                        String::from_utf8_lossy(&cmdline).replace('\0', " "),
                    ));
                }
            }
        }
        for (name, text) in extra {
            places.push((name.to_string(), text.clone()));
        }
        assert!(
            places.iter().any(|(n, _)| n.contains("logs")),
            "the app wrote no log to check in {}",
            self.log_dir().display()
        );
        for (name, text) in &places {
            for needle in needles {
                assert!(
                    !text.contains(needle),
                    "the canary {needle} leaked into {name}"
                );
            }
        }
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// tauri-driver plus one WebDriver session on the app.
pub struct App {
    driver: Child,
    base: String,
    session: String,
    http: reqwest::Client,
    pub output: PathBuf,
    /// Every command reply, to check none carries a secret.
    pub replies: std::sync::Mutex<Vec<String>>,
}

impl App {
    pub async fn launch(world: &World, run: &str) -> Self {
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
        let driver = cmd.spawn().expect("tauri-driver starts");
        let base = format!("http://127.0.0.1:{port}");
        let http = reqwest::Client::builder()
            .timeout(Duration::from_secs(60))
            .build()
            .unwrap();
        let started = Instant::now();
        let caps = json!({"capabilities": {"alwaysMatch": {"browserName": "wry", "tauri:options": {"application": app_binary()}}}});
        let session = loop {
            match http
                .post(format!("{base}/session"))
                .json(&caps)
                .send()
                .await
            {
                Ok(r) => {
                    let v: Value = r.json().await.unwrap_or(Value::Null);
                    if let Some(id) = v["value"]["sessionId"].as_str() {
                        break id.to_string();
                    }
                    panic!("WebDriver refused the session: {v}");
                }
                Err(_) if started.elapsed() < Duration::from_secs(20) => {
                    tokio::time::sleep(Duration::from_millis(200)).await
                }
                Err(e) => panic!("tauri-driver did not answer: {e}"),
            }
        };
        let app = Self {
            driver,
            base,
            session,
            http,
            output,
            replies: Default::default(),
        };
        app.wait_js(
            "return document.body.dataset.ready === 'true'",
            Duration::from_secs(20),
        )
        .await;
        app
    }

    async fn cmd(&self, method: reqwest::Method, path: &str, body: Option<Value>) -> Value {
        let url = format!("{}/session/{}{path}", self.base, self.session);
        let mut req = self.http.request(method, url);
        if let Some(b) = body {
            req = req.json(&b);
        }
        let text = req
            .send()
            .await
            .expect("WebDriver answers")
            .text()
            .await
            .unwrap_or_default();
        self.replies.lock().unwrap().push(text.clone());
        let v: Value = serde_json::from_str(&text).unwrap_or(Value::Null);
        v["value"].clone()
    }

    pub async fn js(&self, script: &str) -> Value {
        self.cmd(
            reqwest::Method::POST,
            "/execute/sync",
            Some(json!({"script": script, "args": []})),
        )
        .await
    }

    /// Waits for a condition in the page (a JS expression returning true).
    pub async fn wait_js(&self, script: &str, timeout: Duration) {
        let started = Instant::now();
        while started.elapsed() < timeout {
            if self.js(script).await == Value::Bool(true) {
                return;
            }
            tokio::time::sleep(Duration::from_millis(150)).await;
        }
        panic!(
            "timed out after {timeout:?} waiting for: {script}\npage text: {}",
            self.text("body").await
        );
    }

    pub async fn find(&self, css: &str) -> String {
        let started = Instant::now();
        loop {
            let v = self
                .cmd(
                    reqwest::Method::POST,
                    "/element",
                    Some(json!({"using": "css selector", "value": css})),
                )
                .await;
            if let Some(id) = v[ELEMENT].as_str() {
                return id.to_string();
            }
            assert!(
                started.elapsed() < Duration::from_secs(15),
                "no element {css}: {}",
                self.text("body").await
            );
            tokio::time::sleep(Duration::from_millis(150)).await;
        }
    }

    pub async fn click(&self, css: &str) {
        let id = self.find(css).await;
        self.cmd(
            reqwest::Method::POST,
            &format!("/element/{id}/click"),
            Some(json!({})),
        )
        .await;
    }

    /// Clicks the first button whose text is exactly `label`.
    pub async fn click_button(&self, label: &str) {
        let script = format!(
            "const b = [...document.querySelectorAll('button')].find(b => b.textContent.trim() === {label:?} && !b.disabled); if (!b) return false; b.click(); return true;"
        );
        let started = Instant::now();
        while self.js(&script).await != Value::Bool(true) {
            assert!(
                started.elapsed() < Duration::from_secs(15),
                "no enabled button {label:?}: {}",
                self.text("body").await
            );
            tokio::time::sleep(Duration::from_millis(150)).await;
        }
    }

    pub async fn type_into(&self, css: &str, text: &str) {
        let id = self.find(css).await;
        self.cmd(
            reqwest::Method::POST,
            &format!("/element/{id}/clear"),
            Some(json!({})),
        )
        .await;
        self.cmd(
            reqwest::Method::POST,
            &format!("/element/{id}/value"),
            Some(json!({"text": text})),
        )
        .await;
    }

    pub async fn select(&self, css: &str, value: &str) {
        let script = format!(
            "const s = document.querySelector({css:?}); s.value = {value:?}; s.dispatchEvent(new Event('change', {{bubbles: true}})); return s.value === {value:?};"
        );
        assert_eq!(
            self.js(&script).await,
            Value::Bool(true),
            "option {value} in {css}"
        );
    }

    pub async fn text(&self, css: &str) -> String {
        let script =
            format!("const e = document.querySelector({css:?}); return e ? e.innerText : '';");
        self.js(&script).await.as_str().unwrap_or("").to_string()
    }

    pub async fn wait_text(&self, css: &str, needle: &str, timeout: Duration) {
        let script = format!("const e = document.querySelector({css:?}); return !!e && e.innerText.includes({needle:?});");
        self.wait_js(&script, timeout).await;
    }

    /// Captures the X display, i.e. what the admin sees (WebKitWebDriver's own snapshot can
    /// trail the page while an IPC call is in flight).
    pub async fn screenshot(&self, name: &str) {
        tokio::time::sleep(Duration::from_millis(400)).await;
        let path = screenshot_dir().join(format!("{name}.png"));
        let captured = Command::new("import")
            .args(["-window", "root", "-trim", "+repage"])
            .arg(&path)
            .status()
            .is_ok_and(|s| s.success());
        if !captured {
            let v = self.cmd(reqwest::Method::GET, "/screenshot", None).await;
            let png = base64::engine::general_purpose::STANDARD
                .decode(v.as_str().unwrap_or(""))
                .expect("a PNG");
            std::fs::write(path, png).unwrap();
        }
    }

    pub async fn close(self) -> String {
        let _ = self
            .http
            .delete(format!("{}/session/{}", self.base, self.session))
            .send()
            .await;
        let output = self.output.clone();
        drop(self);
        std::fs::read_to_string(output).unwrap_or_default()
    }

    pub fn replies(&self) -> String {
        self.replies.lock().unwrap().join("\n")
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

//! The WebDriver client both engines share: WebKitWebDriver (behind tauri-driver) for the real app,
//! chromedriver for the built UI in Chromium. Plain W3C WebDriver over HTTP, nothing engine-specific.

use std::time::{Duration, Instant};

use base64::Engine;
use serde_json::{json, Value};

const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";

/// W3C key codes for the keys a keyboard-only admin uses.
pub mod key {
    pub const TAB: &str = "\u{E004}";
    pub const ENTER: &str = "\u{E007}";
    pub const SHIFT: &str = "\u{E008}";
    pub const CONTROL: &str = "\u{E009}";
    pub const ESCAPE: &str = "\u{E00C}";
    pub const SPACE: &str = "\u{E00D}";
    pub const UP: &str = "\u{E013}";
    pub const DOWN: &str = "\u{E015}";
}

/// One WebDriver session.
pub struct WebDriver {
    base: String,
    session: String,
    http: reqwest::Client,
    /// Every command reply, to check none carries a secret.
    pub replies: std::sync::Mutex<Vec<String>>,
}

impl WebDriver {
    /// Opens a session at `base`, retrying while the driver starts (up to 20 s).
    pub async fn connect(base: String, capabilities: Value) -> Self {
        let http = reqwest::Client::builder()
            .timeout(Duration::from_secs(60))
            .build()
            .unwrap();
        let started = Instant::now();
        let body = json!({ "capabilities": { "alwaysMatch": capabilities } });
        let session = loop {
            match http
                .post(format!("{base}/session"))
                .json(&body)
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
                Err(e) => panic!("the WebDriver server did not answer: {e}"),
            }
        };
        Self {
            base,
            session,
            http,
            replies: Default::default(),
        }
    }

    pub async fn cmd(&self, method: reqwest::Method, path: &str, body: Option<Value>) -> Value {
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

    /// Ends the session (the browser or app closes).
    pub async fn quit(&self) {
        let _ = self
            .http
            .delete(format!("{}/session/{}", self.base, self.session))
            .send()
            .await;
    }

    pub async fn goto(&self, url: &str) {
        self.cmd(reqwest::Method::POST, "/url", Some(json!({ "url": url })))
            .await;
    }

    /// Sets the window's outer size.
    pub async fn resize(&self, width: u32, height: u32) {
        self.cmd(
            reqwest::Method::POST,
            "/window/rect",
            Some(json!({ "width": width, "height": height })),
        )
        .await;
    }

    pub async fn js(&self, script: &str) -> Value {
        self.cmd(
            reqwest::Method::POST,
            "/execute/sync",
            Some(json!({"script": script, "args": []})),
        )
        .await
    }

    /// Runs an async script: it ends by calling `arguments[0]` with its result.
    pub async fn js_async(&self, script: &str) -> Value {
        self.cmd(
            reqwest::Method::POST,
            "/execute/async",
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
        // WebDriver scrolls a target to the bottom edge, under the sticky action bar, where the
        // click would land on the bar: centre it first, as a person would scroll to it.
        self.js(&format!(
            "document.querySelector({css:?})?.scrollIntoView({{block: 'center'}}); return true;"
        ))
        .await;
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

    /// Picks in a Picker's combobox as a user does: types `query`, then clicks the option with that ID.
    pub async fn pick(&self, picker: &str, query: &str, id: u64) {
        self.type_into(&format!("#{picker}"), query).await;
        self.click(&format!("#{picker}-opt-c{id}")).await;
        let done = format!("return document.getElementById({picker:?}).value.endsWith('({id})')");
        self.wait_js(&done, Duration::from_secs(10)).await;
    }

    /// Presses keys on whatever has focus (W3C actions), `modifier` held throughout when given.
    pub async fn press(&self, keys: &[&str], modifier: Option<&str>) {
        let mut actions = Vec::new();
        if let Some(m) = modifier {
            actions.push(json!({"type": "keyDown", "value": m}));
        }
        for k in keys {
            actions.push(json!({"type": "keyDown", "value": k}));
            actions.push(json!({"type": "keyUp", "value": k}));
        }
        if let Some(m) = modifier {
            actions.push(json!({"type": "keyUp", "value": m}));
        }
        let body = json!({"actions": [{"type": "key", "id": "keyboard", "actions": actions}]});
        self.cmd(reqwest::Method::POST, "/actions", Some(body))
            .await;
        tokio::time::sleep(Duration::from_millis(120)).await;
    }

    /// Types text on whatever has focus.
    pub async fn type_keys(&self, text: &str) {
        let chars: Vec<String> = text.chars().map(String::from).collect();
        let keys: Vec<&str> = chars.iter().map(String::as_str).collect();
        self.press(&keys, None).await;
    }

    /// The focused element: `#id`, else `input:<type>`, else `<tag>:<text>` (e.g. `button:Next`).
    pub async fn focused(&self) -> String {
        let script = "const e = document.activeElement; if (!e || e === document.body) return 'body'; if (e.id) return '#' + e.id; if (e.tagName === 'INPUT') return 'input:' + e.type; return e.tagName.toLowerCase() + ':' + e.textContent.trim();";
        self.js(script).await.as_str().unwrap_or("").to_string()
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

    /// The driver's own PNG of the viewport.
    pub async fn screenshot_png(&self) -> Vec<u8> {
        let v = self.cmd(reqwest::Method::GET, "/screenshot", None).await;
        base64::engine::general_purpose::STANDARD
            .decode(v.as_str().unwrap_or(""))
            .expect("a PNG")
    }

    pub fn replies(&self) -> String {
        self.replies.lock().unwrap().join("\n")
    }
}

//! One scenario's world: a fresh simulator, private config/data dirs, canary credentials.

use std::path::PathBuf;
use std::process::Command;

use autotask_sim::{Fixture, SimServer, ZoneHostStyle};

use crate::app_binary;

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
            // The session's Secret Service is shared by every scenario: each its own service,
            // so one scenario's saved secret is never another's "found" secret.
            ("VECTIS_KEYCHAIN_SERVICE".into(), self.keychain_service()),
            ("VECTIS_ALLOW_CUSTOM_ENDPOINT".into(), "1".into()),
            ("VECTIS_LOG".into(), "debug".into()),
            // A hung server should time out within the scenario, not after 30 s.
            ("VECTIS_HTTP_TIMEOUT_SECS".into(), "4".into()),
        ]
    }

    /// This scenario's keychain service (`VECTIS_KEYCHAIN_SERVICE`).
    pub fn keychain_service(&self) -> String {
        let tag: String = self
            .name
            .chars()
            .filter(char::is_ascii_alphanumeric)
            .collect();
        format!(
            "com.vectis.autotask-setup.e2e-{}-{}",
            tag.to_lowercase(),
            std::process::id()
        )
    }

    pub fn settings_dir(&self) -> PathBuf {
        self.home.path().join("config/vectis-autotask-setup-custom")
    }

    pub fn log_dir(&self) -> PathBuf {
        self.home
            .path()
            .join("data/vectis-autotask-setup-custom/logs")
    }

    /// `vectis-setup <args>` in this world's environment.
    fn command(&self, args: &[&str]) -> Command {
        let mut cmd = Command::new(app_binary());
        cmd.args(args).envs(self.env());
        cmd
    }

    pub fn cli(&self, args: &[&str]) -> std::process::Output {
        self.command(args).output().expect("CLI runs")
    }

    /// Saves this world's connection as an admin's script would (`connect`, the secret and the
    /// integration code on stdin): the app then starts as it does for a returning admin.
    pub fn save_connection(&self) {
        use std::io::Write;
        let mut child = self
            .command(&[
                "connect",
                "--username",
                &self.username,
                "--secret-stdin",
                "--integration-code-stdin",
                "--queue",
                "29682833",
                "--category",
                "113",
            ])
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::null())
            .spawn()
            .expect("CLI runs");
        let stdin = format!("{}\n{}\n", self.secret, self.code);
        child
            .stdin
            .take()
            .unwrap()
            .write_all(stdin.as_bytes())
            .unwrap();
        assert!(child.wait().unwrap().success(), "the connection was saved");
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

//! Running the real CLI binary against the simulator: a private settings dir, a keychain
//! service of its own (never a real entry), no policy unless a test writes one.
#![allow(dead_code)]

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

use serde_json::Value;

pub struct Machine<'a> {
    pub sim: &'a autotask_sim::SimServer,
    pub home: tempfile::TempDir,
    pub keychain_service: String,
    pub env: Vec<(String, String)>,
}

impl<'a> Machine<'a> {
    pub fn new(sim: &'a autotask_sim::SimServer, name: &str) -> Self {
        Self {
            sim,
            home: tempfile::tempdir().unwrap(),
            keychain_service: format!(
                "com.vectis.autotask-setup.test.{}.{name}",
                std::process::id()
            ),
            env: Vec::new(),
        }
    }

    pub fn policy_path(&self) -> PathBuf {
        self.home.path().join("policy.json")
    }

    /// Writes the machine's policy file (what `/etc/vectis-autotask-setup/policy.json` holds).
    pub fn set_policy(&self, json: &str) {
        std::fs::write(self.policy_path(), json).unwrap();
    }

    pub fn run(&self, args: &[&str], stdin: Option<&str>, env: &[(&str, &str)]) -> Output {
        let mut command = Command::new(env!("CARGO_BIN_EXE_vectis-setup-cli"));
        command.args(args);
        self.run_command(command, stdin, env)
    }

    /// [`Self::run`] with the process's clock set to `at` (UTC, `YYYY-MM-DD hh:mm:ss`) by
    /// `faketime` (libfaketime): the binary under test is the release one, with no clock switch.
    pub fn run_at(
        &self,
        at: &str,
        args: &[&str],
        stdin: Option<&str>,
        env: &[(&str, &str)],
    ) -> Output {
        let mut command = Command::new("faketime");
        // `-f` with an absolute time (no `@`): the clock stands still at `at`.
        command
            .args(["-f", at])
            .arg(env!("CARGO_BIN_EXE_vectis-setup-cli"))
            .args(args)
            .env("TZ", "UTC")
            // Timeouts keep the real monotonic clock.
            .env("FAKETIME_DONT_FAKE_MONOTONIC", "1");
        self.run_command(command, stdin, env)
    }

    fn run_command(
        &self,
        mut command: Command,
        stdin: Option<&str>,
        env: &[(&str, &str)],
    ) -> Output {
        let home = self.home.path();
        let kept: Vec<(String, String)> = ["TZ", "FAKETIME_DONT_FAKE_MONOTONIC"]
            .into_iter()
            .filter_map(|k| {
                command
                    .get_envs()
                    .find(|(name, _)| *name == k)
                    .and_then(|(_, v)| v)
                    .map(|v| (k.to_string(), v.to_string_lossy().into_owned()))
            })
            .collect();
        command
            .env_clear()
            .envs(kept)
            .env("PATH", std::env::var("PATH").unwrap_or_default())
            .env("XDG_CONFIG_HOME", home.join("config"))
            .env("XDG_DATA_HOME", home.join("data"))
            .env("HOME", home)
            .env("USER", "fleet-test-user")
            .env("VECTIS_ZONE_LOOKUP_URL", self.sim.lookup_url())
            .env("VECTIS_ALLOW_CUSTOM_ENDPOINT", "1")
            .env("VECTIS_KEYCHAIN_SERVICE", &self.keychain_service)
            .env("VECTIS_POLICY_FILE", self.policy_path())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        // The session's D-Bus (Secret Service) must survive env_clear.
        for name in ["DBUS_SESSION_BUS_ADDRESS", "XDG_RUNTIME_DIR"] {
            if let Ok(value) = std::env::var(name) {
                command.env(name, value);
            }
        }
        for (k, v) in self
            .env
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .chain(env.iter().copied())
        {
            command.env(k, v);
        }
        output_with_stdin(command, stdin)
    }
}

/// Runs `command` with `stdin` written to it (then closed), capturing its output.
pub fn output_with_stdin(mut command: Command, stdin: Option<&str>) -> Output {
    command
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = command.spawn().expect("the CLI starts");
    if let Some(text) = stdin {
        let mut pipe = child.stdin.take().unwrap();
        pipe.write_all(text.as_bytes()).unwrap();
    }
    drop(child.stdin.take());
    child.wait_with_output().unwrap()
}

/// What a command left, whether it ran as a process or in-process (`shell::Run`).
pub trait Ran {
    fn exit(&self) -> i32;
    fn stdout(&self) -> &[u8];
    fn stderr(&self) -> &[u8];
}

impl Ran for Output {
    fn exit(&self) -> i32 {
        self.status.code().expect("exited, not killed by a signal")
    }
    fn stdout(&self) -> &[u8] {
        &self.stdout
    }
    fn stderr(&self) -> &[u8] {
        &self.stderr
    }
}

/// Runs the CLI: as a process ([`Machine`]) or in-process (`shell::Shell`).
pub trait Runner {
    type Out: Ran;
    fn cli(&self, args: &[&str], stdin: Option<&str>, env: &[(&str, &str)]) -> Self::Out;
}

impl Runner for Machine<'_> {
    type Out = Output;
    fn cli(&self, args: &[&str], stdin: Option<&str>, env: &[(&str, &str)]) -> Output {
        self.run(args, stdin, env)
    }
}

pub fn stdout_json(out: &impl Ran) -> Value {
    serde_json::from_slice(out.stdout()).unwrap_or_else(|e| {
        panic!(
            "expected one JSON object on stdout ({e}), got:\n{}\nstderr:\n{}",
            String::from_utf8_lossy(out.stdout()),
            String::from_utf8_lossy(out.stderr())
        )
    })
}

pub fn code(out: &impl Ran) -> i32 {
    out.exit()
}

/// The exit code is `expected`; if not, says which was expected and why, and shows what the
/// command printed (the first thing to read when a CLI test fails).
#[track_caller]
pub fn assert_exit(out: &impl Ran, expected: i32, why: &str) {
    let got = out.exit();
    let why = if why.is_empty() {
        String::new()
    } else {
        format!(" ({why})")
    };
    assert!(
        got == expected,
        "expected exit {expected}{why}, got {got}\n--- stdout\n{}\n--- stderr\n{}",
        String::from_utf8_lossy(out.stdout()),
        String::from_utf8_lossy(out.stderr())
    );
}

/// The output validates against the JSON Schema kept in `docs/cli/`.
pub fn assert_schema(name: &str, value: &Value) {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/cli/");
    let text = std::fs::read_to_string(format!("{path}{name}.schema.json")).unwrap();
    let schema: Value = serde_json::from_str(&text).unwrap();
    let validator = jsonschema::validator_for(&schema).expect("a valid schema");
    let errors: Vec<String> = validator
        .iter_errors(value)
        .map(|e| format!("{} at {}", e, e.instance_path))
        .collect();
    assert!(
        errors.is_empty(),
        "expected the output to match docs/cli/{name}.schema.json; it does not: {errors:#?}\n{value:#}"
    );
}

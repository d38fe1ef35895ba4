//! The CLI in-process: each run is a fresh command (its own runtime, service and policy, as a
//! new process has) over one machine's state (settings folder, policy file and an in-memory
//! keychain), with stdin, stdout, stderr and the environment injected. What needs a real process
//! (exit status, the real stdin, a terminal, the OS keychain) is in `support.rs`.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;

use autotask_sim::SimServer;
use vectis_cli::{App, Io};
use vectis_core::config::Config;
use vectis_core::paths::Paths;
use vectis_core::policy::Policy;
use vectis_core::service::Service;
use vectis_core::storage::{ConnectionStore, MemoryStore};

use crate::support::{Ran, Runner};

/// What one run left: its exit code and everything it wrote.
#[derive(Debug)]
pub struct Run {
    pub code: i32,
    pub stdout: Vec<u8>,
    pub stderr: Vec<u8>,
}

impl Run {
    pub fn out(&self) -> &str {
        std::str::from_utf8(&self.stdout).expect("UTF-8 on stdout")
    }
    pub fn err(&self) -> &str {
        std::str::from_utf8(&self.stderr).expect("UTF-8 on stderr")
    }
}

impl Ran for Run {
    fn exit(&self) -> i32 {
        self.code
    }
    fn stdout(&self) -> &[u8] {
        &self.stdout
    }
    fn stderr(&self) -> &[u8] {
        &self.stderr
    }
}

pub struct Shell<'a> {
    pub sim: &'a SimServer,
    pub home: tempfile::TempDir,
    keychain: Arc<MemoryStore>,
    /// A terminal on stdin (what `forget` asks on).
    pub terminal: bool,
}

impl<'a> Shell<'a> {
    pub fn new(sim: &'a SimServer) -> Self {
        Self {
            sim,
            home: tempfile::tempdir().expect("a temp dir"),
            keychain: Arc::new(MemoryStore::default()),
            terminal: false,
        }
    }

    pub fn policy_path(&self) -> PathBuf {
        self.home.path().join("policy.json")
    }

    /// Writes the machine's policy file (what `/etc/vectis-autotask-setup/policy.json` holds).
    pub fn set_policy(&self, json: &str) {
        std::fs::write(self.policy_path(), json).expect("the policy file is written");
    }

    pub fn paths(&self) -> Paths {
        Paths {
            config_dir: self.home.path().join("config"),
            log_dir: self.home.path().join("logs"),
            keychain_service: "memory".into(),
        }
    }

    /// The environment of a run: the simulator, the policy file, a user; then `extra`.
    fn env(&self, extra: &[(&str, &str)]) -> BTreeMap<String, String> {
        let mut env = BTreeMap::from([
            ("VECTIS_ZONE_LOOKUP_URL".into(), self.sim.lookup_url()),
            ("VECTIS_ALLOW_CUSTOM_ENDPOINT".into(), "1".into()),
            (
                "VECTIS_POLICY_FILE".into(),
                self.policy_path().display().to_string(),
            ),
            ("USER".into(), "fleet-test-user".into()),
        ]);
        env.extend(extra.iter().map(|(k, v)| (k.to_string(), v.to_string())));
        env
    }

    /// The service a new process would build (`vectis_core::default_service`), on this
    /// machine's in-memory keychain.
    fn service(&self, config: &Config, policy: &Policy) -> Service {
        let store = ConnectionStore::new(self.keychain.clone(), self.paths().config_dir);
        let endpoint = config.endpoint_policy();
        let custom = endpoint.as_ref().is_ok_and(|p| p.is_custom());
        Service::new(endpoint, Ok(Arc::new(store)), config.client_config(custom))
            .with_mode(false, self.paths())
            .with_policy(policy.clone())
    }

    /// `vectis-setup ARGS` with `stdin` piped in (or typed, when `terminal`) and `env` set.
    pub fn run(&self, args: &[&str], stdin: Option<&str>, env: &[(&str, &str)]) -> Run {
        let env = self.env(env);
        let argv = std::iter::once("vectis-setup").chain(args.iter().copied());
        // A thread of its own: a run owns a runtime, as a process does, even from async tests.
        std::thread::scope(|scope| {
            let run = scope.spawn(|| self.run_here(argv.map(Into::into).collect(), stdin, &env));
            run.join().expect("the command does not panic")
        })
    }

    fn run_here(
        &self,
        argv: Vec<std::ffi::OsString>,
        stdin: Option<&str>,
        env: &BTreeMap<String, String>,
    ) -> Run {
        let (mut stdout, mut stderr) = (Vec::new(), Vec::new());
        let io = Io::buffers(&mut stdout, &mut stderr)
            .stdin(stdin.unwrap_or(""), self.terminal)
            .env(|name| env.get(name).cloned());
        let code = match vectis_cli::parse(argv, &io) {
            Err(code) => code,
            Ok(command) => {
                let config = Config::from_lookup(|name| env.get(name).cloned());
                let (config, policy) = Policy::governed(&config);
                let service = self.service(&config, &policy);
                vectis_cli::note_endpoint(&config, &io);
                let runtime = tokio::runtime::Builder::new_multi_thread()
                    .worker_threads(2)
                    .enable_all()
                    .build()
                    .expect("a runtime");
                let paths = self.paths();
                let app = App {
                    service: &service,
                    policy: &policy,
                    paths: &paths,
                };
                vectis_cli::execute(&runtime, &app, command, &io)
            }
        };
        drop(io);
        Run {
            code,
            stdout,
            stderr,
        }
    }
}

impl Runner for Shell<'_> {
    type Out = Run;
    fn cli(&self, args: &[&str], stdin: Option<&str>, env: &[(&str, &str)]) -> Run {
        self.run(args, stdin, env)
    }
}

/// `text` with what changes from run to run (times, durations, the usage count) replaced by
/// `<time>`, `<ms>` and `<n>`, so whole outputs compare.
pub fn steady(text: &str) -> String {
    let mut out = String::new();
    for line in text.split_inclusive('\n') {
        match line.strip_prefix("Took ") {
            Some(rest) if rest.trim_end().ends_with(" ms") => {
                out.push_str("Took <ms> ms");
                out.push_str(&line[line.trim_end().len()..]);
            }
            _ => out.push_str(&without_times(&without_usage(line))),
        }
    }
    out
}

/// The usage check's count, which depends on how the parallel checks interleave.
fn without_usage(line: &str) -> String {
    const USAGE: &str = "API usage this hour: ";
    let Some(at) = line.find(USAGE).map(|i| i + USAGE.len()) else {
        return line.to_string();
    };
    let digits = line[at..].chars().take_while(char::is_ascii_digit).count();
    format!("{}<n>{}", &line[..at], &line[at + digits..])
}

/// RFC 3339 time stamps (`2026-12-06T09:35:12.12Z`) as `<time>`.
fn without_times(line: &str) -> String {
    let bytes = line.as_bytes();
    let stamp_at = |i: usize| {
        let shape = b"dddd-dd-ddTdd:dd";
        i + shape.len() <= bytes.len()
            && shape.iter().zip(&bytes[i..]).all(|(s, b)| match s {
                b'd' => b.is_ascii_digit(),
                _ => s == b,
            })
    };
    let mut out = String::new();
    let mut i = 0;
    while i < bytes.len() {
        if stamp_at(i) {
            let len = line[i..]
                .find(|c: char| !(c.is_ascii_digit() || ":.-+TZ".contains(c)))
                .unwrap_or(line.len() - i);
            out.push_str("<time>");
            i += len;
        } else {
            let c = line[i..].chars().next().expect("a char");
            out.push(c);
            i += c.len_utf8();
        }
    }
    out
}

/// Whole text compared, with a diff-friendly message: expected first, then what came.
#[track_caller]
pub fn assert_text(actual: &str, expected: &str, what: &str) {
    let actual = steady(actual);
    if std::env::var("GOLDEN_SHOW").is_ok() {
        eprintln!("=== {what}\n{actual:?}");
        return;
    }
    assert!(
        actual == expected,
        "{what}: the output differs from the expected text.\n--- expected\n{expected}\n--- actual\n{actual}\n---"
    );
}

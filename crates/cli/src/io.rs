//! Where a command reads and writes: the process's own streams and environment in the binary,
//! buffers and a map in tests (as gh injects its IOStreams), so every command runs and is
//! compared whole in-process. Human text passes [`printable`] on its way out.

use std::cell::RefCell;
use std::io::{IsTerminal, Read, Write};

use serde::Serialize;
use serde_json::json;
use vectis_core::error::IpcError;

use crate::output::printable;

type Env<'a> = Box<dyn Fn(&str) -> Option<String> + 'a>;

pub struct Io<'a> {
    stdin: RefCell<Box<dyn Read + 'a>>,
    stdin_is_terminal: bool,
    out: RefCell<Box<dyn Write + 'a>>,
    err: RefCell<Box<dyn Write + 'a>>,
    env: Env<'a>,
    /// The process's streams: clap's messages keep their colours on a terminal.
    process: bool,
}

/// As `println!` does: output that cannot be written is not silently lost.
fn written(result: std::io::Result<()>, stream: &str) {
    if let Err(e) = result {
        panic!("failed printing to {stream}: {e}");
    }
}

impl<'a> Io<'a> {
    /// The process's stdin, stdout, stderr and environment.
    pub fn process() -> Io<'static> {
        Io {
            stdin: RefCell::new(Box::new(std::io::stdin())),
            stdin_is_terminal: std::io::stdin().is_terminal(),
            out: RefCell::new(Box::new(std::io::stdout())),
            err: RefCell::new(Box::new(std::io::stderr())),
            env: Box::new(|name| std::env::var(name).ok()),
            process: true,
        }
    }

    /// Output into `out` and `err`; empty, piped standard input and an empty environment
    /// until [`Io::stdin`] and [`Io::env`] say otherwise.
    pub fn buffers(out: &'a mut Vec<u8>, err: &'a mut Vec<u8>) -> Self {
        Io {
            stdin: RefCell::new(Box::new(std::io::empty())),
            stdin_is_terminal: false,
            out: RefCell::new(Box::new(out)),
            err: RefCell::new(Box::new(err)),
            env: Box::new(|_| None),
            process: false,
        }
    }

    /// Standard input holding `text`; `terminal` says whether it is a terminal.
    pub fn stdin(mut self, text: &'a str, terminal: bool) -> Self {
        self.stdin = RefCell::new(Box::new(text.as_bytes()));
        self.stdin_is_terminal = terminal;
        self
    }

    /// The environment as `get` reads it.
    pub fn env(mut self, get: impl Fn(&str) -> Option<String> + 'a) -> Self {
        self.env = Box::new(get);
        self
    }

    /// A variable that is set and not empty.
    pub fn var(&self, name: &str) -> Option<String> {
        (self.env)(name).filter(|v| !v.is_empty())
    }

    pub fn stdin_is_terminal(&self) -> bool {
        self.stdin_is_terminal
    }

    pub fn read_stdin(&self) -> std::io::Result<String> {
        let mut text = String::new();
        self.stdin.borrow_mut().read_to_string(&mut text)?;
        Ok(text)
    }

    pub fn read_line(&self) -> String {
        let mut line = Vec::new();
        let mut byte = [0u8];
        let mut stdin = self.stdin.borrow_mut();
        while matches!(stdin.read(&mut byte), Ok(1)) {
            line.push(byte[0]);
            if byte[0] == b'\n' {
                break;
            }
        }
        String::from_utf8_lossy(&line).into_owned()
    }

    /// `text` as it is (already printable), no newline added; flushed (a prompt).
    pub fn print(&self, text: &str) {
        let mut out = self.out.borrow_mut();
        written(out.write_all(text.as_bytes()), "stdout");
        written(out.flush(), "stdout");
    }

    /// One line of human text on stdout.
    pub fn say(&self, text: &str) {
        let line = printable(text) + "\n";
        written(self.out.borrow_mut().write_all(line.as_bytes()), "stdout");
    }

    /// One line of human text on stderr.
    pub fn esay(&self, text: &str) {
        let line = printable(text) + "\n";
        written(self.err.borrow_mut().write_all(line.as_bytes()), "stderr");
    }

    /// One JSON object on one line.
    pub fn json(&self, value: &impl Serialize) {
        let line = format!("{}\n", serde_json::to_value(value).unwrap_or_default());
        written(self.out.borrow_mut().write_all(line.as_bytes()), "stdout");
    }

    /// An error: the JSON object on stdout with `--json`, else `Error:` and `Fix:` on stderr.
    pub fn error(&self, json_out: bool, error: &IpcError) {
        if json_out {
            self.json(&json!({"ok": false, "message": error.message, "error": error}));
        } else {
            self.esay(&format!("Error: {}", error.message));
            self.esay(&format!("Fix: {}", error.remediation));
        }
    }

    /// Help, the version or a usage error, where clap would print it.
    pub fn clap(&self, error: &clap::Error) {
        if self.process {
            let _ = error.print();
            return;
        }
        let text = error.render().to_string();
        let stream = if error.use_stderr() {
            &self.err
        } else {
            &self.out
        };
        let _ = stream.borrow_mut().write_all(text.as_bytes());
    }
}

/// `io.say(format!(…))`.
macro_rules! say {
    ($io:expr, $($arg:tt)*) => {
        $io.say(&format!($($arg)*))
    };
}

/// `io.esay(format!(…))`.
macro_rules! esay {
    ($io:expr, $($arg:tt)*) => {
        $io.esay(&format!($($arg)*))
    };
}

//! Reading the secret (and, if asked, the integration code) without putting it in an argument:
//! standard input when piped, a prompt without echo on a terminal, else the environment (only
//! when the command is about new credentials: see [`fill_from_env`]).

use vectis_core::config::{INTEGRATION_CODE_VAR, SECRET_VAR, USERNAME_VAR};
use vectis_core::error::{ErrorCode, IpcError};
use vectis_core::secret::Secret;

use crate::io::Io;

/// Where each value comes from, as the flags say.
pub struct FromStdin {
    pub secret: bool,
    pub integration_code: bool,
}

/// What was read: `None` where nothing was given.
#[derive(Default)]
pub struct Given {
    pub username: Option<String>,
    pub secret: Option<Secret>,
    pub integration_code: Option<Secret>,
}

fn unreadable(e: std::io::Error) -> IpcError {
    IpcError::new(
        ErrorCode::InvalidInput,
        format!("Could not read standard input ({e})."),
        "Pipe the secret into the command (e.g. from your RMM's secure variable).",
    )
}

fn prompt(label: &str) -> Result<Secret, IpcError> {
    rpassword::prompt_password(format!("{label}: "))
        .map(Secret::new)
        .map_err(unreadable)
}

/// Piped input: line 1 is the secret (when asked), the next line the integration code.
fn piped(wanted: &FromStdin, io: &Io<'_>) -> Result<Given, IpcError> {
    let text = io.read_stdin().map_err(unreadable)?;
    let mut lines = text.lines().map(|l| Secret::new(l.trim_end_matches('\r')));
    Ok(Given {
        username: None,
        secret: if wanted.secret { lines.next() } else { None },
        integration_code: if wanted.integration_code {
            lines.next()
        } else {
            None
        },
    })
}

fn from_terminal(wanted: &FromStdin) -> Result<Given, IpcError> {
    Ok(Given {
        username: None,
        secret: wanted
            .secret
            .then(|| prompt("API user secret"))
            .transpose()?,
        integration_code: wanted
            .integration_code
            .then(|| prompt("Integration code"))
            .transpose()?,
    })
}

pub fn read(wanted: &FromStdin, io: &Io<'_>) -> Result<Given, IpcError> {
    match (
        wanted.secret || wanted.integration_code,
        io.stdin_is_terminal(),
    ) {
        (false, _) => Ok(Given::default()),
        (true, true) => from_terminal(wanted),
        (true, false) => piped(wanted, io),
    }
}

const VARS: [&str; 3] = [USERNAME_VAR, SECRET_VAR, INTEGRATION_CODE_VAR];

/// Fills what no flag gave from the environment (`get` reads a variable).
pub fn fill_from_env(given: &mut Given, wanted: &FromStdin, get: impl Fn(&str) -> Option<String>) {
    if given.username.is_none() {
        given.username = get(USERNAME_VAR);
    }
    if given.secret.is_none() && !wanted.secret {
        given.secret = get(SECRET_VAR).map(Secret::new);
    }
    if given.integration_code.is_none() && !wanted.integration_code {
        given.integration_code = get(INTEGRATION_CODE_VAR).map(Secret::new);
    }
}

/// The credential variables that are set, for saying they were ignored.
pub fn set_vars(get: impl Fn(&str) -> Option<String>) -> Vec<&'static str> {
    VARS.into_iter()
        .filter(|name| get(name).is_some())
        .collect()
}

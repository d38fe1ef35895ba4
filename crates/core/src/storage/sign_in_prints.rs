//! The sign-in ledger's keyed fingerprints and its atomic file writes (see `sign_ins`).

use std::fs;
use std::io::Write;
use std::path::Path;

use hmac::{Hmac, Mac};
use sha2::Sha256;

use super::StorageError;
use crate::validation::Credentials;

pub(super) type Key = [u8; 32];

fn hmac_hex(key: &Key, parts: &[&[u8]]) -> String {
    // HMAC accepts keys of any length; 32 bytes never fails.
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(key).expect("any key length");
    for part in parts {
        // Length-prefixed, so ("ab","c") and ("a","bc") differ.
        mac.update(&(part.len() as u64).to_be_bytes());
        mac.update(part);
    }
    mac.finalize()
        .into_bytes()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn fold(username: &str) -> String {
    username.trim().to_lowercase()
}

pub(super) fn fingerprints(key: &Key, creds: &Credentials) -> (String, String) {
    let user = fold(&creds.username);
    let credentials = hmac_hex(
        key,
        &[
            b"credentials",
            user.as_bytes(),
            creds.integration_code.expose().trim().as_bytes(),
            creds.secret.expose().as_bytes(),
        ],
    );
    (credentials, hmac_hex(key, &[b"user", user.as_bytes()]))
}

pub(super) fn key_id(key: &Key) -> String {
    hmac_hex(key, &[b"vectis sign-in ledger key"])
}

pub(super) fn write_error(path: &Path, e: impl std::fmt::Display) -> StorageError {
    StorageError::SettingsWrite {
        path: path.display().to_string(),
        detail: e.to_string(),
    }
}

/// Replaces `path` atomically with `bytes` (temp file, fsync, rename).
pub(super) fn write_atomic(dir: &Path, path: &Path, bytes: &[u8]) -> Result<(), StorageError> {
    fs::create_dir_all(dir).map_err(|e| write_error(dir, e))?;
    let mut temp = tempfile::Builder::new()
        .prefix(".sign-in-")
        .tempfile_in(dir)
        .map_err(|e| write_error(path, e))?;
    temp.write_all(bytes).map_err(|e| write_error(path, e))?;
    temp.as_file()
        .sync_all()
        .map_err(|e| write_error(path, e))?;
    temp.persist(path).map_err(|e| write_error(path, e.error))?;
    Ok(())
}

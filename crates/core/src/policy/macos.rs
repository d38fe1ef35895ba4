//! MDM profiles: managed preferences for the app's bundle id, computer-wide
//! (`/Library/Managed Preferences/<id>.plist`), then the user's
//! (`/Library/Managed Preferences/<user>/<id>.plist`).

use std::path::{Path, PathBuf};

use super::sources::{Found, Raw};
use super::BUNDLE_ID;

fn raw(value: plist::Value) -> Raw {
    match value {
        plist::Value::Boolean(b) => Raw::Bool(b),
        plist::Value::Integer(n) => n
            .as_signed()
            .map_or_else(|| Raw::Other(format!("{n:?}")), Raw::Int),
        plist::Value::String(s) => Raw::Str(s),
        other => Raw::Other(format!("{other:?}")),
    }
}

fn read(path: &Path) -> Found {
    let mut found = Found::new(path.display().to_string());
    match plist::Value::from_file(path) {
        Ok(plist::Value::Dictionary(dict)) => {
            found.values = dict.into_iter().map(|(k, v)| (k, raw(v))).collect();
        }
        Ok(_) => return found.failed("not a dictionary; ignored".into()),
        Err(e)
            if e.as_io()
                .is_some_and(|io| io.kind() == std::io::ErrorKind::NotFound) => {}
        Err(e) => return found.failed(format!("cannot be read ({e}); ignored")),
    }
    found
}

/// The user this process runs as, from the OS (not `$USER`, which the caller controls).
fn user_name() -> Option<String> {
    let user = nix::unistd::User::from_uid(nix::unistd::getuid()).ok()??;
    // A name is one path component; anything else would escape the folder.
    let plain = !user.name.is_empty() && !user.name.contains(['/', '\\']) && user.name != "..";
    plain.then_some(user.name)
}

pub fn sources() -> Vec<Found> {
    let base = PathBuf::from("/Library/Managed Preferences");
    let file = format!("{BUNDLE_ID}.plist");
    let mut found = vec![read(&base.join(&file))];
    if let Some(user) = user_name() {
        let mut user_found = read(&base.join(user).join(&file));
        user_found.user_scope = true;
        found.push(user_found);
    }
    found
}

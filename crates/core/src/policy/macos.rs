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
        Ok(_) => found
            .warnings
            .push(format!("{}: not a dictionary; ignored", found.name)),
        Err(e)
            if e.as_io()
                .is_some_and(|io| io.kind() == std::io::ErrorKind::NotFound) => {}
        Err(e) => found
            .warnings
            .push(format!("{}: cannot be read ({e}); ignored", found.name)),
    }
    found
}

pub fn sources() -> Vec<Found> {
    let base = PathBuf::from("/Library/Managed Preferences");
    let file = format!("{BUNDLE_ID}.plist");
    let mut found = vec![read(&base.join(&file))];
    if let Ok(user) = std::env::var("USER") {
        found.push(read(&base.join(user).join(&file)));
    }
    found
}

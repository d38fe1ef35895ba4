//! Group Policy: `HKLM\SOFTWARE\Policies\Vectis\AutotaskSetup`, then the same key under HKCU.
//! DWORD and QWORD values are numbers (and 1/0 flags), strings are text.

use windows_registry::{Key, Type, CURRENT_USER, LOCAL_MACHINE};

use super::sources::{Found, Raw};
use super::{keys, REGISTRY_KEY};

fn value(key: &Key, name: &str) -> Option<Raw> {
    let raw = match key.get_type(name).ok()? {
        Type::U32 => Raw::Int(i64::from(key.get_u32(name).ok()?)),
        Type::U64 => Raw::Int(i64::try_from(key.get_u64(name).ok()?).ok()?),
        Type::String | Type::ExpandString => Raw::Str(key.get_string(name).ok()?),
        other => Raw::Other(format!("{other:?}")),
    };
    Some(raw)
}

fn hive(root: &Key, label: &str) -> Found {
    let mut found = Found::new(format!("{label}\\{REGISTRY_KEY}"));
    if let Ok(key) = root.open(REGISTRY_KEY) {
        found.values = keys()
            .into_iter()
            .filter_map(|name| value(&key, name).map(|raw| (name.to_string(), raw)))
            .collect();
    }
    found
}

pub fn sources() -> Vec<Found> {
    let mut user = hive(CURRENT_USER, "HKCU");
    user.user_scope = true;
    vec![hive(LOCAL_MACHINE, "HKLM"), user]
}

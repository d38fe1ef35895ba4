//! `status`: the saved connection, for people and monitoring scripts: the last Test, the
//! rejection breaker, the zone, the organisation's policy and the keychain it reads.

use serde_json::{json, Value};
use vectis_core::error::ToIpcError;
use vectis_core::paths::Paths;
use vectis_core::policy::Policy;
use vectis_core::service::Service;
use vectis_core::storage::{ConnectionStatus, SecretLife};

use crate::io::Io;
use crate::output::{EXIT_FAILED, EXIT_OK};

/// The account whose keychain is read: the user who runs the command.
pub fn current_user(io: &Io<'_>) -> String {
    let var = |name: &str| io.var(name);
    if cfg!(windows) {
        match (var("USERDOMAIN"), var("USERNAME")) {
            (Some(domain), Some(user)) => format!("{domain}\\{user}"),
            (_, user) => user.unwrap_or_else(|| "unknown".into()),
        }
    } else {
        var("USER")
            .or_else(|| var("LOGNAME"))
            .unwrap_or_else(|| "unknown".into())
    }
}

fn store_json(status: &ConnectionStatus, paths: &Paths, io: &Io<'_>) -> Value {
    json!({
        "backend": status.backend,
        "user": current_user(io),
        "service": paths.keychain_service,
        "settingsDir": paths.config_dir.display().to_string(),
    })
}

pub fn status_json(
    status: &ConnectionStatus,
    policy: &Policy,
    paths: &Paths,
    io: &Io<'_>,
) -> Value {
    let mut value = serde_json::to_value(status).unwrap_or_default();
    if let Some(object) = value.as_object_mut() {
        object.insert("breakerOpen".into(), json!(status.rejected.is_some()));
        object.insert("policy".into(), json!(policy));
        object.insert("store".into(), store_json(status, paths, io));
    }
    value
}

fn print_policy(policy: &Policy, io: &Io<'_>) {
    if let Some(source) = &policy.source {
        let keys = serde_json::to_value(&policy.keys).unwrap_or_default();
        say!(io, "Managed by your organization ({source}): {keys}");
    }
    for warning in &policy.warnings {
        say!(io, "Policy warning: {warning}");
    }
}

fn print_human(status: &ConnectionStatus, policy: &Policy, io: &Io<'_>) {
    print_policy(policy, io);
    say!(
        io,
        "Keychain: {} for user {}",
        status.backend,
        current_user(io)
    );
    if !status.configured {
        say!(io, "No Autotask connection is saved.");
        if let Some(notice) = &status.notice {
            say!(io, "{}", notice.message);
        }
        return;
    }
    say!(
        io,
        "Connection saved for {}",
        status.username.as_deref().unwrap_or("")
    );
    if let Some(zone) = &status.zone {
        let name = zone.name.as_deref().unwrap_or(&zone.host);
        say!(io, "Zone: {name} ({})", zone.api_url);
    }
    if let Some(tenant) = &status.tenant {
        say!(io, "Tenant: {}", tenant.describe());
    }
    let secret = if status.secret_present {
        "stored"
    } else {
        "MISSING"
    };
    say!(io, "Secret: {secret}");
    if let Some(last) = &status.last_test {
        say!(io, "Last test: {} at {}", last.message, last.at);
    }
    print_life(&status.life, io);
    if let Some(rejected) = &status.rejected {
        say!(io, "Autotask rejected the saved credentials at {} ({}): they are not sent again until reset (connect) or `check --retry-rejected`.", rejected.at, rejected.message);
    }
}

/// "0 days ago" reads as today.
fn ago(days: u32) -> String {
    match days {
        0 => "today".into(),
        1 => "yesterday".into(),
        n => format!("{n} days ago"),
    }
}

fn print_life(life: &SecretLife, io: &Io<'_>) {
    if let (Some(at), Some(days)) = (&life.secret_set_at, life.secret_age_days) {
        let verified = match (&life.last_verified_at, life.last_verified_days) {
            (Some(v), Some(d)) => format!("last verified {} ({v})", ago(d)),
            _ => "not verified since".into(),
        };
        say!(io, "Secret saved {} ({at}), {verified}", ago(days));
    }
    if let (true, Some(limit)) = (life.rotation_due, life.rotation_reminder_days) {
        say!(io, "Rotation due: your organization asks for a new secret every {limit} days (RotationReminderDays). See docs/deploy.md, rotation.");
    }
    if let Some(old) = &life.old_user {
        match &old.retired_at {
            Some(at) => say!(io, "Switched from API user {} on {}; retired (confirmed {at}).", old.username, old.switched_at),
            None => say!(io, "Switched from API user {} on {}: retire it in Autotask (new secret or deactivate, remove its tracking identifier) once no machine uses it.", old.username, old.switched_at),
        }
    }
}

pub fn run(service: &Service, policy: &Policy, paths: &Paths, json: bool, io: &Io<'_>) -> i32 {
    match service.status() {
        Ok(status) => {
            if json {
                io.json(&status_json(&status, policy, paths, io));
            } else {
                print_human(&status, policy, io);
            }
            if status.configured && status.secret_present {
                EXIT_OK
            } else {
                EXIT_FAILED
            }
        }
        Err(e) => {
            io.error(json, &e.to_ipc());
            EXIT_FAILED
        }
    }
}

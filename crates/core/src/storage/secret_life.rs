//! The secret's life after it was saved: when it was set, when it last passed a Test, its age,
//! whether the organisation's rotation reminder is due, and, after a switch to another API
//! user, the old user still to retire in Autotask. All from the settings and a clock: no
//! network call.

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use ts_rs::TS;

use super::clock::{days_since, parse};
use super::Settings;

/// After a switch to another API user: the one the connection used before, which still holds
/// a working secret in Autotask until the admin retires it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct OldUser {
    pub username: String,
    /// RFC 3339, UTC: when the switch was saved.
    pub switched_at: String,
    /// RFC 3339, UTC: when the admin confirmed the old user was retired in Autotask.
    pub retired_at: Option<String>,
}

/// What saving credentials changed, compared with the saved connection.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum CredentialChange {
    /// Nothing was saved before.
    New,
    /// A new secret for the same API user (a rotation).
    Secret,
    /// Another API user (see [`OldUser`]).
    Switch,
    /// The same user and secret (say, a new integration code): the secret's age goes on.
    Same,
}

/// What the status shows about the secret's age. Days are whole days, never negative.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SecretLife {
    /// RFC 3339, UTC: when the current secret was saved on this machine.
    pub secret_set_at: Option<String>,
    /// RFC 3339, UTC: when these credentials last passed a Test.
    pub last_verified_at: Option<String>,
    pub secret_age_days: Option<u32>,
    pub last_verified_days: Option<u32>,
    /// The organisation's `RotationReminderDays`, when set.
    pub rotation_reminder_days: Option<u32>,
    /// The secret is at least `rotation_reminder_days` old.
    pub rotation_due: bool,
    /// After a switch: the old API user, until and after it is retired.
    pub old_user: Option<OldUser>,
}

impl SecretLife {
    pub fn of(settings: &Settings, now: OffsetDateTime) -> Self {
        // Files from before these stamps existed: the save time and a passing last Test.
        let set_at = settings
            .secret_set_at
            .clone()
            .unwrap_or_else(|| settings.saved_at.clone());
        let verified = settings.last_verified_at.clone().or_else(|| {
            settings
                .last_test
                .as_ref()
                .filter(|t| t.ok)
                .map(|t| t.at.clone())
        });
        let age = |stamp: &Option<String>| {
            stamp
                .as_deref()
                .and_then(parse)
                .map(|then| days_since(then, now))
        };
        let set_at = Some(set_at);
        Self {
            secret_age_days: age(&set_at),
            last_verified_days: age(&verified),
            secret_set_at: set_at,
            last_verified_at: verified,
            rotation_reminder_days: None,
            rotation_due: false,
            old_user: settings.old_user.clone(),
        }
    }

    /// Applies the organisation's reminder: due once the secret is `days` old (0 days never).
    pub fn remind_after(&mut self, days: Option<u32>) {
        self.rotation_reminder_days = days.filter(|d| *d > 0);
        self.rotation_due = match (self.rotation_reminder_days, self.secret_age_days) {
            (Some(limit), Some(age)) => age >= limit,
            _ => false,
        };
    }
}

/// What a save of `username` with `same_secret` changes relative to `previous`.
pub fn change(previous: Option<&Settings>, username: &str, same_secret: bool) -> CredentialChange {
    match previous {
        None => CredentialChange::New,
        Some(p) if !p.username.eq_ignore_ascii_case(username) => CredentialChange::Switch,
        Some(_) if same_secret => CredentialChange::Same,
        Some(_) => CredentialChange::Secret,
    }
}

/// The stamps a save writes: the secret's time is kept when the secret is the same, and a
/// switch names the old user (a later rotation of the new user keeps that record).
pub fn carry_over(previous: Option<&Settings>, next: &mut Settings, change: CredentialChange) {
    let now = next.saved_at.clone();
    next.secret_set_at = match (change, previous) {
        (CredentialChange::Same, Some(p)) => p.secret_set_at.clone().or(Some(p.saved_at.clone())),
        _ => Some(now.clone()),
    };
    next.old_user = match (change, previous) {
        (CredentialChange::Switch, Some(p)) => Some(OldUser {
            username: p.username.clone(),
            switched_at: now,
            retired_at: None,
        }),
        (CredentialChange::New, _) => None,
        (_, p) => p.and_then(|p| p.old_user.clone()),
    };
}

//! The demo users: the fixture marks them (`"demo": "full" | "limited"` on a user), and
//! everything else (tests, `/_sim/demo-credentials`, the app's demo mode through that route)
//! reads their credentials from there instead of repeating them.

use serde::{Deserialize, Serialize};

use crate::fixture::{ApiUser, Fixture};

/// Which documented demo user an API user is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum DemoRole {
    /// Every permission the app checks: the connection test passes.
    Full,
    /// A security level missing permissions, to show the permission matrix failing.
    Limited,
}

/// What an admin pastes into the app to sign in as a demo user.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DemoCredentials {
    pub integration_code: String,
    pub username: String,
    pub secret: String,
}

impl DemoCredentials {
    fn of(user: &ApiUser) -> Option<Self> {
        Some(Self {
            // The first code is the one documented for the demo; the list is what it accepts.
            integration_code: user.integration_codes.first()?.clone(),
            username: user.username.clone(),
            secret: user.secret.clone(),
        })
    }
}

impl Fixture {
    /// The user marked `"demo": "full"`.
    ///
    /// # Panics
    /// When the fixture marks none; [`Fixture::credentials_of`] does not panic.
    pub fn demo_credentials(&self) -> DemoCredentials {
        self.credentials_of(DemoRole::Full)
            .expect("the fixture marks a user \"demo\": \"full\" with an integration code")
    }

    /// The user marked `"demo": "limited"`.
    ///
    /// # Panics
    /// When the fixture marks none; [`Fixture::credentials_of`] does not panic.
    pub fn limited_credentials(&self) -> DemoCredentials {
        self.credentials_of(DemoRole::Limited)
            .expect("the fixture marks a user \"demo\": \"limited\" with an integration code")
    }

    /// The first user marked with `role`, if it has an integration code.
    pub fn credentials_of(&self, role: DemoRole) -> Option<DemoCredentials> {
        self.users
            .iter()
            .find(|u| u.demo == Some(role))
            .and_then(DemoCredentials::of)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixture::FixtureError;

    #[test]
    fn the_bundled_fixture_marks_both_demo_users_once() {
        let fixture = Fixture::default_demo();
        fixture.check().unwrap();
        let full = fixture.demo_credentials();
        let limited = fixture.limited_credentials();
        assert_ne!(full.username, limited.username);
        // One integration code serves both demo users.
        assert_eq!(full.integration_code, limited.integration_code);
    }

    #[test]
    fn credentials_serialize_in_camel_case() {
        let json = serde_json::to_value(Fixture::default_demo().demo_credentials()).unwrap();
        let mut keys: Vec<&String> = json.as_object().unwrap().keys().collect();
        keys.sort();
        assert_eq!(keys, ["integrationCode", "secret", "username"]);
    }

    #[test]
    fn a_fixture_without_demo_users_has_no_credentials_and_two_full_users_are_refused() {
        let mut fixture = Fixture::default_demo();
        for user in &mut fixture.users {
            user.demo = None;
        }
        assert_eq!(fixture.credentials_of(DemoRole::Full), None);
        for user in &mut fixture.users {
            user.demo = Some(DemoRole::Full);
        }
        assert!(matches!(
            fixture.check(),
            Err(FixtureError::DuplicateDemo(DemoRole::Full))
        ));
    }
}

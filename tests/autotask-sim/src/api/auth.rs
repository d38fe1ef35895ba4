//! Sign-in from the `ApiIntegrationCode`, `UserName` and `Secret` headers, with the lockout
//! that repeated wrong secrets cause and the zone host the user's tenant lives in
//! (docs/autotask-api.md, "Authentication", "Lockouts", "Zone moves").

use axum::http::StatusCode;

use super::errors::{ApiError, INACTIVE_ERROR, INTEGRATION_CODE_ERROR, LOCKED_ERROR, ZONE_ERROR};
use super::request::ApiRequest;
use crate::fixture::ApiUser;
use crate::state::SimState;

/// Signs the caller in: unknown user, another zone's host, locked, wrong secret, inactive, bad
/// integration code, in the order the real service checks them. Gives the user and the
/// lower-cased code (threads are counted per code).
pub(super) fn sign_in(
    state: &mut SimState,
    request: &ApiRequest,
) -> Result<(ApiUser, String), ApiError> {
    let username = request.header("username").unwrap_or("");
    let Some(user) = state.live_user(username).cloned() else {
        return Err(ApiError::server(ZONE_ERROR));
    };
    // A zone host knows only its own tenants' users: an empty 401, and no wrong secret counted.
    let home_zone = state.tenant(&user.tenant).map(|t| t.zone_number);
    if request.zone_number().is_some_and(|n| Some(n) != home_zone) {
        return Err(ApiError::Empty(StatusCode::UNAUTHORIZED));
    }
    if user.locked {
        return Err(account_refusal(state, LOCKED_ERROR));
    }
    if request.header("secret") != Some(user.secret.as_str()) {
        count_wrong_secret(state, &user);
        // The real service answers a wrong secret with an empty 401.
        return Err(ApiError::Empty(StatusCode::UNAUTHORIZED));
    }
    state.failed_secrets.remove(&user.username.to_lowercase());
    if !user.active {
        return Err(account_refusal(state, INACTIVE_ERROR));
    }
    let code = request.header("apiintegrationcode").unwrap_or("");
    if !user.integration_codes.iter().any(|c| c == code) {
        return Err(ApiError::server(INTEGRATION_CODE_ERROR));
    }
    Ok((user, code.to_lowercase()))
}

/// A locked or inactive user: no REST source shows more than the empty 401 a wrong secret gets;
/// `accountStateBodies` adds the (SOAP-era or invented) explanation.
fn account_refusal(state: &SimState, text: &str) -> ApiError {
    if state.settings().account_state_bodies {
        ApiError::Errors(StatusCode::UNAUTHORIZED, text.into())
    } else {
        ApiError::Empty(StatusCode::UNAUTHORIZED)
    }
}

/// Wrong secrets in a row lock the user once `lockoutAfter` is reached (0: never).
fn count_wrong_secret(state: &mut SimState, user: &ApiUser) {
    let key = user.username.to_lowercase();
    let lockout_after = state.settings().lockout_after;
    let failures = state.failed_secrets.entry(key.clone()).or_default();
    *failures += 1;
    if lockout_after > 0 && *failures >= lockout_after {
        if let Some(u) = state.user_mut(&key) {
            u.locked = true;
        }
    }
}

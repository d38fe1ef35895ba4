//! What Autotask's answers mean: one deterministic [`ApiError`] for each failed call, read from
//! the status code and the service's error texts.

use serde_json::Value;

use super::ApiError;

/// Autotask's `{"errors": [...]}`; entries are strings or `{message}` objects.
fn error_messages(body: &str) -> Vec<String> {
    let Ok(Value::Object(map)) = serde_json::from_str::<Value>(body) else {
        return Vec::new();
    };
    let errors = map
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case("errors"))
        .and_then(|(_, v)| v.as_array().cloned())
        .unwrap_or_default();
    errors
        .iter()
        .filter_map(|e| match e {
            Value::String(s) => Some(s.clone()),
            Value::Object(o) => o.get("message").and_then(Value::as_str).map(str::to_string),
            _ => None,
        })
        .collect()
}

/// What an HTTP answer means. `entity`/`verb` name the call for permission errors.
pub(crate) fn classify(status: u16, body: &str, host: &str, entity: &str, verb: &str) -> ApiError {
    let messages = error_messages(body);
    let any = |needle: &str| {
        messages.iter().any(|m| {
            m.to_ascii_lowercase()
                .contains(&needle.to_ascii_lowercase())
        })
    };
    let permission = || ApiError::PermissionDenied {
        entity: entity.to_string(),
        verb: verb.to_string(),
    };
    if any("Zone information could not be determined") {
        return ApiError::UnknownUser;
    }
    if any("IntegrationCode is invalid") {
        return ApiError::InvalidIntegrationCode;
    }
    if any("adequate permissions") {
        return permission();
    }
    if any("locked") || any("inactive") {
        return ApiError::AccountLocked {
            detail: messages.join(" "),
        };
    }
    match status {
        401 => ApiError::InvalidCredentials,
        403 => permission(),
        404 => ApiError::NotFound,
        429 => ApiError::RateLimited {
            detail: if messages.is_empty() {
                "too many requests".into()
            } else {
                messages.join(" ")
            },
        },
        _ if !messages.is_empty() => ApiError::Rejected { status, messages },
        _ => ApiError::ServerError {
            status,
            host: host.to_string(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_map_to_one_deterministic_error() {
        let c = |status, body: &str| {
            classify(
                status,
                body,
                "webservices15.autotask.net",
                "Contracts",
                "query",
            )
        };
        assert_eq!(
            c(
                500,
                r#"{"errors":["Zone information could not be determined"]}"#
            ),
            ApiError::UnknownUser
        );
        assert_eq!(c(401, ""), ApiError::InvalidCredentials);
        assert_eq!(
            c(500, r#"{"errors":["IntegrationCode is invalid."]}"#),
            ApiError::InvalidIntegrationCode
        );
        let denied = ApiError::PermissionDenied {
            entity: "Contracts".into(),
            verb: "query".into(),
        };
        assert_eq!(
            c(
                500,
                r#"{"errors":["The logged in Resource does not have the adequate permissions to query this entity type."]}"#
            ),
            denied
        );
        assert_eq!(c(403, ""), denied);
        assert!(matches!(
            c(
                401,
                r#"{"errors":["The user account has been locked. Please see your Autotask Administrator for details."]}"#
            ),
            ApiError::AccountLocked { .. }
        ));
        assert!(matches!(
            c(
                429,
                r#"{"errors":["API thread threshold of 3 threads has been exceeded"]}"#
            ),
            ApiError::RateLimited { .. }
        ));
        assert!(matches!(
            c(503, "<html>Service Unavailable</html>"),
            ApiError::ServerError { status: 503, .. }
        ));
        assert_eq!(
            c(
                500,
                r#"{"errors":[{"message":"Picklist value [99] does not exist for priority.","field":"priority"}]}"#
            ),
            ApiError::Rejected {
                status: 500,
                messages: vec!["Picklist value [99] does not exist for priority.".into()]
            }
        );
        assert_eq!(c(404, ""), ApiError::NotFound);
    }
}

//! What Autotask's answers mean: one deterministic [`ApiError`] for each failed call, read from
//! the status code and the service's error texts.

use serde_json::Value;

use super::ApiError;

/// The whole phrases that say the API user is locked or inactive. Only these, and only on a
/// 401 or 403, mean a locked account: "Picklist value [12] is inactive for status." is a
/// rejection of a value, not of the user.
const ACCOUNT_STATE_PHRASES: [&str; 3] = [
    "the user account has been locked",
    "the user account is locked",
    "the user account is inactive",
];

/// Autotask's thread limit ("API thread threshold of 3 threads has been exceeded", internal
/// code `Itgenatr005`). It usually comes as a 429 but may come with another status.
fn is_thread_limit(message: &str) -> bool {
    let m = message.to_ascii_lowercase();
    m.contains("itgenatr005") || (m.contains("thread threshold") && m.contains("exceeded"))
}

/// One error entry: a string or an object with a `message` (any case).
fn entry_text(entry: &Value) -> Option<String> {
    match entry {
        Value::String(s) => Some(s.clone()),
        Value::Object(o) => o
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case("message"))
            .and_then(|(_, v)| v.as_str())
            .map(str::to_string),
        _ => None,
    }
}

/// Autotask's `{"errors": [...]}` (strings or `{message}` objects) and ASP.NET's
/// `{"Message": "..."}`, read alike.
fn error_messages(body: &str) -> Vec<String> {
    let Ok(Value::Object(map)) = serde_json::from_str::<Value>(body) else {
        return Vec::new();
    };
    let mut messages = Vec::new();
    for (key, value) in &map {
        if key.eq_ignore_ascii_case("errors") {
            let entries = value.as_array().map(Vec::as_slice).unwrap_or_default();
            messages.extend(entries.iter().filter_map(entry_text));
        } else if key.eq_ignore_ascii_case("message") {
            messages.extend(value.as_str().map(str::to_string));
        }
    }
    messages.retain(|m| !m.trim().is_empty());
    messages
}

/// What an HTTP answer means. `entity`/`verb` name the call for permission errors.
pub(crate) fn classify(status: u16, body: &str, host: &str, entity: &str, verb: &str) -> ApiError {
    let messages = error_messages(body);
    let any = |needle: &str| {
        let needle = needle.to_ascii_lowercase();
        messages
            .iter()
            .any(|m| m.to_ascii_lowercase().contains(&needle))
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
    if messages.iter().any(|m| is_thread_limit(m)) {
        return ApiError::RateLimited {
            detail: messages.join(" "),
        };
    }
    if any("adequate permissions") {
        return permission();
    }
    if matches!(status, 401 | 403) && ACCOUNT_STATE_PHRASES.iter().any(|p| any(p)) {
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

    fn c(status: u16, body: &str) -> ApiError {
        classify(
            status,
            body,
            "webservices15.autotask.net",
            "Contracts",
            "query",
        )
    }

    #[test]
    fn answers_map_to_one_deterministic_error() {
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

    #[test]
    fn locked_and_inactive_mean_the_account_only_as_whole_phrases_on_401_or_403() {
        let inactive_value = r#"{"errors":["Picklist value [12] is inactive for status."]}"#;
        for status in [400, 401, 403, 500] {
            let expected = match status {
                401 => ApiError::InvalidCredentials,
                403 => ApiError::PermissionDenied {
                    entity: "Contracts".into(),
                    verb: "query".into(),
                },
                _ => ApiError::Rejected {
                    status,
                    messages: vec!["Picklist value [12] is inactive for status.".into()],
                },
            };
            assert_eq!(c(status, inactive_value), expected, "{status}");
        }
        let locked = r#"{"errors":["The user account has been locked. Please see your Autotask Administrator for details."]}"#;
        assert!(matches!(c(403, locked), ApiError::AccountLocked { .. }));
        assert!(matches!(
            c(401, r#"{"errors":["The user account is inactive."]}"#),
            ApiError::AccountLocked { .. }
        ));
        // The same words on a 500 are Autotask's text about something else, not a sign-in.
        assert!(matches!(c(500, locked), ApiError::Rejected { .. }));
        assert!(matches!(
            c(500, r#"{"errors":["Queue 7 is locked for editing."]}"#),
            ApiError::Rejected { .. }
        ));
    }

    #[test]
    fn the_thread_limit_is_rate_limited_whatever_the_status() {
        for status in [200, 400, 401, 403, 405, 500, 503] {
            for body in [
                r#"{"errors":["API thread threshold of 3 threads has been exceeded"]}"#,
                r#"{"errors":["Itgenatr005: too many threads"]}"#,
                r#"{"Message":"API Thread threshold of 3 threads has been exceeded."}"#,
            ] {
                assert!(
                    matches!(c(status, body), ApiError::RateLimited { .. }),
                    "{status} {body}"
                );
            }
        }
    }

    #[test]
    fn message_bodies_are_read_like_errors() {
        assert_eq!(
            c(
                405,
                r#"{"Message":"The requested resource does not support http method 'GET'."}"#
            ),
            ApiError::Rejected {
                status: 405,
                messages: vec!["The requested resource does not support http method 'GET'.".into()]
            }
        );
        assert_eq!(
            c(404, r#"{"Message":"No HTTP resource was found."}"#),
            ApiError::NotFound
        );
        assert_eq!(
            c(500, r#"{"message":"IntegrationCode is invalid."}"#),
            ApiError::InvalidIntegrationCode
        );
        assert_eq!(
            c(500, r#"{"errors":[{"Message":"queueID is required"}]}"#),
            ApiError::Rejected {
                status: 500,
                messages: vec!["queueID is required".into()]
            }
        );
    }
}

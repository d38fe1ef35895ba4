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
/// `{"Message": "..."}`, read alike; `None` when the body is no JSON object with either.
fn error_messages(body: &str) -> Option<Vec<String>> {
    let Ok(Value::Object(map)) = serde_json::from_str::<Value>(body) else {
        return None;
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
    (!messages.is_empty()).then_some(messages)
}

/// What an answer's body says, in the service's own words, whatever its shape.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BodyText {
    /// `{"errors": [...]}`, `{"Message": ...}`, or a plain-text body (.NET's "Object reference
    /// not set to an instance of an object.") as its first meaningful line.
    Messages(Vec<String>),
    /// An HTML page (an outage or a proxy's page): its first meaningful line, tags stripped;
    /// empty when the page has no readable text.
    Page(String),
    /// Nothing to read: an empty body.
    Empty,
}

impl BodyText {
    pub fn read(body: &str) -> Self {
        if body.trim().is_empty() {
            return Self::Empty;
        }
        if let Some(messages) = error_messages(body) {
            return Self::Messages(messages);
        }
        if looks_like_html(body) {
            return Self::Page(super::said::first_line(&super::said::html_text(body)));
        }
        // A JSON string is its text; any other body (other JSON, plain text) as it reads.
        let text = match serde_json::from_str::<Value>(body) {
            Ok(Value::String(s)) => s,
            _ => body.to_string(),
        };
        Self::Messages(vec![super::said::first_line(&text)])
    }

    fn messages(&self) -> &[String] {
        match self {
            Self::Messages(m) => m,
            _ => &[],
        }
    }

    /// One line for an admin: the messages, the page's line, or that the body was empty.
    pub fn summary(&self) -> String {
        match self {
            Self::Messages(m) => m.join(" "),
            Self::Page(line) if line.is_empty() => "a web page without readable text".into(),
            Self::Page(line) => format!("a web page saying \u{201c}{line}\u{201d}"),
            Self::Empty => "an empty answer".into(),
        }
    }
}

fn looks_like_html(body: &str) -> bool {
    let start = body.trim_start();
    let lower = body.to_ascii_lowercase();
    (start.starts_with('<') && !start.starts_with("<?xml")) || lower.contains("<html")
}

/// What an HTTP answer means. `entity`/`verb` name the call for permission errors.
pub fn classify(status: u16, body: &str, host: &str, entity: &str, verb: &str) -> ApiError {
    let said = BodyText::read(body);
    let messages = said.messages();
    let any = |needle: &str| {
        let needle = needle.to_ascii_lowercase();
        messages
            .iter()
            .any(|m| m.to_ascii_lowercase().contains(&needle))
    };
    // Autotask's text is kept: the entity it names may not be the one called (ProjectType).
    let permission = || ApiError::PermissionDenied {
        entity: entity.to_string(),
        verb: verb.to_string(),
        said: messages.join(" "),
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
    by_status(status, &said, host, permission)
}

/// The answer read by its status once no known text decided it.
fn by_status(
    status: u16,
    said: &BodyText,
    host: &str,
    permission: impl Fn() -> ApiError,
) -> ApiError {
    let spoken = || match said {
        BodyText::Empty => String::new(),
        other => other.summary(),
    };
    match (status, said) {
        (401, _) => ApiError::InvalidCredentials { said: spoken() },
        (403, _) => permission(),
        (404, _) => ApiError::NotFound { said: spoken() },
        (429, _) => ApiError::RateLimited {
            detail: match said {
                BodyText::Messages(m) => m.join(" "),
                _ => "too many requests".into(),
            },
        },
        (_, BodyText::Messages(messages)) => ApiError::Rejected {
            status,
            messages: messages.clone(),
        },
        _ => ApiError::ServerError {
            status,
            host: host.to_string(),
            said: said.summary(),
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

    fn creds(said: &str) -> ApiError {
        ApiError::InvalidCredentials { said: said.into() }
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
        assert_eq!(c(401, ""), creds(""));
        assert_eq!(
            c(500, r#"{"errors":["IntegrationCode is invalid."]}"#),
            ApiError::InvalidIntegrationCode
        );
        let denied = |said: &str| ApiError::PermissionDenied {
            entity: "Contracts".into(),
            verb: "query".into(),
            said: said.into(),
        };
        let text = "The logged in Resource does not have the adequate permissions to query this entity type.";
        assert_eq!(c(500, &format!(r#"{{"errors":["{text}"]}}"#)), denied(text));
        assert_eq!(c(403, ""), denied(""));
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
        assert_eq!(
            c(404, ""),
            ApiError::NotFound {
                said: String::new()
            }
        );
    }

    #[test]
    fn locked_and_inactive_mean_the_account_only_as_whole_phrases_on_401_or_403() {
        let inactive_value = r#"{"errors":["Picklist value [12] is inactive for status."]}"#;
        for status in [400, 401, 403, 500] {
            let expected = match status {
                401 => creds("Picklist value [12] is inactive for status."),
                403 => ApiError::PermissionDenied {
                    entity: "Contracts".into(),
                    verb: "query".into(),
                    said: "Picklist value [12] is inactive for status.".into(),
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
            ApiError::NotFound {
                said: "No HTTP resource was found.".into()
            }
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

    #[test]
    fn plain_text_html_and_empty_bodies_keep_autotask_s_words() {
        assert_eq!(
            c(
                500,
                "Object reference not set to an instance of an object.\r\n   at Autotask.X()"
            ),
            ApiError::Rejected {
                status: 500,
                messages: vec!["Object reference not set to an instance of an object.".into()]
            }
        );
        let page = "<!DOCTYPE html><html><head><title>503 Service Unavailable</title></head><body>Down</body></html>";
        let server = |status, said: &str| ApiError::ServerError {
            status,
            host: "webservices15.autotask.net".into(),
            said: said.into(),
        };
        assert_eq!(
            c(503, page),
            server(
                503,
                "a web page saying \u{201c}503 Service Unavailable\u{201d}"
            )
        );
        assert_eq!(c(500, ""), server(500, "an empty answer"));
        assert_eq!(c(502, "  \n"), server(502, "an empty answer"));
        // Plain text is matched like JSON messages: a permission text naming another entity.
        assert!(matches!(
            c(500, "adequate permissions to query this entity projecttype"),
            ApiError::PermissionDenied { said, .. } if said.ends_with("projecttype")
        ));
        assert_eq!(
            c(401, r#"{"errors":["Something went wrong"]}"#),
            creds("Something went wrong")
        );
    }

    #[test]
    fn an_outage_page_on_the_zone_lookup_is_never_an_unknown_user() {
        let page = "<html><body><h1>Zone information could not be determined</h1></body></html>";
        for status in [200, 500, 502, 503] {
            let e = classify(
                status,
                page,
                "webservices.autotask.net",
                "ZoneInformation",
                "query",
            );
            assert!(matches!(e, ApiError::ServerError { .. }), "{status}: {e:?}");
        }
    }
}

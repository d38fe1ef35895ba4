//! Response shapes: Autotask's `{"errors": [...]}` bodies, and the ASP.NET (`{"Message": ...}`)
//! and IIS answers for routes and verbs that do not exist (docs/autotask-api.md, "Errors and
//! status codes").

use axum::http::{header, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::{json, Value};

use super::request::ApiRequest;

pub const ZONE_ERROR: &str = "Zone information could not be determined";
pub const INTEGRATION_CODE_ERROR: &str = "IntegrationCode is invalid.";
pub const LOCKED_ERROR: &str =
    "The user account has been locked. Please see your Autotask Administrator for details.";
pub const INACTIVE_ERROR: &str = "The user account is inactive.";

/// Autotask's permission refusal; `entity` names one (not always the call's) instead of "type".
pub fn permission_error(verb: &str, entity: Option<&str>) -> String {
    let named = entity.map_or_else(|| "type.".to_string(), str::to_string);
    format!("The logged in Resource does not have the adequate permissions to {verb} this entity {named}")
}

pub(super) fn thread_error(limit: usize) -> String {
    format!("API thread threshold of {limit} threads has been exceeded")
}

pub(super) fn hourly_error(limit: u64) -> String {
    format!("The request threshold of {limit} requests per hour has been exceeded for this database. Requests will be accepted again when usage drops below the threshold.")
}

/// A refusal, kept small so it can travel in a `Result` (a `Response` is too big for clippy's
/// taste) and turned into the wire answer at the edge.
#[derive(Debug)]
pub(super) enum ApiError {
    /// `{"errors": [message]}`: Autotask's shape for nearly every refusal.
    Errors(StatusCode, String),
    /// A status with an empty body, as the real service answers a wrong secret (and, as far as
    /// anyone knows, a locked or inactive user and a user from another zone).
    Empty(StatusCode),
}

impl ApiError {
    /// Validation and most other refusals are 500s on the real service, not 4xx.
    pub(super) fn server(message: impl Into<String>) -> Self {
        Self::Errors(StatusCode::INTERNAL_SERVER_ERROR, message.into())
    }

    /// A body that is not JSON at all.
    pub(super) fn invalid_request() -> Self {
        Self::Errors(StatusCode::BAD_REQUEST, "The request is invalid.".into())
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        match self {
            Self::Errors(status, message) => errors(status, message),
            Self::Empty(status) => status.into_response(),
        }
    }
}

pub(super) fn json_response(status: StatusCode, body: Value) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "application/json; charset=utf-8")],
        body.to_string(),
    )
        .into_response()
}

pub(super) fn errors(status: StatusCode, message: impl Into<String>) -> Response {
    json_response(status, json!({ "errors": [message.into()] }))
}

/// IIS' answer for a path outside the REST application.
pub(super) fn iis_not_found() -> Response {
    (
        StatusCode::NOT_FOUND,
        [(header::CONTENT_TYPE, "text/html")],
        "<html><body><h2>404 - File or directory not found.</h2></body></html>",
    )
        .into_response()
}

/// A route the REST application does not have: ASP.NET's `{"Message": ...}` naming the URI as
/// the client sent it (IIS' page for paths outside `/ATServicesRest/`).
pub(super) fn not_found(request: &ApiRequest) -> Response {
    if !request.lower_path.starts_with("/atservicesrest/") {
        return iis_not_found();
    }
    message(
        StatusCode::NOT_FOUND,
        format!(
            "No HTTP resource was found that matches the request URI '{}'.",
            request.absolute_uri()
        ),
    )
}

/// ASP.NET's answer for a known route and a verb it lacks: `Message`, not `errors`.
pub(super) fn method_not_allowed(method: &Method) -> Response {
    message(
        StatusCode::METHOD_NOT_ALLOWED,
        format!("The requested resource does not support http method '{method}'."),
    )
}

/// ASP.NET's error shape: `{"Message": "..."}`.
fn message(status: StatusCode, text: String) -> Response {
    json_response(status, json!({ "Message": text }))
}

//! Faults tests inject through `/_sim/faults`: what a broken network or edge proxy looks like.

use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::json;

use super::errors::{iis_not_found, json_response};
use crate::state::FaultKind;

pub(super) async fn respond(kind: FaultKind, headers: &HeaderMap) -> Response {
    match kind {
        FaultKind::Hang => {
            tokio::time::sleep(Duration::from_secs(3600)).await;
            iis_not_found()
        }
        FaultKind::Reset => reset_response(),
        FaultKind::MalformedJson => (
            StatusCode::OK,
            [(header::CONTENT_TYPE, "application/json")],
            "{\"item\": {\"id\": 0,",
        )
            .into_response(),
        FaultKind::Html503 => (
            StatusCode::SERVICE_UNAVAILABLE,
            [(header::CONTENT_TYPE, "text/html")],
            "<!DOCTYPE html><html><head><title>503 Service Unavailable</title></head><body><h1>Service Unavailable</h1><p>The server is temporarily unable to service your request.</p></body></html>",
        )
            .into_response(),
        FaultKind::Html500 => (
            StatusCode::INTERNAL_SERVER_ERROR,
            [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
            "<!DOCTYPE html>\r\n<html>\r\n<head>\r\n<title>Runtime Error</title>\r\n<style>body {font-family:\"Verdana\"}</style>\r\n</head>\r\n<body>\r\n<h1>Server Error in '/ATServicesRest' Application.</h1>\r\n</body>\r\n</html>",
        )
            .into_response(),
        FaultKind::PlainText500 => (
            StatusCode::INTERNAL_SERVER_ERROR,
            [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
            "Object reference not set to an instance of an object.",
        )
            .into_response(),
        FaultKind::EchoIntegrationCode500 => {
            let code = headers
                .get("ApiIntegrationCode")
                .and_then(|v| v.to_str().ok())
                .unwrap_or_default();
            let text = format!("Integration code {code} is not valid for this request.");
            json_response(StatusCode::INTERNAL_SERVER_ERROR, json!({ "errors": [text] }))
        }
    }
}

/// A body that fails after the headers: the client sees the connection dropped.
fn reset_response() -> Response {
    let stream = futures::stream::once(async {
        Err::<Bytes, _>(std::io::Error::new(
            std::io::ErrorKind::ConnectionReset,
            "connection reset by simulator",
        ))
    });
    Response::builder()
        .status(StatusCode::OK)
        .header(header::CONTENT_TYPE, "application/json")
        .header(header::CONTENT_LENGTH, "1000")
        .body(Body::from_stream(stream))
        .expect("static response parts are valid")
}

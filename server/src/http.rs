//! HTTP plumbing: routing, the headers every response carries, query strings and JSON bodies.

use crate::registry::Shared;
use crate::{control, files, ws};
use bytes::Bytes;
use http_body_util::Full;
use hyper::body::Incoming;
use hyper::header::{self, HeaderValue};
use hyper::{Method, Request, Response, StatusCode};
use serde_json::{json, Value};
use std::collections::HashMap;
use std::convert::Infallible;
use std::sync::Arc;

/// Every response body is a complete buffer.
pub type Body = Full<Bytes>;

/// A parsed query string (the last value wins for a repeated key).
#[derive(Debug, Default)]
pub struct Query(HashMap<String, String>);

impl Query {
    /// Parses `a=1&b=x%20y`.
    pub fn parse(raw: Option<&str>) -> Self {
        Self(
            form_urlencoded::parse(raw.unwrap_or("").as_bytes())
                .into_owned()
                .collect(),
        )
    }

    /// The value of `key`, if given.
    pub fn get(&self, key: &str) -> Option<&str> {
        self.0.get(key).map(String::as_str)
    }
}

/// Headers on every HTTP answer (not on the `101`): cross-origin isolation for the demo and
/// bench pages (precise timers, `performance.measureUserAgentSpecificMemory`), open CORS for
/// pages served from elsewhere, and no caching of freshly rebuilt packages.
const COMMON_HEADERS: [(header::HeaderName, &str); 5] = [
    (header::ACCESS_CONTROL_ALLOW_ORIGIN, "*"),
    (
        header::HeaderName::from_static("cross-origin-opener-policy"),
        "same-origin",
    ),
    (
        header::HeaderName::from_static("cross-origin-embedder-policy"),
        "require-corp",
    ),
    (
        header::HeaderName::from_static("cross-origin-resource-policy"),
        "cross-origin",
    ),
    (header::CACHE_CONTROL, "no-store"),
];

/// A response with `body` and content type `mime`.
pub fn respond(status: StatusCode, mime: &'static str, body: impl Into<Bytes>) -> Response<Body> {
    let mut res = Response::new(Full::new(body.into()));
    *res.status_mut() = status;
    res.headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(mime));
    res
}

/// A JSON response.
pub fn json_response(status: StatusCode, value: &Value) -> Response<Body> {
    respond(status, "application/json", value.to_string())
}

/// `{"error": message}` with `status`.
pub fn json_error(status: StatusCode, message: &str) -> Response<Body> {
    json_response(status, &json!({ "error": message }))
}

/// A redirect to `location`.
pub fn redirect(location: &str) -> Response<Body> {
    let mut res = respond(StatusCode::FOUND, "text/plain", "");
    if let Ok(v) = HeaderValue::from_str(location) {
        res.headers_mut().insert(header::LOCATION, v);
    }
    res
}

/// Routes one request; never fails (errors are HTTP answers).
pub async fn handle(
    shared: Arc<Shared>,
    req: Request<Incoming>,
) -> Result<Response<Body>, Infallible> {
    let path = req.uri().path().to_owned();
    let query = Query::parse(req.uri().query());
    let method = req.method().clone();
    let mut res = if path == "/ws" {
        ws::upgrade(shared, req, &query).await
    } else if method == Method::OPTIONS {
        preflight()
    } else if let Some(name) = path.strip_prefix("/control/") {
        if method == Method::GET || method == Method::POST {
            control::handle(&shared, name, &query)
        } else {
            json_error(
                StatusCode::METHOD_NOT_ALLOWED,
                "control endpoints take GET or POST",
            )
        }
    } else if method == Method::GET || method == Method::HEAD {
        files::serve(&shared.root, &path).await
    } else {
        json_error(
            StatusCode::METHOD_NOT_ALLOWED,
            "static files take GET or HEAD",
        )
    };
    if res.status() != StatusCode::SWITCHING_PROTOCOLS {
        for (name, value) in COMMON_HEADERS {
            res.headers_mut()
                .insert(name, HeaderValue::from_static(value));
        }
    }
    Ok(res)
}

/// CORS preflight: anything goes (the server is a local test fixture).
fn preflight() -> Response<Body> {
    let mut res = respond(StatusCode::NO_CONTENT, "text/plain", "");
    let h = res.headers_mut();
    h.insert(
        header::ACCESS_CONTROL_ALLOW_METHODS,
        HeaderValue::from_static("GET, POST, HEAD, OPTIONS"),
    );
    h.insert(
        header::ACCESS_CONTROL_ALLOW_HEADERS,
        HeaderValue::from_static("*"),
    );
    h.insert(
        header::ACCESS_CONTROL_MAX_AGE,
        HeaderValue::from_static("600"),
    );
    res
}

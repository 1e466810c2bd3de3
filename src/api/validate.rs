//! Input checks that throw at once, typed like the browser's own errors.
//!
//! URLs are checked here in Rust, not with the JS `URL` class, which mini-program runtimes lack.
//! They are scanned byte by byte: `str` patterns and slicing would pull ~6 KB of searchers and
//! panic formatting into the wasm for strings a few dozen bytes long.

use wasm_bindgen::JsValue;

use super::text::{after, cat, contains_ci, find, num, rfind, split, uint};

/// A `TypeError` with `msg`.
#[inline(never)]
pub fn type_error(msg: &str) -> JsValue {
    js_sys::TypeError::new(msg).into()
}

/// A `RangeError` with `msg`.
#[inline(never)]
pub fn range_error(msg: &str) -> JsValue {
    js_sys::RangeError::new(msg).into()
}

/// A `SyntaxError` with `msg`.
#[inline(never)]
pub fn syntax_error(msg: &str) -> JsValue {
    js_sys::SyntaxError::new(msg).into()
}

/// Checks a WebSocket URL: absolute `ws://` or `wss://` (`wss://` only with `secure_only`),
/// a non-empty host, a valid port if any, no fragment, no whitespace. The error is a
/// `SyntaxError` naming the URL with its credentials and tokens redacted.
pub fn check_url(url: &str, secure_only: bool) -> Result<(), JsValue> {
    let why = url_problem(url, secure_only);
    if why.is_empty() {
        return Ok(());
    }
    let msg = if why == SECURE_ONLY {
        cat(&["heartsocket: URL \"", &redact(url), "\" is not wss:// but option 'secureOnly' is true"])
    } else {
        cat(&["heartsocket: invalid URL \"", &redact(url), "\": ", why])
    };
    Err(syntax_error(&msg))
}

/// Marks the `secureOnly` refusal, which has a message of its own.
const SECURE_ONLY: &str = "secureOnly";

/// What is wrong with `url`, or `""`.
fn url_problem(url: &str, secure_only: bool) -> &'static str {
    let b = url.as_bytes();
    let starts = |p: &[u8]| b.get(..p.len()).is_some_and(|h| h.eq_ignore_ascii_case(p));
    let rest = if starts(b"wss://") {
        after(url, 6)
    } else if starts(b"ws://") {
        if secure_only {
            return SECURE_ONLY;
        }
        after(url, 5)
    } else {
        return "the scheme must be ws:// or wss://";
    };
    if b.contains(&b'#') {
        return "a WebSocket URL cannot have a fragment (#)";
    }
    if url.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return "it contains whitespace or control characters";
    }
    let end = rest.bytes().position(|x| x == b'/' || x == b'?').unwrap_or(rest.len());
    let authority = split(rest, end).0;
    // Credentials (user:pass@) are allowed by the URL grammar; the host follows the last '@'.
    let host_port = match rfind(authority, b'@') {
        Some(at) => after(authority, at + 1),
        None => authority,
    };
    let (host, port) = split_host_port(host_port);
    let h = host.as_bytes();
    if h.is_empty() || h == b"[]" {
        return "the host is empty";
    }
    if (h.first() == Some(&b'[')) != (h.last() == Some(&b']')) {
        return "the IPv6 host is not closed with ]";
    }
    if let Some(port) = port {
        let mut value = 0u32;
        let ok = !port.is_empty()
            && port.len() <= 5
            && port.bytes().all(|d| {
                value = value * 10 + u32::from(d.wrapping_sub(b'0'));
                d.is_ascii_digit()
            })
            && value <= 65535;
        if !ok {
            return "the port must be a number from 0 to 65535";
        }
    }
    ""
}

fn split_host_port(hp: &str) -> (&str, Option<&str>) {
    if hp.as_bytes().first() == Some(&b'[') {
        // [v6]:port
        return match find(hp, b']') {
            Some(end) => {
                let (h, p) = split(hp, end + 1);
                (h, p.strip_prefix(':'))
            }
            None => (hp, None),
        };
    }
    match rfind(hp, b':') {
        Some(i) => {
            let (h, p) = split(hp, i);
            (h, Some(after(p, 1)))
        }
        None => (hp, None),
    }
}

/// Query parameter names whose values never appear in messages or debug lines.
const SECRET_PARAMS: [&str; 11] =
    ["token", "key", "auth", "pass", "secret", "sig", "session", "jwt", "ticket", "code", "credential"];

/// `url` with credentials (`user:pass@`) and secret-looking query values replaced by `***`.
pub fn redact(url: &str) -> String {
    // A fragment is never sent, but OAuth-style URLs carry tokens there: hide all of it.
    let (url, fragment) = match find(url, b'#') {
        Some(i) => (split(url, i).0, true),
        None => (url, false),
    };
    let (before_query, query) = match find(url, b'?') {
        Some(i) => (split(url, i).0, Some(after(url, i + 1))),
        None => (url, None),
    };
    let mut out = String::with_capacity(url.len());
    // Without a scheme ("user:pass@host/…", a typo) the authority still starts the string.
    let bq = before_query.as_bytes();
    let scheme_end = (0..bq.len()).find(|&i| bq.get(i..i + 3) == Some(b"://")).map_or(0, |i| i + 3);
    let (scheme, rest) = split(before_query, scheme_end);
    out.push_str(scheme);
    let authority = split(rest, find(rest, b'/').unwrap_or(rest.len())).0;
    match rfind(authority, b'@') {
        Some(at) => {
            out.push_str("***");
            out.push_str(after(rest, at));
        }
        None => out.push_str(rest),
    }
    if let Some(mut q) = query {
        out.push('?');
        loop {
            let (pair, next) = match find(q, b'&') {
                Some(i) => (split(q, i).0, Some(after(q, i + 1))),
                None => (q, None),
            };
            let name = match find(pair, b'=') {
                Some(i) => Some(split(pair, i).0),
                None => None,
            };
            match name {
                Some(name) if SECRET_PARAMS.iter().any(|s| contains_ci(name.as_bytes(), s.as_bytes())) => {
                    out.push_str(name);
                    out.push_str("=***");
                }
                _ => out.push_str(pair),
            }
            let Some(n) = next else { break };
            out.push('&');
            q = n;
        }
    }
    if fragment {
        out.push_str("#***");
    }
    out
}

/// Checks `close(code, reason)` arguments like the WHATWG WebSocket: code 1000 or 3000–4999
/// (`RangeError`, the browser's InvalidAccessError), reason at most 123 UTF-8 bytes (`SyntaxError`).
pub fn close_args(code: &JsValue, reason: &JsValue) -> Result<(u16, String), JsValue> {
    let code = if code.is_undefined() {
        1000
    } else {
        let n = code.as_f64().ok_or_else(|| type_error("heartsocket: close code must be a number"))?;
        if n != 1000.0 && !(3000.0..=4999.0).contains(&n) || n.fract() != 0.0 {
            return Err(range_error(&cat(&[
                "heartsocket: close code must be 1000 or an integer from 3000 to 4999, got ",
                &num(n),
            ])));
        }
        n as u16
    };
    let reason = if reason.is_undefined() {
        String::new()
    } else {
        reason.as_string().ok_or_else(|| type_error("heartsocket: close reason must be a string"))?
    };
    if reason.len() > 123 {
        return Err(syntax_error(&cat(&[
            "heartsocket: close reason must be at most 123 UTF-8 bytes, got ",
            &uint(reason.len() as u64),
        ])));
    }
    Ok((code, reason))
}

/// Checks WebSocket subprotocol names: non-empty HTTP tokens, no duplicates (`SyntaxError`).
pub fn check_protocols(list: &[String]) -> Result<(), JsValue> {
    for (i, p) in list.iter().enumerate() {
        let token = !p.is_empty()
            && p.bytes().all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b));
        let why = if !token {
            "\" is not a valid subprotocol name"
        } else if list.iter().take(i).any(|q| q == p) {
            "\" is given twice"
        } else {
            continue;
        };
        return Err(syntax_error(&cat(&["heartsocket: option 'protocols': \"", p, why])));
    }
    Ok(())
}

/// The allowed key closest to an unknown `key` (a typo within 2 edits, or a case slip).
/// `allowed` holds option paths; only their last segment is compared.
pub fn did_you_mean<'a>(key: &str, allowed: &[&'a str]) -> Option<&'a str> {
    let mut best: Option<(u32, &'a str)> = None;
    for a in allowed {
        let a = last_segment(a);
        let d = edit_distance(key, a.as_bytes());
        if d <= 2 && (d as usize) < a.len() && best.is_none_or(|(b, _)| d < b) {
            best = Some((d, a));
        }
    }
    best.map(|(_, a)| a)
}

/// `"heartbeat.interval"` → `"interval"`.
pub fn last_segment(path: &str) -> &str {
    match rfind(path, b'.') {
        Some(i) => after(path, i + 1),
        None => path,
    }
}

/// Levenshtein distance between `a` (chars) and the ASCII `b`, ignoring ASCII case.
fn edit_distance(a: &str, b: &[u8]) -> u32 {
    // Allowed keys are short; longer ones are never a typo of each other's.
    const N: usize = 32;
    if b.len() >= N {
        return u32::MAX;
    }
    let mut prev = [0u32; N];
    let mut cur = [0u32; N];
    for (j, p) in prev.iter_mut().enumerate() {
        *p = j as u32;
    }
    for (i, ca) in a.chars().enumerate() {
        cur[0] = i as u32 + 1;
        for j in 0..b.len() {
            let same = ca.to_ascii_lowercase() == char::from(b[j]).to_ascii_lowercase();
            let sub = prev[j] + u32::from(!same);
            cur[j + 1] = sub.min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        core::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

//! Input checks that throw at once, typed like the browser's own errors.
//!
//! URLs are checked here in Rust, not with the JS `URL` class, which mini-program runtimes lack.

use wasm_bindgen::JsValue;

/// `String(n)` computed by JS: Rust's float formatting would add ~15 KB of wasm for messages.
pub fn num(n: f64) -> String {
    js_sys::Number::from(n).to_string_with_radix(10).ok().and_then(|s| s.as_string()).unwrap_or_default()
}

/// A `TypeError` with `msg`.
pub fn type_error(msg: &str) -> JsValue {
    js_sys::TypeError::new(msg).into()
}

/// A `RangeError` with `msg`.
pub fn range_error(msg: &str) -> JsValue {
    js_sys::RangeError::new(msg).into()
}

/// A `SyntaxError` with `msg`.
pub fn syntax_error(msg: &str) -> JsValue {
    js_sys::SyntaxError::new(msg).into()
}

/// Checks a WebSocket URL: absolute `ws://` or `wss://` (`wss://` only with `secure_only`),
/// a non-empty host, a valid port if any, no fragment, no whitespace. The error is a
/// `SyntaxError` naming the URL with its credentials and tokens redacted.
pub fn check_url(url: &str, secure_only: bool) -> Result<(), JsValue> {
    let fail = |why: &str| Err(syntax_error(&format!("heartsocket: invalid URL \"{}\": {why}", redact(url))));
    let rest = if let Some(rest) = strip_prefix_ci(url, "wss://") {
        rest
    } else if let Some(rest) = strip_prefix_ci(url, "ws://") {
        if secure_only {
            return Err(syntax_error(&format!(
                "heartsocket: URL \"{}\" is not wss:// but option 'secureOnly' is true",
                redact(url)
            )));
        }
        rest
    } else {
        return fail("the scheme must be ws:// or wss://");
    };
    if url.contains('#') {
        return fail("a WebSocket URL cannot have a fragment (#)");
    }
    if url.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return fail("it contains whitespace or control characters");
    }
    let authority = rest.split(['/', '?']).next().unwrap_or("");
    // Credentials (user:pass@) are allowed by the URL grammar; the host follows the last '@'.
    let host_port = authority.rsplit('@').next().unwrap_or("");
    let (host, port) = split_host_port(host_port);
    if host.is_empty() || host == "[]" {
        return fail("the host is empty");
    }
    if host.starts_with('[') != host.ends_with(']') {
        return fail("the IPv6 host is not closed with ]");
    }
    if let Some(port) = port {
        let ok = !port.is_empty() && port.len() <= 5 && port.bytes().all(|b| b.is_ascii_digit())
            && port.parse::<u32>().is_ok_and(|p| p <= 65535);
        if !ok {
            return fail("the port must be a number from 0 to 65535");
        }
    }
    Ok(())
}

fn strip_prefix_ci<'a>(s: &'a str, prefix: &str) -> Option<&'a str> {
    let n = prefix.len();
    // The prefix is ASCII, so a match ends on a char boundary.
    (s.len() >= n && s.as_bytes()[..n].eq_ignore_ascii_case(prefix.as_bytes())).then(|| &s[n..])
}

fn split_host_port(hp: &str) -> (&str, Option<&str>) {
    if hp.starts_with('[') {
        // [v6]:port
        return match hp.find(']') {
            Some(end) => {
                let (h, p) = hp.split_at(end + 1);
                (h, p.strip_prefix(':'))
            }
            None => (hp, None),
        };
    }
    match hp.rfind(':') {
        Some(i) => (&hp[..i], Some(&hp[i + 1..])),
        None => (hp, None),
    }
}

/// Query parameter names whose values never appear in messages or debug lines.
const SECRET_PARAMS: [&str; 11] =
    ["token", "key", "auth", "pass", "secret", "sig", "session", "jwt", "ticket", "code", "credential"];

/// `url` with credentials (`user:pass@`) and secret-looking query values replaced by `***`.
pub fn redact(url: &str) -> String {
    // A fragment is never sent, but OAuth-style URLs carry tokens there: hide all of it.
    let (url, fragment) = match url.find('#') {
        Some(i) => (&url[..i], true),
        None => (url, false),
    };
    let (before_query, query) = match url.find('?') {
        Some(i) => (&url[..i], Some(&url[i + 1..])),
        None => (url, None),
    };
    let mut out = String::with_capacity(url.len());
    // Without a scheme ("user:pass@host/…", a typo) the authority still starts the string.
    let (scheme, rest) = before_query.split_at(before_query.find("://").map_or(0, |s| s + 3));
    out.push_str(scheme);
    let auth_end = rest.find('/').unwrap_or(rest.len());
    match rest[..auth_end].rfind('@') {
        Some(at) => {
            out.push_str("***");
            out.push_str(&rest[at..]);
        }
        None => out.push_str(rest),
    }
    if let Some(q) = query {
        out.push('?');
        for (i, pair) in q.split('&').enumerate() {
            if i > 0 {
                out.push('&');
            }
            let name = pair.split('=').next().unwrap_or("");
            let lname = name.to_ascii_lowercase();
            if pair.contains('=') && SECRET_PARAMS.iter().any(|s| lname.contains(s)) {
                out.push_str(name);
                out.push_str("=***");
            } else {
                out.push_str(pair);
            }
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
            return Err(range_error(&format!(
                "heartsocket: close code must be 1000 or an integer from 3000 to 4999, got {}",
                num(n)
            )));
        }
        n as u16
    };
    let reason = if reason.is_undefined() {
        String::new()
    } else {
        reason.as_string().ok_or_else(|| type_error("heartsocket: close reason must be a string"))?
    };
    if reason.len() > 123 {
        return Err(syntax_error(&format!(
            "heartsocket: close reason must be at most 123 UTF-8 bytes, got {}",
            reason.len()
        )));
    }
    Ok((code, reason))
}

/// Checks WebSocket subprotocol names: non-empty HTTP tokens, no duplicates (`SyntaxError`).
pub fn check_protocols(list: &[String]) -> Result<(), JsValue> {
    for (i, p) in list.iter().enumerate() {
        let token = !p.is_empty()
            && p.bytes().all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b));
        if !token {
            return Err(syntax_error(&format!("heartsocket: option 'protocols': \"{p}\" is not a valid subprotocol name")));
        }
        if list[..i].contains(p) {
            return Err(syntax_error(&format!("heartsocket: option 'protocols': \"{p}\" is given twice")));
        }
    }
    Ok(())
}

/// The allowed key closest to an unknown `key` (a typo within 2 edits, or a case slip).
pub fn did_you_mean<'a>(key: &str, allowed: &[&'a str]) -> Option<&'a str> {
    let lkey = key.to_ascii_lowercase();
    allowed
        .iter()
        .map(|a| (edit_distance(&lkey, &a.to_ascii_lowercase()), *a))
        .filter(|(d, a)| *d <= 2 && *d < a.len())
        .min_by_key(|(d, _)| *d)
        .map(|(_, a)| a)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, ca) in a.chars().enumerate() {
        cur[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let sub = prev[j] + usize::from(ca != *cb);
            cur[j + 1] = sub.min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        core::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

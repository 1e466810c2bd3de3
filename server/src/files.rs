//! Static files from `--root`: `/www/`, `/pkg/`, `/bench/` and `/node_modules/` (so demo and
//! bench pages can import npm packages as ES modules without a bundler).

use crate::http::{json_error, redirect, respond, Body};
use hyper::{Response, StatusCode};
use std::path::{Path, PathBuf};

/// Top-level folders that may be served; everything else under the root (`.git`, `target`,
/// sources) stays private.
const SERVED: [&str; 4] = ["www", "pkg", "bench", "node_modules"];

/// Answers `GET path`.
pub async fn serve(root: &Path, path: &str) -> Response<Body> {
    if path == "/" {
        return redirect("/www/");
    }
    let Some(rel) = safe_relative(path) else {
        return json_error(StatusCode::NOT_FOUND, "not served");
    };
    let full = root.join(&rel);
    let meta = match tokio::fs::metadata(&full).await {
        Ok(m) => m,
        Err(_) => return json_error(StatusCode::NOT_FOUND, "no such file"),
    };
    let file = if meta.is_dir() {
        // Relative imports inside the page only resolve against a URL ending in `/`.
        if !path.ends_with('/') {
            return redirect(&format!("{path}/"));
        }
        full.join("index.html")
    } else {
        full
    };
    match tokio::fs::read(&file).await {
        Ok(bytes) => respond(StatusCode::OK, mime(&file), bytes),
        Err(_) => json_error(StatusCode::NOT_FOUND, "no such file"),
    }
}

/// Maps a URL path to a path under the root, or `None` if it leaves the served folders: every
/// segment is percent-decoded and must be a plain name (no `..`, no hidden files, no separators).
fn safe_relative(path: &str) -> Option<PathBuf> {
    let mut segments = path.strip_prefix('/')?.split('/');
    let top = segments.next()?;
    if !SERVED.contains(&top) {
        return None;
    }
    let mut rel = PathBuf::from(top);
    for raw in segments {
        if raw.is_empty() {
            continue;
        }
        let seg = percent_decode(raw)?;
        if seg.starts_with('.') || seg.contains(['/', '\\', '\0']) {
            return None;
        }
        rel.push(seg);
    }
    Some(rel)
}

/// `%XX` decoding; `None` on malformed escapes or non-UTF-8 results.
fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = s.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// Content type by extension; the ones the contract names (`.wasm`, `.js`, `.mjs`) matter.
fn mime(file: &Path) -> &'static str {
    match file.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "wasm" => "application/wasm",
        "js" | "mjs" => "text/javascript",
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css",
        "json" | "map" => "application/json",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "ico" => "image/x-icon",
        "txt" | "md" | "ts" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_plain_paths_under_served_folders_map() {
        assert_eq!(
            safe_relative("/www/index.html"),
            Some(PathBuf::from("www/index.html"))
        );
        assert_eq!(
            safe_relative("/pkg/a%20b.js"),
            Some(PathBuf::from("pkg/a b.js"))
        );
        assert_eq!(safe_relative("/www/../Cargo.toml"), None);
        assert_eq!(safe_relative("/www/%2e%2e/Cargo.toml"), None);
        assert_eq!(safe_relative("/www/a%2fb"), None);
        assert_eq!(safe_relative("/.git/config"), None);
        assert_eq!(safe_relative("/src/lib.rs"), None);
        assert_eq!(safe_relative("/www/%zz"), None);
    }

    #[test]
    fn wasm_and_modules_get_their_types() {
        assert_eq!(mime(Path::new("pkg/x_bg.wasm")), "application/wasm");
        assert_eq!(mime(Path::new("pkg/x.js")), "text/javascript");
        assert_eq!(mime(Path::new("www/app.mjs")), "text/javascript");
    }
}

//! Message text built without `core::fmt`.
//!
//! Every `format!` pulls Rust's formatting machinery into the wasm (the `Formatter`, integer and
//! float `Display`, `char` escaping for `{:?}`), and each call site adds its own argument
//! table. Error messages and debug lines are instead glued from `&str` pieces by one function,
//! and integers are written by a ten-line loop (messages with floats are built in JS).

use alloc::string::String;

/// `parts` joined end to end.
#[inline(never)]
pub fn cat(parts: &[&str]) -> String {
    let mut s = String::with_capacity(parts.iter().map(|p| p.len()).sum());
    for p in parts {
        s.push_str(p);
    }
    s
}

/// The decimal digits of `n`.
#[inline(never)]
pub fn uint(mut n: u64) -> String {
    let mut digits = [0u8; 20];
    let mut len = 0;
    loop {
        digits[len] = b'0' + (n % 10) as u8;
        len += 1;
        n /= 10;
        if n == 0 || len == digits.len() {
            break;
        }
    }
    digits.iter().take(len).rev().map(|&d| char::from(d)).collect()
}

/// `"true"` or `"false"`.
pub fn boolean(b: bool) -> &'static str {
    if b {
        "true"
    } else {
        "false"
    }
}

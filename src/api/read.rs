//! Reading plain values out of JS option objects, with errors that name the option path.
//!
//! serde-wasm-bindgen did this job first; its error machinery pulled Rust's float formatting in
//! and cost ~20 KB of wasm, for messages replaced by our own anyway. So values are read with
//! the few checks each type needs, by one non-generic, non-inlined function per type: each
//! option costs a call, not a copy of the reading code.
//!
//! Options are named by their full path (`"heartbeat.interval"`); the key looked up is its last
//! segment, so each name is stored once.

use js_sys::{Function, Object};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use super::text::{cat, num as num_str};
use super::validate::{did_you_mean, last_segment, type_error};
use crate::core::ConfigError;
use crate::host::js::prop;
use crate::host::payload::describe;

/// Throws a `TypeError` for the first key of `o` that is not in `allowed` (option paths
/// starting with `prefix`), with a "did you mean" and the list of allowed options.
#[inline(never)]
pub fn check_keys(o: &JsValue, allowed: &[&str], prefix: &str) -> Result<(), JsValue> {
    let Some(obj) = o.dyn_ref::<Object>() else { return Ok(()) };
    for key in Object::keys(obj).iter() {
        let key = key.as_string().unwrap_or_default();
        if allowed.iter().any(|a| last_segment(a) == key) {
            continue;
        }
        let mut m = cat(&["heartsocket: unknown option '", prefix, &key, "'"]);
        if let Some(k) = did_you_mean(&key, allowed) {
            m.push_str(&cat(&[" (did you mean '", prefix, k, "'?)"]));
        }
        m.push_str("; allowed: ");
        for (i, a) in allowed.iter().enumerate() {
            if i > 0 {
                m.push_str(", ");
            }
            m.push_str(a);
        }
        return Err(type_error(&m));
    }
    Ok(())
}

/// `o[key]`, with `undefined` and `null` meaning "not given".
#[inline(never)]
pub fn get(o: &JsValue, key: &str) -> Option<JsValue> {
    Some(prop(o, key)).filter(|v| !absent(v))
}

/// `o[last segment of path]`.
pub fn at(o: &JsValue, path: &str) -> Option<JsValue> {
    get(o, last_segment(path))
}

/// `undefined` or `null`.
pub fn absent(v: &JsValue) -> bool {
    v.is_undefined() || v.is_null()
}

/// An object that is neither a function nor an array.
pub fn is_plain_object(v: &JsValue) -> bool {
    v.is_object() && !v.is_function() && !v.is_array()
}

/// Option `path` of `o` as a string, if given.
#[inline(never)]
pub fn string(o: &JsValue, path: &str, expected: &str) -> Result<Option<String>, JsValue> {
    match at(o, path) {
        None => Ok(None),
        Some(v) => v.as_string().map(Some).ok_or_else(|| wrong_type(path, expected, &v)),
    }
}

/// Option `path` of `o` as a boolean, if given.
#[inline(never)]
pub fn boolean(o: &JsValue, path: &str) -> Result<Option<bool>, JsValue> {
    match at(o, path) {
        None => Ok(None),
        Some(v) => v.as_bool().map(Some).ok_or_else(|| wrong_type(path, "a boolean", &v)),
    }
}

/// Option `path` of `o` as a number, if given.
#[inline(never)]
pub fn num(o: &JsValue, path: &str) -> Result<Option<f64>, JsValue> {
    match at(o, path) {
        None => Ok(None),
        Some(v) => v.as_f64().map(Some).ok_or_else(|| wrong_type(path, "a number", &v)),
    }
}

/// The elements of `v` if it is an array whose elements `each` all accepts.
pub fn array<T>(v: &JsValue, each: impl Fn(&JsValue) -> Option<T>) -> Option<Vec<T>> {
    if !v.is_array() {
        return None;
    }
    js_sys::Array::from(v).iter().map(|x| each(&x)).collect()
}

/// `v` as a function, else a `TypeError` naming `path` and what is `expected`.
#[inline(never)]
pub fn func(v: JsValue, path: &str, expected: &str) -> Result<Function, JsValue> {
    v.dyn_into::<Function>().map_err(|v| wrong_type(path, expected, &v))
}

/// "option 'path' must be expected, got (a description of v)".
#[inline(never)]
pub fn wrong_type(path: &str, expected: &str, v: &JsValue) -> JsValue {
    type_error(&cat(&["heartsocket: option '", path, "' must be ", expected, ", got ", &describe(v)]))
}

/// A section (`heartbeat`, `reconnect`) of the wrong type.
pub fn section_type(path: &str, v: &JsValue) -> JsValue {
    wrong_type(path, "false, true or an object", v)
}

/// [`ConfigError`]'s `Display` text, with the numbers formatted by JS: the same words, without
/// pulling Rust's float formatting into the wasm.
#[inline(never)]
pub fn config_message(e: &ConfigError) -> String {
    let head = |option: &str| cat(&["heartsocket: option '", option, "' "]);
    match e {
        ConfigError::OutOfRange { option, value, min, max } => cat(&[
            &head(option),
            "must be a number from ",
            &num_str(*min),
            " to ",
            &num_str(*max),
            ", got ",
            &num_str(*value),
        ]),
        ConfigError::NotInteger { option, value } => {
            cat(&[&head(option), "must be a whole number, got ", &num_str(*value)])
        }
        ConfigError::Inconsistent { option, rule } => cat(&[&head(option), rule]),
        ConfigError::UnknownVariant { option, value, allowed } => {
            let mut m = cat(&[&head(option), "must be one of "]);
            for (i, a) in allowed.iter().enumerate() {
                m.push_str(if i > 0 { ", \"" } else { "\"" });
                m.push_str(a);
                m.push('"');
            }
            m.push_str(&cat(&[", got \"", value, "\""]));
            m
        }
    }
}

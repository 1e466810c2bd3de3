//! Reading plain values out of JS option objects, with errors that name the option path.
//!
//! serde-wasm-bindgen did this job first; its error machinery pulled Rust's float formatting in
//! and cost ~20 KB of wasm, for messages replaced by our own anyway. So values are read with
//! the few checks each type needs.

use js_sys::{Function, Object, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use super::validate::{did_you_mean, num as num_str, type_error};
use crate::core::ConfigError;
use crate::host::payload::describe;

pub fn check_keys(o: &JsValue, allowed: &[&str], prefix: &str) -> Result<(), JsValue> {
    let Some(obj) = o.dyn_ref::<Object>() else { return Ok(()) };
    for key in Object::keys(obj).iter() {
        let key = key.as_string().unwrap_or_default();
        if allowed.contains(&key.as_str()) {
            continue;
        }
        let hint = did_you_mean(&key, allowed).map(|k| format!(" (did you mean '{prefix}{k}'?)")).unwrap_or_default();
        let list = allowed.iter().map(|k| format!("{prefix}{k}")).collect::<Vec<_>>().join(", ");
        return Err(type_error(&format!("heartsocket: unknown option '{prefix}{key}'{hint}; allowed: {list}")));
    }
    Ok(())
}

/// `o[key]`, with `undefined` and `null` meaning "not given".
pub fn get(o: &JsValue, key: &str) -> Option<JsValue> {
    Reflect::get(o, &JsValue::from_str(key)).ok().filter(|v| !absent(v))
}

pub fn absent(v: &JsValue) -> bool {
    v.is_undefined() || v.is_null()
}

pub fn is_plain_object(v: &JsValue) -> bool {
    v.is_object() && !v.is_function() && !v.is_array()
}

pub fn opt<T: FromJs>(o: &JsValue, key: &str, path: &str, expected: &str) -> Result<Option<T>, JsValue> {
    get(o, key).map(|v| typed(&v, path, expected)).transpose()
}

pub fn num(o: &JsValue, key: &str, path: &str) -> Result<Option<f64>, JsValue> {
    match get(o, key) {
        None => Ok(None),
        Some(v) => v.as_f64().map(Some).ok_or_else(|| wrong_type(path, "a number", &v)),
    }
}

pub fn typed<T: FromJs>(v: &JsValue, path: &str, expected: &str) -> Result<T, JsValue> {
    T::from_js(v).ok_or_else(|| wrong_type(path, expected, v))
}

/// A plain value read from JS, or `None` if it has another type.
pub trait FromJs: Sized {
    /// The value, if `v` has this type.
    fn from_js(v: &JsValue) -> Option<Self>;
}

impl FromJs for String {
    fn from_js(v: &JsValue) -> Option<Self> {
        v.as_string()
    }
}

impl FromJs for bool {
    fn from_js(v: &JsValue) -> Option<Self> {
        v.as_bool()
    }
}

impl<T: FromJs> FromJs for Vec<T> {
    fn from_js(v: &JsValue) -> Option<Self> {
        if !v.is_array() {
            return None;
        }
        js_sys::Array::from(v).iter().map(|x| T::from_js(&x)).collect()
    }
}

impl FromJs for f64 {
    fn from_js(v: &JsValue) -> Option<Self> {
        v.as_f64()
    }
}

pub fn func(v: JsValue, path: &str, expected: &str) -> Result<Function, JsValue> {
    v.clone().dyn_into::<Function>().map_err(|_| wrong_type(path, expected, &v))
}

pub fn wrong_type(path: &str, expected: &str, v: &JsValue) -> JsValue {
    type_error(&format!("heartsocket: option '{path}' must be {expected}, got {}", describe(v)))
}

pub fn section_type(path: &str, v: &JsValue) -> JsValue {
    wrong_type(path, "false, true or an object", v)
}

/// [`ConfigError`]'s `Display` text, with the numbers formatted by JS: the same words, without
/// pulling Rust's float formatting into the wasm.
pub fn config_message(e: &ConfigError) -> String {
    match e {
        ConfigError::OutOfRange { option, value, min, max } => format!(
            "heartsocket: option '{option}' must be a number from {} to {}, got {}",
            num_str(*min),
            num_str(*max),
            num_str(*value)
        ),
        ConfigError::NotInteger { option, value } => {
            format!("heartsocket: option '{option}' must be a whole number, got {}", num_str(*value))
        }
        ConfigError::Inconsistent { option, rule } => format!("heartsocket: option '{option}' {rule}"),
        ConfigError::UnknownVariant { option, value, allowed } => format!(
            "heartsocket: option '{option}' must be one of {}, got \"{value}\"",
            allowed.iter().map(|a| format!("\"{a}\"")).collect::<Vec<_>>().join(", ")
        ),
    }
}


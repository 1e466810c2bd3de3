//! The few JS object operations everything else uses, each in one non-inlined function.
//!
//! Every `Reflect::get(o, &JsValue::from_str(key))` written out inline costs ~100 bytes of
//! wasm (a string handed to JS, the call with its exception check, two handle releases), and
//! there were some forty. Here it is written once.

use js_sys::{Object, Reflect};
use wasm_bindgen::prelude::*;

#[wasm_bindgen(module = "/src/host/host.js")]
extern "C" {
    /// The global object (`globalThis`, or `self`/`window`/`global` on older engines).
    #[wasm_bindgen(js_name = globalObject)]
    pub fn global() -> JsValue;
}

/// `o[key]`; a throw (a getter, a non-object `o`) comes back as the error.
#[inline(never)]
pub fn try_prop(o: &JsValue, key: &str) -> Result<JsValue, JsValue> {
    Reflect::get(o, &JsValue::from_str(key))
}

/// `o[key]`, `undefined` if reading it throws.
#[inline(never)]
pub fn prop(o: &JsValue, key: &str) -> JsValue {
    try_prop(o, key).unwrap_or(JsValue::UNDEFINED)
}

/// `o[key] = v` (a throw is ignored: only used on objects created here).
#[inline(never)]
pub fn set(o: &JsValue, key: &str, v: &JsValue) {
    let _ = Reflect::set(o, &JsValue::from_str(key), v);
}

/// `o[key] = v`; a throw (a setter, a Proxy) or a refusal (read-only) comes back as the error.
#[inline(never)]
pub fn try_set(o: &JsValue, key: &str, v: &JsValue) -> Result<(), JsValue> {
    match Reflect::set(o, &JsValue::from_str(key), v) {
        Ok(true) => Ok(()),
        Ok(false) => Err(js_sys::TypeError::new("heartsocket: the socket refused a handler property").into()),
        Err(e) => Err(e),
    }
}

/// A plain object with `fields`.
#[inline(never)]
pub fn object(fields: &[(&str, JsValue)]) -> JsValue {
    let o: JsValue = Object::new().into();
    for (k, v) in fields {
        set(&o, k, v);
    }
    o
}

/// A JS number (every count reaches JS as a double).
pub fn number(n: impl Into<f64>) -> JsValue {
    JsValue::from_f64(n.into())
}

//! The bad-input table (issue 7), in Chromium: every constructor argument, every option of
//! issue 3 (nested ones included), every method argument and setter, tried with wrong types,
//! NaN, negatives, ±Infinity, huge, empty and unknown values, plus the edge values that must
//! pass. A refusal must be the right error type (`TypeError`, `RangeError`, `SyntaxError`) with a
//! message naming what was wrong; nothing may panic (a panic would surface as a `RuntimeError`).
//! Each row is one call; the test prints how many rows it tried.
#![cfg(target_arch = "wasm32")]

mod web;

use js_sys::Function;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web::*;

wasm_bindgen_test_configure!(run_in_browser);

/// Never contacted: instances built here are never connected.
const URL: &str = "ws://127.0.0.1:9/ws";
const P31: f64 = 2_147_483_648.0; // 2^31: one past the largest timer delay
const P32: f64 = 4_294_967_296.0;
const P53: f64 = 9_007_199_254_740_992.0;

#[wasm_bindgen(inline_js = r#"
export function js_value(kind) {
  switch (kind) {
    case 'fn': return () => true;
    case 'arraybuffer': return new ArrayBuffer(3);
    case 'view': return new Uint8Array(3);
    case 'dataview': return new DataView(new ArrayBuffer(2));
    case 'blob': return new Blob(['x']);
    case 'symbol': return Symbol('s');
    case 'bigint': return 10n;
    case 'date': return new Date(0);
    case 'map': return new Map();
    case 'WebSocket': return WebSocket;
    case 'lone-surrogates': return '\uD800'.repeat(42);
  }
  throw new Error('no such value ' + kind);
}
"#)]
extern "C" {
    fn js_value(kind: &str) -> JsValue;
}

/// A value to try, shown in failure messages by its `Debug` form.
#[derive(Clone, Debug)]
enum V {
    N(f64),
    S(String),
    B(bool),
    /// JSON text (objects, arrays).
    J(&'static str),
    /// A JS value from `js_value` (functions, buffers, symbols…).
    X(&'static str),
    Null,
    Undef,
}

fn js(v: &V) -> JsValue {
    match v {
        V::N(n) => JsValue::from_f64(*n),
        V::S(s) => JsValue::from_str(s),
        V::B(b) => JsValue::from_bool(*b),
        V::J(j) => opts(j),
        V::X(k) => js_value(k),
        V::Null => JsValue::NULL,
        V::Undef => JsValue::UNDEFINED,
    }
}

fn st(s: &str) -> V {
    V::S(s.into())
}

/// What a row must do: pass, or throw this error type with a message containing the needle.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Want {
    Pass,
    Type,
    Range,
    Syntax,
}

impl Want {
    fn name(self) -> &'static str {
        match self {
            Want::Pass => "no error",
            Want::Type => "TypeError",
            Want::Range => "RangeError",
            Want::Syntax => "SyntaxError",
        }
    }
}

/// The outcome of the rows so far.
#[derive(Default)]
struct Table {
    tried: usize,
    failures: Vec<String>,
}

impl Table {
    fn check(&mut self, what: &str, want: Want, needle: &str, r: Result<(), JsValue>) {
        self.tried += 1;
        let problem = match (&r, want) {
            (Ok(()), Want::Pass) => None,
            (Ok(()), _) => Some(format!("passed, but should throw a {}", want.name())),
            (Err(e), Want::Pass) => Some(format!("threw {}: {}", error_name(e), error_message(e))),
            (Err(e), _) => {
                let (name, msg) = (error_name(e), error_message(e));
                if name != want.name() {
                    Some(format!("threw {name} instead of {}: {msg}", want.name()))
                } else if !msg.to_lowercase().contains(&needle.to_lowercase()) {
                    Some(format!("message does not name '{needle}': {msg}"))
                } else {
                    None
                }
            }
        };
        if let Some(p) = problem {
            self.failures.push(format!("{what}: {p}"));
        }
    }

    fn done(self, table: &str) {
        wasm_bindgen_test::console_log!("{table}: {} inputs tried, {} wrong", self.tried, self.failures.len());
        assert!(self.failures.is_empty(), "{table}: {} of {} rows wrong:\n{}", self.failures.len(), self.tried, self.failures.join("\n"));
    }
}

fn construct(url: &JsValue, on_message: &JsValue, third: &JsValue) -> Result<(), JsValue> {
    let on_message = (!on_message.is_undefined()).then(|| on_message.clone().unchecked_into());
    let third = (!third.is_undefined()).then(|| third.clone().unchecked_into());
    WebSocketClass::new(url.clone().unchecked_into(), on_message, third).map(drop)
}

/// `{a: {b: v}}` for the path `a.b`.
fn with_option(path: &str, v: &V) -> JsValue {
    let o = opts("{}");
    set(&o, path, &js(v));
    o
}

/// Numeric options: `(path, min, max, whole, Infinity allowed)`. `reconnect.maxDelay` must also
/// be ≥ the default `minDelay` (1000), so its lower bound is 1000 here.
const NUMERIC: [(&str, f64, f64, bool, bool); 12] = [
    ("heartbeat.interval", 1.0, P31 - 1.0, true, false),
    ("heartbeat.timeout", 1.0, P31 - 1.0, true, false),
    ("reconnect.minDelay", 0.0, 1000.0, true, false), // ≤ the default maxDelay... see below
    ("reconnect.maxDelay", 1000.0, P31 - 1.0, true, false),
    ("reconnect.factor", 1.0, 100.0, false, false),
    ("reconnect.jitter", 0.0, 1.0, false, false),
    ("reconnect.maxRetries", 0.0, P32 - 1.0, true, true),
    ("reconnect.connectTimeout", 1.0, P31 - 1.0, true, true),
    ("reconnect.minUptime", 0.0, P31 - 1.0, true, false),
    ("queue.maxMessages", 0.0, P32 - 1.0, true, false),
    ("queue.maxBytes", 0.0, P53 - 1.0, true, false),
    ("maxMessageSize", 1.0, P53 - 1.0, true, true),
];

const NUMBERS: [f64; 21] = [
    f64::NAN, f64::NEG_INFINITY, f64::INFINITY, -1.0, -0.5, 0.0, 0.5, 1.0, 1.5, 100.0, 101.0, 999.0, 1000.0,
    30_000.0, P31 - 1.0, P31, P32 - 1.0, P32, P53 - 1.0, P53, 1e300,
];

#[wasm_bindgen_test]
fn every_numeric_option_with_every_kind_of_number_and_non_number() {
    let mut t = Table::default();
    for (path, min, max, whole, inf_ok) in NUMERIC {
        // minDelay above the default maxDelay (30000) contradicts it: the table pairs it with a
        // maxDelay at the largest delay so only minDelay's own range is under test.
        let max = if path == "reconnect.minDelay" { P31 - 1.0 } else { max };
        for n in NUMBERS {
            let ok = (n == f64::INFINITY && inf_ok) || (n >= min && n <= max && (!whole || n.fract() == 0.0));
            let o = with_option(path, &V::N(n));
            if path == "reconnect.minDelay" {
                set(&o, "reconnect.maxDelay", &JsValue::from_f64(P31 - 1.0));
            }
            let r = construct(&s(URL), &JsValue::UNDEFINED, &o);
            t.check(&format!("{path} = {n}"), if ok { Want::Pass } else { Want::Range }, path, r);
        }
        for v in [st("1000"), st(""), V::B(true), V::J("{}"), V::J("[1]"), V::X("fn"), V::X("bigint"), V::X("symbol")] {
            let want = if path == "reconnect.connectTimeout" && matches!(v, V::B(false)) { Want::Pass } else { Want::Type };
            let r = construct(&s(URL), &JsValue::UNDEFINED, &with_option(path, &v));
            t.check(&format!("{path} = {v:?}"), want, path, r);
        }
        // null and undefined mean "not given": the default applies.
        for v in [V::Null, V::Undef] {
            t.check(&format!("{path} = {v:?}"), Want::Pass, path, construct(&s(URL), &JsValue::UNDEFINED, &with_option(path, &v)));
        }
    }
    let r = construct(&s(URL), &JsValue::UNDEFINED, &opts(r#"{"reconnect":{"minDelay":500,"maxDelay":499}}"#));
    t.check("maxDelay < minDelay", Want::Range, "reconnect.maxDelay", r);
    let r = construct(&s(URL), &JsValue::UNDEFINED, &with_option("reconnect.connectTimeout", &V::B(false)));
    t.check("reconnect.connectTimeout = false", Want::Pass, "", r);
    t.done("numeric options");
}

#[wasm_bindgen_test]
fn every_other_option_with_wrong_types_and_values() {
    use Want::*;
    let rows: Vec<(&str, V, Want)> = vec![
        ("name", V::N(42.0), Type), ("name", V::B(true), Type), ("name", V::J("{}"), Type), ("name", st(""), Pass), ("name", st("chat"), Pass),
        ("protocols", V::N(42.0), Type), ("protocols", st(""), Syntax), ("protocols", st("a b"), Syntax), ("protocols", V::J(r#"["a","a"]"#), Syntax),
        ("protocols", V::J("[1]"), Type), ("protocols", V::J(r#"[""]"#), Syntax), ("protocols", V::J("{}"), Type), ("protocols", st("chat"), Pass),
        ("protocols", V::J(r#"["a","b"]"#), Pass), ("protocols", V::J("[]"), Pass), ("protocols", st("é"), Syntax),
        ("binaryType", st("text"), Type), ("binaryType", st(""), Type), ("binaryType", st("Blob"), Type), ("binaryType", V::N(1.0), Type),
        ("binaryType", st("blob"), Pass), ("binaryType", st("arraybuffer"), Pass),
        ("autoConnect", st("yes"), Type), ("autoConnect", V::N(1.0), Type), ("autoConnect", V::J("{}"), Type), ("autoConnect", V::B(false), Pass),
        ("openMessage", V::N(42.0), Type), ("openMessage", V::B(true), Type), ("openMessage", V::J("{}"), Type), ("openMessage", V::J("[]"), Type),
        ("openMessage", V::X("symbol"), Type), ("openMessage", V::X("date"), Type),
        ("openMessage", st(""), Pass), ("openMessage", st("login"), Pass), ("openMessage", V::X("arraybuffer"), Pass),
        ("openMessage", V::X("view"), Pass), ("openMessage", V::X("blob"), Pass), ("openMessage", V::X("fn"), Pass),
        ("heartbeat", V::N(42.0), Type), ("heartbeat", st("on"), Type), ("heartbeat", V::J("[]"), Type), ("heartbeat", V::X("fn"), Type),
        ("heartbeat", V::B(true), Pass), ("heartbeat", V::B(false), Pass), ("heartbeat", V::J("{}"), Pass),
        ("heartbeat.message", V::N(42.0), Type), ("heartbeat.message", V::J("{}"), Type), ("heartbeat.message", st(""), Range),
        ("heartbeat.message", st("ping"), Pass),
        ("heartbeat.pong", V::N(42.0), Type), ("heartbeat.pong", V::J("{}"), Type), ("heartbeat.pong", st(""), Range),
        ("heartbeat.pong", st("pong"), Pass), ("heartbeat.pong", V::X("fn"), Pass),
        ("heartbeat.resetOnMessage", st("true"), Type), ("heartbeat.resetOnMessage", V::N(1.0), Type), ("heartbeat.resetOnMessage", V::B(false), Pass),
        ("reconnect", V::N(42.0), Type), ("reconnect", st("x"), Type), ("reconnect", V::J("[]"), Type), ("reconnect", V::B(false), Pass),
        ("reconnect.stopOnCodes", V::N(1000.0), Type), ("reconnect.stopOnCodes", st("1000"), Type), ("reconnect.stopOnCodes", V::J("[999]"), Range),
        ("reconnect.stopOnCodes", V::J("[5000]"), Range), ("reconnect.stopOnCodes", V::J("[1000.5]"), Range), ("reconnect.stopOnCodes", V::J("[-1]"), Range),
        ("reconnect.stopOnCodes", V::J(r#"["1000"]"#), Type), ("reconnect.stopOnCodes", V::J("[null]"), Type), ("reconnect.stopOnCodes", V::J("{}"), Type),
        ("reconnect.stopOnCodes", V::J("[]"), Pass), ("reconnect.stopOnCodes", V::J("[1000, 1009, 4999]"), Pass),
        ("reconnect.shouldReconnect", V::N(42.0), Type), ("reconnect.shouldReconnect", st("f"), Type), ("reconnect.shouldReconnect", V::J("{}"), Type),
        ("reconnect.shouldReconnect", V::B(true), Type), ("reconnect.shouldReconnect", V::X("fn"), Pass),
        ("queue", V::N(42.0), Type), ("queue", st("x"), Type), ("queue", V::J("[]"), Type), ("queue", V::B(false), Type), ("queue", V::J("{}"), Pass),
        ("queue.overflow", st("drop"), Type), ("queue.overflow", st(""), Type), ("queue.overflow", st("ERROR"), Type), ("queue.overflow", V::N(1.0), Type),
        ("queue.overflow", st("error"), Pass), ("queue.overflow", st("drop-oldest"), Pass), ("queue.overflow", st("drop-newest"), Pass),
        ("queue.resend", st("true"), Type), ("queue.resend", V::N(1.0), Type), ("queue.resend", V::J("{}"), Type),
        ("queue.resend", V::B(true), Pass), ("queue.resend", V::B(false), Pass),
        ("WebSocket", V::N(42.0), Type), ("WebSocket", V::J("{}"), Type), ("WebSocket", st("WebSocket"), Type), ("WebSocket", V::X("WebSocket"), Pass),
        ("secureOnly", st("true"), Type), ("secureOnly", V::N(1.0), Type), ("secureOnly", V::B(false), Pass),
        ("debug", V::N(42.0), Type), ("debug", st("yes"), Type), ("debug", V::J("{}"), Type),
        ("debug", V::B(false), Pass), ("debug", V::B(true), Pass), ("debug", V::X("fn"), Pass),
        ("lifecycle", V::B(true), Type), ("lifecycle", V::N(42.0), Type), ("lifecycle", st("browser"), Type),
        ("lifecycle", V::B(false), Pass), ("lifecycle", V::X("fn"), Pass),
    ];
    let mut t = Table::default();
    for (path, v, want) in rows {
        let r = construct(&s(URL), &JsValue::UNDEFINED, &with_option(path, &v));
        t.check(&format!("{path} = {v:?}"), want, path, r);
    }
    // Unknown keys, top-level and nested: named, never ignored.
    for (json, needle) in [
        (r#"{"heartbeat":{"intreval":100}}"#, "'heartbeat.intreval'"),
        (r#"{"heartbeats":{}}"#, "'heartbeats'"),
        (r#"{"reconnect":{"maxdelay":100}}"#, "'reconnect.maxdelay'"),
        (r#"{"reconnect":{"retries":3}}"#, "'reconnect.retries'"),
        (r#"{"queue":{"max":3}}"#, "'queue.max'"),
        (r#"{"autoconnect":true}"#, "'autoconnect'"),
        (r#"{"":1}"#, "''"),
        (r#"{"constructor":1}"#, "'constructor'"),
        (r#"{"__proto__x":1}"#, "'__proto__x'"),
    ] {
        t.check(json, Want::Type, needle, construct(&s(URL), &JsValue::UNDEFINED, &opts(json)));
    }
    let r = construct(&s(URL), &JsValue::UNDEFINED, &opts(r#"{"heartbeat":{"intreval":100}}"#));
    t.check("typo suggestion", Want::Type, "did you mean 'heartbeat.interval'", r);
    t.done("other options");
}

#[wasm_bindgen_test]
fn constructor_arguments() {
    let mut t = Table::default();
    let long = format!("ws://h/{}", "a".repeat(1 << 20));
    let bad_urls: Vec<(V, Want)> = vec![
        (V::Undef, Want::Type), (V::Null, Want::Type), (V::N(42.0), Want::Type), (V::J("{}"), Want::Type), (V::B(true), Want::Type),
        (V::J(r#"["ws://h"]"#), Want::Type), (V::X("symbol"), Want::Type),
        (st(""), Want::Syntax), (st("http://h/"), Want::Syntax), (st("ws://"), Want::Syntax), (st("ws:///path"), Want::Syntax),
        (st("ws://h:65536/"), Want::Syntax), (st("ws://h:port/"), Want::Syntax), (st("ws://h:-1/"), Want::Syntax),
        (st("ws://[::1/"), Want::Syntax), (st("ws://h/#f"), Want::Syntax), (st("ws://h /x"), Want::Syntax), (st("ws://h/\n"), Want::Syntax),
        (st("//h/x"), Want::Syntax), (st("ws:h"), Want::Syntax), (st("not a url"), Want::Syntax), (st("wss://"), Want::Syntax),
        (st("ws://h"), Want::Pass), (st("WS://H:80"), Want::Pass), (st("wss://h:443/x?y=1"), Want::Pass), (st("ws://[::1]:80/"), Want::Pass),
        (V::S(long), Want::Pass), (V::X("fn"), Want::Pass),
    ];
    for (v, want) in bad_urls {
        let shown = format!("{v:?}").chars().take(60).collect::<String>();
        t.check(&format!("url = {shown}"), want, "URL", construct(&js(&v), &JsValue::UNDEFINED, &JsValue::UNDEFINED));
    }
    let r = construct(&s(URL), &JsValue::UNDEFINED, &opts(r#"{"url":"ws://h/"}"#));
    t.check("URL given twice", Want::Type, "URL", r);
    let r = construct(&JsValue::NULL, &JsValue::UNDEFINED, &opts(r#"{"url":"http://h/"}"#));
    t.check("option url http://", Want::Syntax, "URL", r);
    let r = construct(&JsValue::NULL, &JsValue::UNDEFINED, &opts(r#"{"url":42}"#));
    t.check("option url 42", Want::Type, "url", r);
    t.check("option url ok", Want::Pass, "", construct(&JsValue::NULL, &JsValue::UNDEFINED, &opts(r#"{"url":"ws://h/"}"#)));
    for (v, want) in [(V::N(42.0), Want::Type), (st("f"), Want::Type), (V::J("{}"), Want::Type), (V::B(true), Want::Type), (V::Null, Want::Pass), (V::X("fn"), Want::Pass)] {
        t.check(&format!("onMessage = {v:?}"), want, "onMessage", construct(&s(URL), &js(&v), &JsValue::UNDEFINED));
    }
    for (v, want) in [(V::N(42.0), Want::Type), (V::B(true), Want::Type), (V::J("[]"), Want::Type), (V::X("fn"), Want::Type), (V::X("map"), Want::Pass), (st(""), Want::Pass), (V::Null, Want::Pass)] {
        t.check(&format!("third argument = {v:?}"), want, "third argument", construct(&s(URL), &JsValue::UNDEFINED, &js(&v)));
    }
    t.done("constructor arguments");
}

fn fresh() -> WebSocketClass {
    new_ws(URL, &opts(r#"{"lifecycle":false}"#)).unwrap()
}

#[wasm_bindgen_test]
fn method_arguments_and_setters() {
    let mut t = Table::default();
    let ws = fresh();
    for (v, want) in [
        (V::Undef, Want::Type), (V::Null, Want::Type), (V::N(42.0), Want::Type), (V::B(true), Want::Type), (V::J("{}"), Want::Type),
        (V::J("[1,2]"), Want::Type), (V::X("symbol"), Want::Type), (V::X("bigint"), Want::Type), (V::X("fn"), Want::Type), (V::X("date"), Want::Type),
        (st(""), Want::Pass), (st("x"), Want::Pass), (V::X("arraybuffer"), Want::Pass), (V::X("view"), Want::Pass),
        (V::X("dataview"), Want::Pass), (V::X("blob"), Want::Pass),
    ] {
        t.check(&format!("send({v:?})"), want, "send()", ws.send(js(&v).unchecked_into()).map(drop));
        if matches!(want, Want::Type) {
            t.check(&format!("sendHandle({v:?})"), want, "send()", ws.send_handle(js(&v).unchecked_into()).map(drop));
        }
    }
    // 2 MiB while not connected: beyond queue.maxBytes (1 MiB) with overflow "error".
    let big = s(&"x".repeat(2 << 20));
    t.check("send(2 MiB) while down", Want::Range, "queue.maxBytes", ws.send(big.unchecked_into()).map(drop));
    for v in [V::N(42.0), V::B(true), V::J("{}"), V::X("symbol")] {
        t.check(&format!("connect({v:?})"), Want::Type, "connect()", ws.connect(Some(js(&v).unchecked_into())));
    }
    let codes = [0.0, 999.0, 1001.0, 1004.0, 1005.0, 1006.0, 1015.0, 2999.0, 5000.0, -1.0, 65536.0, 1000.5, 3000.5, 1e300, f64::NAN, f64::INFINITY, f64::NEG_INFINITY];
    for c in codes {
        let r = ws.close(Some(JsValue::from_f64(c).unchecked_into()), None);
        t.check(&format!("close({c})"), Want::Range, "close code", r);
    }
    t.check("closeMyself(1005)", Want::Range, "close code", ws.close_myself(Some(JsValue::from_f64(1005.0).unchecked_into()), None));
    for v in [st("1000"), V::B(true), V::J("{}"), V::X("bigint")] {
        t.check(&format!("close({v:?})"), Want::Type, "close code", ws.close(Some(js(&v).unchecked_into()), None));
    }
    for c in [1000.0, 3000.0, 4999.0] {
        t.check(&format!("close({c})"), Want::Pass, "", fresh().close(Some(JsValue::from_f64(c).unchecked_into()), None));
    }
    let reasons: [(String, Want); 12] = [
        ("x".repeat(123), Want::Pass),
        ("x".repeat(124), Want::Syntax),
        ("€".repeat(41), Want::Pass),   // 123 bytes
        ("€".repeat(42), Want::Syntax), // 126 bytes
        ("é".repeat(61), Want::Pass),   // 122 bytes
        ("é".repeat(62), Want::Syntax), // 124 bytes
        (format!("{}abc", "😀".repeat(30)), Want::Pass), // 123 bytes
        ("😀".repeat(31), Want::Syntax), // 124 bytes
        (format!("{}é", "x".repeat(121)), Want::Pass),  // 123 bytes
        (format!("{}€", "x".repeat(121)), Want::Syntax), // 124 bytes
        ("\u{FFFD}".repeat(42), Want::Syntax),
        (String::new(), Want::Pass),
    ];
    for (r, want) in reasons {
        let res = fresh().close(Some(JsValue::from_f64(4000.0).unchecked_into()), Some(s(&r).unchecked_into()));
        t.check(&format!("close(4000, {} chars, {} bytes)", r.chars().count(), r.len()), want, "close reason", res);
    }
    // A lone surrogate is a USVString's U+FFFD (3 bytes) on the wire: 42 of them are 126 bytes.
    let lone = js_value("lone-surrogates");
    t.check("close(4000, 42 lone surrogates)", Want::Syntax, "close reason", fresh().close(Some(JsValue::from_f64(4000.0).unchecked_into()), Some(lone.unchecked_into())));
    for v in [V::N(42.0), V::J("{}"), V::B(true)] {
        t.check(&format!("close(4000, {v:?})"), Want::Type, "close reason", fresh().close(Some(JsValue::from_f64(4000.0).unchecked_into()), Some(js(&v).unchecked_into())));
    }
    for (v, want) in [(st("text"), Want::Type), (st(""), Want::Type), (st("ARRAYBUFFER"), Want::Type), (V::N(42.0), Want::Type), (V::Null, Want::Type), (st("blob"), Want::Pass), (st("arraybuffer"), Want::Pass)] {
        t.check(&format!("binaryType = {v:?}"), want, "binaryType", ws.set_binary_type(js(&v).unchecked_into()));
    }
    assert_eq!(ws.binary_type(), "arraybuffer", "a refused value leaves the last good one");
    // Handler properties follow the DOM: a non-function clears the handler, nothing throws.
    let f: Function = js_value("fn").unchecked_into();
    ws.set_onopen(JsValue::from(f).unchecked_into());
    ws.set_onopen(JsValue::from_f64(42.0).unchecked_into());
    t.check("onopen = 42 clears it", Want::Pass, "", if JsValue::from(ws.onopen()).is_null() { Ok(()) } else { Err(s("onopen kept")) });
    t.done("methods and setters");
}

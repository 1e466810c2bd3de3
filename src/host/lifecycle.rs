//! Page and app lifecycle: network and visibility changes fed to the core.
//!
//! In a browser: `online`/`offline` and `pageshow`/`pagehide` on the global object,
//! `visibilitychange`/`freeze`/`resume` on `document`, through one listener closure.
//! Elsewhere the host passes a provider (option `lifecycle`): `(notify) => unsubscribe?`,
//! which the mini-program loader builds on `wx.onAppHide`/`onAppShow`/`onNetworkStatusChange`.
//! Every subscription is undone on drop.

use alloc::rc::Weak;

use js_sys::Function;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use super::counts::{Kind, Live};
use super::js::prop;

/// A lifecycle change, as the core's inputs name them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Change {
    /// The network came back.
    Online,
    /// The network went away.
    Offline,
    /// The page or app went to the background.
    Hidden,
    /// The page or app came back.
    Visible,
}

impl Change {
    /// Parses the provider's spelling (`'online'`, `'offline'`, `'hidden'`, `'visible'`).
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "online" => Some(Self::Online),
            "offline" => Some(Self::Offline),
            "hidden" => Some(Self::Hidden),
            "visible" => Some(Self::Visible),
            _ => None,
        }
    }
}

/// Receives lifecycle changes.
pub trait LifecycleSink {
    /// Something changed.
    fn lifecycle(&self, change: Change);
}

#[wasm_bindgen]
extern "C" {
    type Target;
    #[wasm_bindgen(method, structural, js_name = addEventListener, catch)]
    fn add_event_listener(this: &Target, kind: &str, f: &JsValue) -> Result<(), JsValue>;
    #[wasm_bindgen(method, structural, js_name = removeEventListener, catch)]
    fn remove_event_listener(this: &Target, kind: &str, f: &JsValue) -> Result<(), JsValue>;
}

const GLOBAL_EVENTS: [&str; 4] = ["online", "offline", "pageshow", "pagehide"];
const DOCUMENT_EVENTS: [&str; 3] = ["visibilitychange", "freeze", "resume"];

/// A live subscription; dropping it unsubscribes.
pub struct Lifecycle {
    inner: Sub,
    _live: Live,
}

enum Sub {
    Browser { global: Target, document: Target, listener: Closure<dyn FnMut(JsValue)>, _live: Live },
    // The notify function is owned by the JS garbage collector, not by us: a provider may call
    // it late (after unsubscribing, or never unsubscribing at all), and it must then be a
    // harmless no-op (it holds only a Weak reference) rather than a throw. Once the provider
    // lets go of it, it is collected with its closure.
    Provider { unsubscribe: Option<Function> },
}

impl Lifecycle {
    /// Browser listeners, when the global object and `document` both take event listeners.
    /// Also returns whether the page is hidden right now.
    pub fn browser(sink: Weak<dyn LifecycleSink>) -> Option<(Self, bool)> {
        let global = super::js::global();
        let document = prop(&global, "document");
        let has_listeners = |o: &JsValue| prop(o, "addEventListener").is_function();
        if !document.is_object() || !has_listeners(&global) || !has_listeners(&document) {
            return None;
        }
        let doc_for_state = document.clone();
        let listener = Closure::<dyn FnMut(JsValue)>::new(move |event: JsValue| {
            let Some(sink) = sink.upgrade() else { return };
            if let Some(change) = browser_change(&event, &doc_for_state) {
                sink.lifecycle(change);
            }
        });
        let global: Target = global.unchecked_into();
        let document: Target = document.unchecked_into();
        for kind in GLOBAL_EVENTS {
            let _ = global.add_event_listener(kind, listener.as_ref());
        }
        for kind in DOCUMENT_EVENTS {
            let _ = document.add_event_listener(kind, listener.as_ref());
        }
        let hidden = is_hidden(document.as_ref());
        let inner = Sub::Browser { global, document, listener, _live: Live::new(Kind::Closures, 1) };
        Some((Self { inner, _live: Live::new(Kind::Lifecycle, 1) }, hidden))
    }

    /// Subscribes through a host-supplied provider `(notify) => (void | unsubscribe)`.
    pub fn provider(provider: &Function, sink: Weak<dyn LifecycleSink>) -> Result<Self, JsValue> {
        let notify = Closure::<dyn FnMut(JsValue)>::new(move |kind: JsValue| {
            let Some(sink) = sink.upgrade() else { return };
            if let Some(change) = kind.as_string().as_deref().and_then(Change::parse) {
                sink.lifecycle(change);
            }
        });
        let notify = notify.into_js_value();
        let ret = provider.call1(&JsValue::UNDEFINED, &notify)?;
        Ok(Self { inner: Sub::Provider { unsubscribe: ret.dyn_into::<Function>().ok() }, _live: Live::new(Kind::Lifecycle, 1) })
    }
}

impl Drop for Lifecycle {
    fn drop(&mut self) {
        match &self.inner {
            Sub::Browser { global, document, listener, .. } => {
                for kind in GLOBAL_EVENTS {
                    let _ = global.remove_event_listener(kind, listener.as_ref());
                }
                for kind in DOCUMENT_EVENTS {
                    let _ = document.remove_event_listener(kind, listener.as_ref());
                }
            }
            Sub::Provider { unsubscribe } => {
                if let Some(f) = unsubscribe {
                    let _ = f.call0(&JsValue::UNDEFINED);
                }
            }
        }
    }
}

fn browser_change(event: &JsValue, document: &JsValue) -> Option<Change> {
    let kind = prop(event, "type").as_string()?;
    let persisted = || prop(event, "persisted").as_bool() == Some(true);
    match kind.as_str() {
        "online" => Some(Change::Online),
        "offline" => Some(Change::Offline),
        "freeze" => Some(Change::Hidden),
        "resume" => Some(Change::Visible),
        // Only a page restored from (or entering) the back/forward cache changes anything.
        "pageshow" if persisted() => Some(Change::Visible),
        "pagehide" if persisted() => Some(Change::Hidden),
        "visibilitychange" => Some(if is_hidden(document) { Change::Hidden } else { Change::Visible }),
        _ => None,
    }
}

fn is_hidden(document: &JsValue) -> bool {
    prop(document, "visibilityState").as_string().as_deref() == Some("hidden")
}

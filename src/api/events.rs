//! The user-facing event surface: `on*` properties, `addEventListener`/`removeEventListener`
//! and dispatch.
//!
//! Dispatch happens with no borrow of the driver held (see `driver.rs`), so a listener may call
//! anything on the instance, including adding or removing listeners: as in the DOM, a listener
//! added during a dispatch is not called for that event, one removed is not called any more.
//! A listener that throws is reported (`console.error` plus an `error` event) and the others
//! still run.
//!
//! `message` listeners receive the socket's own `MessageEvent`, untouched (its `data` per
//! `binaryType`): building a fresh event object per message would cost an allocation and
//! several JS calls on the hottest path.

use alloc::string::String;
use alloc::vec::Vec;
use core::cell::{Cell, RefCell};
use alloc::rc::Rc;

use js_sys::Function;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use super::text::cat;
use crate::core::wire::{event_type, EVENT_NAMES as NAMES, MAX_EVENT_NAME_LEN};
use crate::host::js::{object, set, try_prop};

/// The event types an instance emits.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// `open`
    Open = 0,
    /// `message`
    Message,
    /// `close`
    Close,
    /// `error`
    Error,
    /// `reconnecting`
    Reconnecting,
    /// `giveup`
    GiveUp,
    /// `heartbeat`
    Heartbeat,
    /// `drop`
    Drop,
}

const ALL: [Kind; 8] =
    [Kind::Open, Kind::Message, Kind::Close, Kind::Error, Kind::Reconnecting, Kind::GiveUp, Kind::Heartbeat, Kind::Drop];

impl Kind {
    /// The DOM event type.
    pub fn name(self) -> &'static str {
        NAMES[self as usize]
    }

    /// The longest event type's length: a longer string is none of them.
    pub const MAX_NAME_LEN: u32 = MAX_EVENT_NAME_LEN;

    /// Parses a DOM event type; `None` for types this class never emits.
    pub fn parse(s: &str) -> Option<Self> {
        event_type(s).map(|i| ALL[i])
    }
}

struct Listener {
    f: JsValue,
    once: bool,
    removed: Cell<bool>,
}

/// Listeners of one instance.
pub struct Events {
    prefix: String,
    on_message: Option<Function>,
    handlers: [RefCell<Option<Function>>; 8],
    lists: [RefCell<Vec<Rc<Listener>>>; 8],
    depth: Cell<u32>,
}

impl Events {
    /// An empty registry; `on_message` is the constructor's `(data, event) => void`;
    /// `name` prefixes console reports.
    pub fn new(name: &str, on_message: Option<Function>) -> Self {
        Self {
            prefix: cat(&["[heartsocket ", name, "]"]),
            on_message,
            handlers: Default::default(),
            lists: Default::default(),
            depth: Cell::new(0),
        }
    }

    /// `on<kind>` getter: the function, or `null`.
    #[inline(never)]
    pub fn handler(&self, kind: Kind) -> JsValue {
        self.handlers[kind as usize].borrow().as_ref().map_or(JsValue::NULL, |f| f.clone().into())
    }

    /// `on<kind>` setter: anything but a function clears it, like the DOM.
    #[inline(never)]
    pub fn set_handler(&self, kind: Kind, f: JsValue) {
        *self.handlers[kind as usize].borrow_mut() = f.dyn_into::<Function>().ok();
    }

    /// `addEventListener(type, listener, {once})`, arguments already converted
    /// (`validate::listener_args`); the same listener is added once per type.
    pub fn add(&self, kind: Kind, f: JsValue, once: bool) {
        let mut list = self.lists[kind as usize].borrow_mut();
        if list.iter().any(|l| !l.removed.get() && l.f == f) {
            return;
        }
        list.push(Rc::new(Listener { f, once, removed: Cell::new(false) }));
    }

    /// `removeEventListener(type, listener)`.
    pub fn remove(&self, kind: Kind, f: &JsValue) {
        let mut list = self.lists[kind as usize].borrow_mut();
        if let Some(i) = list.iter().position(|l| !l.removed.get() && l.f == *f) {
            list[i].removed.set(true);
            if self.depth.get() == 0 {
                list.remove(i);
            }
        }
    }

    /// Drops every listener (the instance is being freed).
    pub fn clear(&self) {
        for k in ALL {
            self.handlers[k as usize].borrow_mut().take();
            for l in self.lists[k as usize].borrow_mut().drain(..) {
                l.removed.set(true);
            }
        }
    }

    /// Delivers a message: the constructor's `onMessage(data, event)`, then `onmessage`, then
    /// the `message` listeners, all with the socket's own event.
    pub fn message(&self, data: &JsValue, event: &JsValue) {
        if let Some(cb) = &self.on_message {
            if let Err(e) = cb.call2(&JsValue::UNDEFINED, data, event) {
                self.report(Kind::Message, e);
            }
        }
        self.dispatch(Kind::Message, event);
    }

    /// Calls `on<kind>` then the listeners of `kind` with `event`.
    pub fn dispatch(&self, kind: Kind, event: &JsValue) {
        let handler = self.handlers[kind as usize].borrow().clone();
        if let Some(h) = handler {
            if let Err(e) = h.call1(&JsValue::UNDEFINED, event) {
                self.report(kind, e);
            }
        }
        let list = &self.lists[kind as usize];
        let n = list.borrow().len();
        if n == 0 {
            return;
        }
        self.depth.set(self.depth.get() + 1);
        for i in 0..n {
            // Listeners are only marked removed while dispatching, so indices stay valid.
            let Some(l) = list.borrow().get(i).cloned() else { break };
            if l.removed.get() {
                continue;
            }
            if l.once {
                l.removed.set(true);
            }
            if let Err(e) = call_listener(&l.f, event) {
                self.report(kind, e);
            }
        }
        let depth = self.depth.get() - 1;
        self.depth.set(depth);
        if depth == 0 {
            list.borrow_mut().retain(|l| !l.removed.get());
        }
    }

    /// A listener threw: say so on the console and, unless it was an `error` listener (no
    /// loops), in an `error` event; then carry on.
    fn report(&self, kind: Kind, error: JsValue) {
        let msg = cat(&[&self.prefix, " a '", kind.name(), "' listener threw:"]);
        web_sys::console::error_2(&JsValue::from_str(&msg), &error);
        if kind != Kind::Error {
            let ev = event(Kind::Error, &[("error", error), ("message", JsValue::from_str(&msg))]);
            self.dispatch(Kind::Error, &ev);
        }
    }
}

fn call_listener(f: &JsValue, event: &JsValue) -> Result<JsValue, JsValue> {
    if let Some(f) = f.dyn_ref::<Function>() {
        return f.call1(&JsValue::UNDEFINED, event);
    }
    // The DOM also accepts an object with a handleEvent method, and reports one without it
    // when an event comes (a TypeError), as here.
    let h = try_prop(f, "handleEvent")?;
    match h.dyn_ref::<Function>() {
        Some(h) => h.call1(f, event),
        // Built here, not with validate.rs's helper: validate.rs reads `Kind`, so this file
        // stays below it (no import cycle).
        None => Err(js_sys::TypeError::new("heartsocket: the listener is an object without a handleEvent method").into()),
    }
}

/// A plain event object `{type, ...fields}`.
#[inline(never)]
pub fn event(kind: Kind, fields: &[(&str, JsValue)]) -> JsValue {
    let o = object(&[("type", JsValue::from_str(kind.name()))]);
    for (k, v) in fields {
        set(&o, k, v);
    }
    o
}

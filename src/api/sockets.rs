//! The sockets of one instance, and the core's socket effects applied to them: the one the core
//! uses, plus any it let go of whose close it still awaits. Knows nothing of the driver, which
//! composes it; what a socket did not take comes back as the core [`Input`] to feed.

use alloc::string::String;
use alloc::vec::Vec;

use crate::core::{Generation, Input, Seq};
use crate::host::payload::JsPayload;
use crate::host::socket::SocketEntry;

/// Every socket entry of one instance.
#[derive(Default)]
pub(crate) struct Sockets {
    list: Vec<SocketEntry>,
}

impl Sockets {
    /// The entries, oldest first.
    pub fn iter(&self) -> core::slice::Iter<'_, SocketEntry> {
        self.list.iter()
    }

    /// The entry of generation `g`.
    pub fn get_mut(&mut self, g: Generation) -> Option<&mut SocketEntry> {
        self.list.iter_mut().find(|e| e.generation == g)
    }

    /// `Effect::OpenSocket`: a slot for the socket, created once its URL is known.
    pub fn open(&mut self, g: Generation) {
        self.list.push(SocketEntry::pending(g));
    }

    /// `Effect::ReleaseSocket`: detaches its handlers and drops its closures.
    pub fn release(&mut self, g: Generation) {
        self.list.retain(|e| e.generation != g);
    }

    /// Closes every live socket and releases every entry (the instance is freed).
    pub fn clear(&mut self) {
        for entry in self.list.drain(..) {
            entry.close_if_open(1000, "");
        }
    }

    /// `Effect::Transmit`: hands `payload` to socket `g`. What the core must hear if the socket
    /// did not take it: `SendFailed` (the link is gone), `SendRejected` (refused while open).
    #[must_use]
    pub fn transmit(&mut self, g: Generation, seq: Seq, payload: JsPayload) -> Option<Input<JsPayload>> {
        let entry = self.get_mut(g);
        let failure = match entry.as_ref().and_then(|e| e.socket()) {
            // A socket that is no longer OPEN (its close is queued but not yet dispatched)
            // discards what it is given without a word: re-queue instead of losing it.
            Some(s) if s.ready_state().as_f64() != Some(1.0) => Some(false),
            // Refused while OPEN: the value itself is unsendable there; retrying cannot help.
            Some(s) => s.send(&payload.value).err().map(|_| true),
            None => Some(false),
        };
        match failure {
            None => {
                if let Some(fifo) = entry.and_then(|e| e.pending_sends.as_mut()) {
                    fifo.push_back((seq, payload));
                }
                None
            }
            Some(true) => Some(Input::SendRejected { seq, payload }),
            Some(false) => Some(Input::SendFailed { generation: g, seq, payload }),
        }
    }

    /// `Effect::CloseSocket`. A socket that does not exist yet (its URL is still resolving)
    /// never will: the close the core waits for comes back, as a browser reports a socket
    /// closed while connecting.
    #[must_use]
    pub fn close(&mut self, g: Generation, code: u16, reason: &str) -> Option<Input<JsPayload>> {
        let entry = self.get_mut(g)?;
        if entry.socket().is_some() {
            entry.close_soon(code, reason);
            return None;
        }
        entry.abandoned = true;
        Some(Input::SocketClosed { generation: g, code: 1006, reason: String::new(), was_clean: false, should_reconnect: None })
    }

    /// `onsendresult(ok)`: pops the oldest send awaiting its result; a failure becomes the
    /// core's `SendFailed`.
    #[must_use]
    pub fn send_result(&mut self, g: Generation, ok: bool) -> Option<Input<JsPayload>> {
        let entry = self.get_mut(g)?;
        let (seq, payload) = entry.pending_sends.as_mut()?.pop_front()?;
        (!ok).then_some(Input::SendFailed { generation: g, seq, payload })
    }
}

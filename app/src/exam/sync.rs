//! The answer sheet's client state: every change is saved with a rising sequence number,
//! failed saves are retried in order, and the countdown is anchored to the server's clock.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::time::Duration;

use leptos::prelude::*;
use leptos::task::spawn_local;
use question_bank::bank::question::Answer;

use super::api::{exam_clock, save_answer};
use super::PaperView;
use crate::error::AppError;

/// How often unsaved answers are retried while the connection is down.
const RETRY_EVERY_TICKS: u64 = 3;
/// How often the countdown is re-synchronized with the server (seconds).
const CLOCK_SYNC_EVERY_TICKS: u64 = 30;

/// The answer sheet's reactive state. All fields are signals, so the struct is `Copy`.
#[derive(Clone, Copy)]
pub struct ExamSync {
    attempt_id: i64,
    /// What the candidate has chosen (saved or not).
    pub answers: RwSignal<HashMap<i64, Answer>>,
    /// Answers not yet acknowledged, with the sequence number of their latest change.
    pub pending: RwSignal<BTreeMap<i64, (Answer, i64)>>,
    in_flight: RwSignal<BTreeSet<i64>>,
    /// The last save failed for want of a connection.
    pub offline: RwSignal<bool>,
    next_seq: RwSignal<i64>,
    /// (client time at the server's reply, time left then): the countdown's anchor.
    anchor: RwSignal<(f64, i64)>,
    now: RwSignal<f64>,
    /// The attempt can take no more answers (handed in or out of time).
    pub closed: RwSignal<bool>,
    /// The browser runs the sheet (`start`): false in the server-rendered page, whose
    /// controls could not save a choice.
    pub live: RwSignal<bool>,
    /// A refusal to show the candidate.
    pub error: RwSignal<Option<AppError>>,
}

impl ExamSync {
    /// State for a paper as the server sent it.
    pub fn new(paper: &PaperView) -> Self {
        Self {
            attempt_id: paper.attempt_id,
            answers: RwSignal::new(
                paper
                    .answers
                    .iter()
                    .map(|a| (a.question_id, a.answer.clone()))
                    .collect(),
            ),
            pending: RwSignal::new(BTreeMap::new()),
            in_flight: RwSignal::new(BTreeSet::new()),
            offline: RwSignal::new(false),
            next_seq: RwSignal::new(paper.last_seq),
            // On the server and at hydration time "now" is 0, so both render the same time.
            anchor: RwSignal::new((0.0, paper.remaining_ms)),
            now: RwSignal::new(0.0),
            closed: RwSignal::new(false),
            live: RwSignal::new(false),
            error: RwSignal::new(None),
        }
    }

    /// Whether the sheet takes answers now: live in the browser and not closed.
    pub fn takes_answers(self) -> bool {
        self.live.get() && !self.closed.get()
    }

    /// The attempt this sheet belongs to.
    pub fn attempt_id(self) -> i64 {
        self.attempt_id
    }

    /// Milliseconds left by the server's clock, as of the last tick.
    pub fn remaining_ms(self) -> i64 {
        let (at, remaining) = self.anchor.get();
        remaining - (self.now.get() - at) as i64
    }

    /// Records a choice and sends it.
    pub fn choose(self, question_id: i64, answer: Answer) {
        if self.closed.get_untracked() {
            return;
        }
        let seq = self.next_seq.get_untracked() + 1;
        self.next_seq.set(seq);
        self.answers.update(|m| {
            m.insert(question_id, answer.clone());
        });
        self.pending.update(|p| {
            p.insert(question_id, (answer, seq));
        });
        self.keep_pending();
        self.send(question_id);
    }

    /// Writes the unacknowledged answers to the browser's storage, so a crash or a reload
    /// while offline loses none of them.
    fn keep_pending(self) {
        let entries: Vec<(i64, Answer, i64)> = self.pending.with_untracked(|p| {
            p.iter()
                .map(|(q, (answer, seq))| (*q, answer.clone(), *seq))
                .collect()
        });
        stored::write(self.attempt_id, &entries);
    }

    /// Takes back answers a previous page kept but the server never acknowledged (newer
    /// than its highest sequence) and sends them again, in order.
    fn restore_pending(self) {
        let last_acknowledged = self.next_seq.get_untracked();
        let kept: Vec<(i64, Answer, i64)> = stored::read(self.attempt_id)
            .into_iter()
            .filter(|(_, _, seq)| *seq > last_acknowledged)
            .collect();
        if kept.is_empty() {
            return;
        }
        let highest = kept.iter().map(|(_, _, seq)| *seq).max().unwrap_or(0);
        self.next_seq.set(highest);
        self.answers.update(|m| {
            for (q, answer, _) in &kept {
                m.insert(*q, answer.clone());
            }
        });
        self.pending.update(|p| {
            for (q, answer, seq) in kept {
                p.insert(q, (answer, seq));
            }
        });
        self.retry_all();
    }

    /// Whether every change has been acknowledged.
    pub fn all_saved(self) -> bool {
        self.pending.with(BTreeMap::is_empty)
    }

    fn send(self, question_id: i64) {
        if self.in_flight.with_untracked(|f| f.contains(&question_id)) {
            return; // the reply to the save in flight sends the newer one
        }
        let Some((answer, seq)) = self
            .pending
            .with_untracked(|p| p.get(&question_id).cloned())
        else {
            return;
        };
        self.in_flight.update(|f| {
            f.insert(question_id);
        });
        spawn_local(async move {
            let result = save_answer(self.attempt_id, question_id, answer, seq).await;
            if self.in_flight.is_disposed() {
                return; // the sheet was closed (handed in) while this save was on the wire
            }
            self.in_flight.update(|f| {
                f.remove(&question_id);
            });
            match result {
                Ok(ack) => {
                    self.offline.set(false);
                    self.pending.update(|p| {
                        if p.get(&question_id).is_some_and(|(_, s)| *s <= ack.seq) {
                            p.remove(&question_id);
                        }
                    });
                    self.keep_pending();
                    self.correct_clock(ack.remaining_ms);
                    self.send(question_id);
                }
                // A dropped connection or a server shedding load: kept and sent again.
                Err(AppError::Network(_) | AppError::Busy { .. }) => self.offline.set(true),
                Err(e) => {
                    if matches!(e, AppError::Refused { .. }) {
                        self.closed.set(true);
                    }
                    self.error.set(Some(e));
                }
            }
        });
    }

    fn retry_all(self) {
        let waiting: Vec<i64> = self.pending.with_untracked(|p| p.keys().copied().collect());
        for question_id in waiting {
            self.send(question_id);
        }
    }

    /// Re-anchors the countdown on a server reply, whatever the browser's clock says: only
    /// the time elapsed since the reply is measured locally.
    fn correct_clock(self, remaining_ms: i64) {
        let now = client_now();
        self.anchor.set((now, remaining_ms));
        self.now.set(now);
    }

    /// Starts the one-second tick (browser only): countdown, retries and clock sync.
    /// The caller clears the returned handle when the sheet goes away.
    pub fn start(self) -> Option<IntervalHandle> {
        let now = client_now();
        self.anchor.update(|a| a.0 = now);
        self.now.set(now);
        self.restore_pending();
        self.live.set(true);
        let ticks = StoredValue::new(0_u64);
        set_interval_with_handle(
            move || {
                if self.now.is_disposed() {
                    return;
                }
                ticks.update_value(|t| *t += 1);
                let t = ticks.get_value();
                self.now.set(client_now());
                if self.offline.get_untracked() && t.is_multiple_of(RETRY_EVERY_TICKS) {
                    self.retry_all();
                }
                if t.is_multiple_of(CLOCK_SYNC_EVERY_TICKS) && !self.closed.get_untracked() {
                    spawn_local(async move {
                        if let Ok(clock) = exam_clock(self.attempt_id).await {
                            self.correct_clock(clock.remaining_ms);
                            if clock.finished {
                                self.closed.set(true);
                            }
                        }
                    });
                }
            },
            Duration::from_secs(1),
        )
        .ok()
    }
}

/// Unacknowledged answers in the browser's local storage, per attempt.
mod stored {
    use question_bank::bank::question::Answer;

    #[cfg(feature = "hydrate")]
    fn key(attempt_id: i64) -> String {
        format!("renqian.pending.{attempt_id}")
    }

    #[cfg(feature = "hydrate")]
    fn storage() -> Option<web_sys::Storage> {
        web_sys::window()?.local_storage().ok().flatten()
    }

    pub fn write(attempt_id: i64, entries: &[(i64, Answer, i64)]) {
        #[cfg(feature = "hydrate")]
        if let Some(storage) = storage() {
            let _ = if entries.is_empty() {
                storage.remove_item(&key(attempt_id))
            } else {
                match serde_json::to_string(entries) {
                    Ok(json) => storage.set_item(&key(attempt_id), &json),
                    Err(_) => Ok(()),
                }
            };
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = (attempt_id, entries);
    }

    pub fn read(attempt_id: i64) -> Vec<(i64, Answer, i64)> {
        #[cfg(feature = "hydrate")]
        {
            storage()
                .and_then(|s| s.get_item(&key(attempt_id)).ok().flatten())
                .and_then(|json| serde_json::from_str(&json).ok())
                .unwrap_or_default()
        }
        #[cfg(not(feature = "hydrate"))]
        {
            let _ = attempt_id;
            Vec::new()
        }
    }
}

/// The browser's clock, used only to measure time since the last server reply.
fn client_now() -> f64 {
    #[cfg(feature = "hydrate")]
    {
        js_sys::Date::now()
    }
    #[cfg(not(feature = "hydrate"))]
    {
        0.0
    }
}

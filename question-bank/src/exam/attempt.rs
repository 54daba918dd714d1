//! The two rules of a candidate's attempt: may this candidate begin now, and may this
//! answer still be saved. Pure checks over facts the database adapter reads under its
//! lock (as `lifecycle::check` is for a sitting's state).

use crate::exam::clock::{accepts_writes, may_begin};
use crate::exam::lifecycle::SittingState;
use crate::named::named_enum;
use crate::refusal::Refusal;

named_enum! {
    /// How an attempt ended. Stored as its name (the column's CHECK allows exactly these).
    #[serde(rename_all = "snake_case")]
    pub enum FinishReason {
        /// Handed in (交卷) by the candidate, or by a proctor, before the deadline.
        Submitted => ("submitted", "已交卷", "Handed in"),
        /// Time ran out (到时自动交卷): finished at the deadline, whenever it was noticed.
        Deadline => ("deadline", "到时自动交卷", "Time ran out"),
    }
}

impl FinishReason {
    /// When and how an attempt handed in (or found expired) at `now` finishes: at `now`
    /// if before its deadline, else at the deadline itself, whenever the sweeper or a late
    /// click noticed.
    pub fn finish(now: i64, deadline_at: i64) -> (i64, Self) {
        if now <= deadline_at {
            (now, Self::Submitted)
        } else {
            (deadline_at, Self::Deadline)
        }
    }
}

crate::refusals! {
    /// Why a candidate may not begin.
    pub enum StartRefusal {
        NotOpenYet => ("考试尚未开始，请等待监考人员宣布开考。", "The exam has not begun; wait for the proctor to open it."),
        Ended => ("本场考试已经结束。", "This sitting has ended."),
        Absent => ("您已被记为缺考，请与监考人员联系。", "You are marked absent; please speak to the proctor."),
        TooLate { minutes: i64 } => ("开考{minutes}分钟后不得入场，请与监考人员联系。", "No one may begin more than {minutes} minutes after the opening; please speak to the proctor."),
    }
}

/// What the start rule needs to know, read under the candidate's lock.
#[derive(Clone, Copy, Debug)]
pub struct StartFacts {
    pub state: SittingState,
    pub opens_at: i64,
    pub closes_at: i64,
    /// When staff actually opened the sitting, if they have.
    pub opened_at: Option<i64>,
    /// 迟到限制: how many minutes after the opening one may still begin; `None` = no limit.
    pub late_entry_minutes: Option<i64>,
    pub absent: bool,
    /// A proctor admitted this latecomer.
    pub late_admitted: bool,
}

/// Whether the candidate may begin at `now` (for a candidate who has not begun yet: one
/// who has gets the attempt begun before, whatever the time).
pub fn may_start(facts: &StartFacts, now: i64) -> Result<(), StartRefusal> {
    if now < facts.opens_at || facts.state != SittingState::Open {
        return Err(
            if facts.state == SittingState::Scheduled || now < facts.opens_at {
                StartRefusal::NotOpenYet
            } else {
                StartRefusal::Ended
            },
        );
    }
    if now >= facts.closes_at {
        return Err(StartRefusal::Ended);
    }
    if facts.absent {
        return Err(StartRefusal::Absent);
    }
    // Late entry counts from the opening as it happened, if staff opened late; a proctor
    // may admit a latecomer.
    let opened = facts
        .opens_at
        .max(facts.opened_at.unwrap_or(facts.opens_at));
    if !facts.late_admitted && !may_begin(now, opened, facts.late_entry_minutes) {
        return Err(StartRefusal::TooLate {
            minutes: facts.late_entry_minutes.unwrap_or_default(),
        });
    }
    Ok(())
}

crate::refusals! {
    /// Why an answer may not be saved.
    pub enum SaveRefusal {
        /// The candidate logged in elsewhere since this page was opened (换机).
        Superseded => ("您已在另一台电脑上登录，本页面已停止使用。已保存的答案不受影响。", "You have logged in on another computer; this page no longer works. Your saved answers are kept."),
        HandedIn => ("答卷已提交，不能再修改答案。", "The paper has been handed in; answers can no longer change."),
        TimeUp => ("考试时间已到，不能再保存答案。", "Time is up; answers can no longer be saved."),
        DoesNotFit => ("答案与题型不符。", "The answer does not fit the question type."),
    }
}

impl From<SaveRefusal> for Refusal {
    fn from(why: SaveRefusal) -> Self {
        match why {
            SaveRefusal::DoesNotFit => Refusal::field("answer", why),
            _ => Refusal::state(why),
        }
    }
}

impl From<StartRefusal> for Refusal {
    fn from(why: StartRefusal) -> Self {
        Refusal::state(why)
    }
}

/// What the save rule needs to know about the attempt and the question, read with the save.
#[derive(Clone, Copy, Debug)]
pub struct SaveFacts {
    /// The candidate's session generation now, and the one the save was sent under.
    pub generation_now: i64,
    pub generation_sent: i64,
    pub handed_in: bool,
    pub deadline_at: i64,
    /// Whether the answer has the question's shape (`Answer::fits`).
    pub fits: bool,
}

/// Whether an answer arriving at `now` may be saved: from the page of the candidate's
/// current login, to a paper not handed in, until the deadline plus `grace_ms`, in the
/// question's own shape.
pub fn may_save(facts: &SaveFacts, now: i64, grace_ms: i64) -> Result<(), SaveRefusal> {
    if facts.generation_now != facts.generation_sent {
        return Err(SaveRefusal::Superseded);
    }
    if facts.handed_in {
        return Err(SaveRefusal::HandedIn);
    }
    if !accepts_writes(now, facts.deadline_at, grace_ms) {
        return Err(SaveRefusal::TimeUp);
    }
    if !facts.fits {
        return Err(SaveRefusal::DoesNotFit);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::exam::clock::MINUTE_MS;

    const OPENS: i64 = 1_000 * MINUTE_MS;
    const CLOSES: i64 = OPENS + 120 * MINUTE_MS;

    fn open() -> StartFacts {
        StartFacts {
            state: SittingState::Open,
            opens_at: OPENS,
            closes_at: CLOSES,
            opened_at: Some(OPENS),
            late_entry_minutes: Some(15),
            absent: false,
            late_admitted: false,
        }
    }

    #[test]
    fn an_attempt_finishes_when_handed_in_or_at_its_deadline_whichever_is_first() {
        assert_eq!(FinishReason::finish(10, 10), (10, FinishReason::Submitted));
        assert_eq!(FinishReason::finish(11, 10), (10, FinishReason::Deadline));
        for r in [FinishReason::Submitted, FinishReason::Deadline] {
            assert_eq!(FinishReason::parse(r.as_str()), Some(r));
        }
        assert_eq!(FinishReason::parse("forced"), None);
    }

    #[test]
    fn a_candidate_begins_only_while_the_sitting_is_open_and_within_late_entry() {
        assert_eq!(may_start(&open(), OPENS), Ok(()));
        let scheduled = StartFacts {
            state: SittingState::Scheduled,
            ..open()
        };
        assert_eq!(may_start(&scheduled, OPENS), Err(StartRefusal::NotOpenYet));
        assert_eq!(may_start(&open(), OPENS - 1), Err(StartRefusal::NotOpenYet));
        for state in [
            SittingState::Closed,
            SittingState::Archived,
            SittingState::Draft,
        ] {
            let f = StartFacts { state, ..open() };
            assert_eq!(may_start(&f, OPENS), Err(StartRefusal::Ended), "{state:?}");
        }
        assert_eq!(may_start(&open(), CLOSES), Err(StartRefusal::Ended));
        let absent = StartFacts {
            absent: true,
            ..open()
        };
        assert_eq!(may_start(&absent, OPENS), Err(StartRefusal::Absent));
        let late = OPENS + 15 * MINUTE_MS + 1;
        assert_eq!(
            may_start(&open(), late),
            Err(StartRefusal::TooLate { minutes: 15 })
        );
        assert_eq!(may_start(&open(), late - 1), Ok(()));
        // Opened late by staff: late entry counts from the real opening.
        let opened_late = StartFacts {
            opened_at: Some(OPENS + 10 * MINUTE_MS),
            ..open()
        };
        assert_eq!(may_start(&opened_late, late), Ok(()));
        let admitted = StartFacts {
            late_admitted: true,
            ..open()
        };
        assert_eq!(may_start(&admitted, CLOSES - 1), Ok(()));
        let no_limit = StartFacts {
            late_entry_minutes: None,
            ..open()
        };
        assert_eq!(may_start(&no_limit, CLOSES - 1), Ok(()));
    }

    #[test]
    fn an_answer_is_saved_from_the_current_login_before_hand_in_and_the_deadline_in_shape() {
        let ok = SaveFacts {
            generation_now: 3,
            generation_sent: 3,
            handed_in: false,
            deadline_at: CLOSES,
            fits: true,
        };
        assert_eq!(may_save(&ok, CLOSES + 1_000, 1_000), Ok(()));
        assert_eq!(
            may_save(&ok, CLOSES + 1_001, 1_000),
            Err(SaveRefusal::TimeUp)
        );
        let cases = [
            (
                SaveFacts {
                    generation_sent: 2,
                    handed_in: true,
                    ..ok
                },
                SaveRefusal::Superseded,
            ),
            (
                SaveFacts {
                    handed_in: true,
                    fits: false,
                    ..ok
                },
                SaveRefusal::HandedIn,
            ),
            (SaveFacts { fits: false, ..ok }, SaveRefusal::DoesNotFit),
        ];
        for (facts, why) in cases {
            assert_eq!(may_save(&facts, OPENS, 0), Err(why));
        }
        // A grace period at the end of time saturates instead of overflowing.
        let last = SaveFacts {
            deadline_at: i64::MAX,
            ..ok
        };
        assert_eq!(may_save(&last, i64::MAX, i64::MAX), Ok(()));
    }
}

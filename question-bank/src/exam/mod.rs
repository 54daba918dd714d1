//! A sitting and its papers: the exam rules, sittings and their states, blueprints and
//! drawn papers, the clock, who may begin and what may be saved, proctoring, tickets.

pub mod attempt;
pub mod blueprint;
pub mod clock;
pub mod lifecycle;
pub mod paper;
pub mod proctoring;
pub mod rules;
pub mod scoring;
pub mod sitting;
pub mod ticket;

//! After the exam: nominations (任免), the exam gate, votes, certificates, oaths and
//! performance reports, and the people they are about.

pub mod appointment;
pub mod identity;
pub mod nomination;

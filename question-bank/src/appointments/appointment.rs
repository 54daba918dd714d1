//! From nomination to oath (提请任命 → 考试关口 → 表决任命 → 宪法宣誓 → 履职报告): the pure
//! rules of the appointment workflow that follows the exam.
//!
//! Sources: the Chongqing regulation on personnel appointment and removal by standing
//! committees (重庆市各级人民代表大会常务委员会人事任免工作条例, `chongqing-appointment-regulation`),
//! the Chongqing measures on the constitutional oath (重庆市宪法宣誓实施办法,
//! `chongqing-oath-measures`) and the NPC Standing Committee's decision on the constitutional
//! oath system (2018). Every rule a jurisdiction may set differently is a field of
//! [`AppointmentRules`], whose default is Chongqing's.
//!
//! Instants are milliseconds since the Unix epoch (UTC). Calendar days ([`CivilDate`]) are
//! days in China Standard Time (UTC+8, no daylight saving), the time the committees work in.

use std::fmt;
use std::ops::{Add, AddAssign};

use crate::exam::clock::{calendar_date, date_of_days, days_of};
use crate::named::named_enum;
use crate::Bilingual;

/// The oath text fixed by item 2 of the NPC Standing Committee's decision on the
/// constitutional oath system as revised on 2018-02-24 (also Chongqing oath measures, Art. 3).
pub const OATH_TEXT_2018: &str = "我宣誓：忠于中华人民共和国宪法，维护宪法权威，履行法定职责，忠于祖国、忠于人民，恪尽职守、廉洁奉公，接受人民监督，为建设富强民主文明和谐美丽的社会主义现代化强国努力奋斗！";

/// A jurisdiction's local rules for the workflow, kept with its exam rules (the retakes
/// allowed are the exam rules' own). `Default` gives Chongqing's.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct AppointmentRules {
    /// What happens to a nomination once the retakes are used up: [`FailurePolicy::Block`].
    pub failure_policy: FailurePolicy,
    /// Working days after the appointment within which the oath is due: 15 (oath measures,
    /// Art. 9 para. 3).
    pub oath_working_days: u32,
    /// How a satisfaction evaluation's result follows from its counts.
    pub satisfaction: SatisfactionRule,
    /// 任命书署名: the chair in whose name certificates are signed (Art. 23).
    pub chair_name: String,
    /// 常委会组成人员数: what votes and evaluations are reckoned on, unless staff say otherwise.
    pub committee_members: i64,
    /// Public holidays and make-up working days (调休上班) for the oath deadline.
    pub holidays: Vec<CivilDate>,
    pub make_up_workdays: Vec<CivilDate>,
}

impl Default for AppointmentRules {
    fn default() -> Self {
        Self {
            failure_policy: FailurePolicy::Block,
            oath_working_days: 15,
            satisfaction: SatisfactionRule::default(),
            chair_name: String::new(),
            committee_members: 0,
            holidays: Vec::new(),
            make_up_workdays: Vec::new(),
        }
    }
}

/// Reads dates written one a line (or separated by commas or spaces): the first that is not
/// a date, as an error.
pub fn parse_dates(text: &str) -> Result<Vec<CivilDate>, String> {
    text.split(|c: char| c.is_whitespace() || c == ',' || c == '，' || c == '、')
        .filter(|t| !t.is_empty())
        .map(|t| CivilDate::parse(t).ok_or_else(|| t.to_owned()))
        .collect()
}

/// Writes dates one a line, as `parse_dates` reads them.
pub fn format_dates(dates: &[CivilDate]) -> String {
    dates
        .iter()
        .map(CivilDate::to_string)
        .collect::<Vec<_>>()
        .join("\n")
}

named_enum! {
    /// Who submits a nomination (提名人 / 提请机关); Chongqing Arts. 6–10.
    pub enum NominatingBody {
        Government => ("government", "人民政府", "People's government"),
        Court => ("court", "人民法院", "People's court"),
        Procuratorate => ("procuratorate", "人民检察院", "People's procuratorate"),
        SupervisoryCommission => ("supervisory_commission", "监察委员会", "Supervisory commission"),
        /// The standing committee's own chair's council.
        ChairsCouncil => ("chairs_council", "主任会议", "Chair's council"),
    }
}

// ---------------------------------------------------------------------------------------
// The exam gate (Chongqing Art. 16)
// ---------------------------------------------------------------------------------------

/// One of the nominee's exam attempts, as far as the gate cares.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ExamAttempt {
    /// Whether the attempt reached the pass mark.
    pub passed: bool,
    /// When the paper was handed in.
    pub finished_at: i64,
    /// Whether its result is published; unpublished results do not count yet.
    pub published: bool,
}

/// One of the nominee's pass records (see [`crate::results::pass_valid_until`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PassValidity {
    /// Until when the pass counts (考试成绩在本届内有效: the end of the congress's term).
    pub valid_until: i64,
}

/// Where a nominee stands with the exam at a given moment.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum ExamStanding {
    /// 考试合格: a pass record counts until `valid_until` (the latest, if several).
    Passed { valid_until: i64 },
    /// 合格记录已失效: the only passes have lapsed (a new term) and nothing was sat since.
    PassExpired { expired_at: i64 },
    /// 尚未参加考试 (or no result published yet).
    NotYetSat,
    /// 可以补考: `failures` failed attempts, `left` more attempts allowed.
    RetakeAllowed { failures: u32, left: u32 },
    /// 补考仍不及格: every allowed attempt has failed.
    RetakesExhausted { failures: u32 },
}

impl ExamStanding {
    /// The standing at `now` from the nominee's attempts and pass records.
    ///
    /// Pass records decide whether the nominee has passed (a passed attempt becomes a
    /// record when results are published); a record counts while
    /// [`crate::results::pass_is_valid`] says so. Only published failures count, and only
    /// those after the latest lapsed pass: a new term starts the count afresh. A nominee
    /// may sit `1 + retakes_allowed` times in all.
    pub fn compute(
        attempts: &[ExamAttempt],
        passes: &[PassValidity],
        now: i64,
        retakes_allowed: u32,
    ) -> Self {
        let (valid, lapsed): (Vec<i64>, Vec<i64>) = passes
            .iter()
            .map(|p| p.valid_until)
            .partition(|&until| crate::results::pass_is_valid(until, now));
        if let Some(valid_until) = valid.into_iter().max() {
            return Self::Passed { valid_until };
        }
        let lapsed_at = lapsed.into_iter().max();
        let failures = attempts
            .iter()
            .filter(|a| a.published && !a.passed)
            .filter(|a| lapsed_at.is_none_or(|at| a.finished_at > at))
            .count();
        let failures = u32::try_from(failures).unwrap_or(u32::MAX);
        let allowed = retakes_allowed.saturating_add(1);
        match (failures, lapsed_at) {
            (0, Some(expired_at)) => Self::PassExpired { expired_at },
            (0, None) => Self::NotYetSat,
            (f, _) if f < allowed => Self::RetakeAllowed {
                failures: f,
                left: allowed - f,
            },
            (f, _) => Self::RetakesExhausted { failures: f },
        }
    }
}

named_enum! {
    /// The legal ground of an exemption from the exam (免考).
    pub enum ExemptionGround {
        /// Moved within the same body without a change of post level.
        InternalTransfer => ("internal_transfer", "内部调整（转任）", "Internal transfer"),
        /// A judge or procurator who passed the national unified legal professional
        /// qualification exam: exempts the specialist part only.
        LegalQualification => (
            "legal_qualification",
            "通过国家统一法律职业资格考试",
            "Passed the national legal qualification exam"
        ),
        /// A ground the record must spell out.
        Other => ("other", "其他情形", "Other ground"),
    }
}

impl ExemptionGround {
    /// Whether the ground exempts the whole exam; otherwise only the specialist part, and
    /// the nominee still has to pass the general part.
    pub fn covers_full_exam(self) -> bool {
        !matches!(self, Self::LegalQualification)
    }

    /// Whether the ground can apply to a nominee of `body`: the legal qualification ground
    /// is for judges and procurators only.
    pub fn allowed_for(self, body: NominatingBody) -> bool {
        match self {
            Self::LegalQualification => {
                matches!(body, NominatingBody::Court | NominatingBody::Procuratorate)
            }
            Self::InternalTransfer | Self::Other => true,
        }
    }
}

/// An exemption recorded on a nomination; every one is an audited override of the gate.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Exemption {
    /// The ground.
    pub ground: ExemptionGround,
    /// 依据: the document or article relied on, and for [`ExemptionGround::Other`] the reason.
    pub basis: String,
    /// 批准人: who approved it.
    pub approver: String,
}

/// What an exemption record lacks.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ExemptionError {
    /// No basis (依据) given.
    #[error("请填写免考依据（文件或条款；“其他情形”须写明理由）")]
    MissingBasis,
    /// No approver given.
    #[error("请填写免考批准人")]
    MissingApprover,
    /// Neither given.
    #[error("请填写免考依据和批准人")]
    MissingBoth,
}

impl Bilingual for ExemptionError {
    fn zh(&self) -> String {
        self.to_string()
    }
    fn en(&self) -> String {
        match self {
            Self::MissingBasis => {
                "give the exemption's basis (document or article; the reason for another ground)"
            }
            Self::MissingApprover => "give who approved the exemption",
            Self::MissingBoth => "give the exemption's basis and who approved it",
        }
        .into()
    }
}

impl Exemption {
    /// Checks that the record names its basis and its approver.
    pub fn validate(&self) -> Result<(), ExemptionError> {
        match (
            self.basis.trim().is_empty(),
            self.approver.trim().is_empty(),
        ) {
            (true, true) => Err(ExemptionError::MissingBoth),
            (true, false) => Err(ExemptionError::MissingBasis),
            (false, true) => Err(ExemptionError::MissingApprover),
            (false, false) => Ok(()),
        }
    }
}

named_enum! {
    /// What a jurisdiction does with a nomination whose nominee failed every allowed attempt.
    #[derive(Default)]
    pub enum FailurePolicy {
        /// Not put to the committee (Chongqing Art. 16 para. 2).
        #[default]
        Block => ("block", "不得提请任命", "Not to be put to the committee"),
        Defer => ("defer", "暂缓提请", "Deferred"),
        Withdraw => ("withdraw", "撤回提请", "Withdrawn"),
    }
}

impl FailurePolicy {
    fn consequence_zh(self) -> &'static str {
        match self {
            Self::Block => "不得提请人大常委会会议审议",
            Self::Defer => "暂缓提请任命",
            Self::Withdraw => "应撤回提请任命",
        }
    }

    fn consequence_en(self) -> &'static str {
        match self {
            Self::Block => "the nomination may not be put to the standing committee",
            Self::Defer => "the nomination is deferred",
            Self::Withdraw => "the nomination is to be withdrawn",
        }
    }
}

/// How a nomination got through the exam gate.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum GateOk {
    /// A valid pass; `specialist_exempt` names a partial exemption (the specialist part).
    Passed {
        valid_until: i64,
        specialist_exempt: Option<ExemptionGround>,
    },
    /// An exemption from the whole exam.
    Exempted { ground: ExemptionGround },
}

/// Why a nomination cannot go on a meeting's agenda.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum GateRefusal {
    /// No valid pass record and nothing sat.
    #[error("拟任命人员没有有效的任前法律知识考试合格记录，不能列入会议议程")]
    NoPass,
    /// The only pass has lapsed.
    #[error(
        "拟任命人员的考试合格记录已于{expired_on}失效（考试成绩在本届内有效），须重新参加考试"
    )]
    PassExpired { expired_on: CivilDate },
    /// Failed, but may still retake.
    #[error("拟任命人员考试不及格{failures}次，尚可补考{left}次；补考合格后方可列入会议议程")]
    RetakeAllowed { failures: u32, left: u32 },
    /// Failed every allowed attempt: the jurisdiction's policy applies.
    #[error("拟任命人员考试{failures}次均不及格，已无补考机会，{}", .policy.consequence_zh())]
    RetakesExhausted {
        failures: u32,
        policy: FailurePolicy,
    },
    /// An exemption was given but is incomplete.
    #[error("免考记录不完整：{0}")]
    InvalidExemption(ExemptionError),
}

impl Bilingual for GateRefusal {
    fn zh(&self) -> String {
        self.to_string()
    }
    fn en(&self) -> String {
        match self {
            Self::NoPass => "the nominee has no valid pass record of the pre-appointment legal \
                knowledge exam; the nomination cannot go on the agenda"
                .into(),
            Self::PassExpired { expired_on } => format!(
                "the nominee's pass lapsed on {expired_on} (a pass counts for the current term \
                 only); the nominee must sit the exam again"
            ),
            Self::RetakeAllowed { failures, left } => format!(
                "the nominee failed {failures} time(s) and may retake {left} more time(s); \
                 the nomination can go on the agenda after a passed retake"
            ),
            Self::RetakesExhausted { failures, policy } => format!(
                "the nominee failed all {failures} attempts allowed, with no retake left: {}",
                policy.consequence_en()
            ),
            Self::InvalidExemption(e) => format!("the exemption is incomplete: {}", e.en()),
        }
    }
}

/// Whether a nomination may be put on a meeting's agenda (Chongqing Art. 16).
///
/// A valid pass always opens the gate. Otherwise a complete exemption from the whole exam
/// does; a partial one (the specialist part) still needs a pass of the general part. An
/// incomplete exemption is refused outright, so an override is never half-recorded.
pub fn agenda_gate(
    standing: ExamStanding,
    exemption: Option<&Exemption>,
    policy: FailurePolicy,
) -> Result<GateOk, GateRefusal> {
    if let Some(e) = exemption {
        e.validate().map_err(GateRefusal::InvalidExemption)?;
    }
    let partial = exemption.filter(|e| !e.ground.covers_full_exam());
    match (standing, exemption) {
        (ExamStanding::Passed { valid_until }, _) => Ok(GateOk::Passed {
            valid_until,
            specialist_exempt: partial.map(|e| e.ground),
        }),
        (_, Some(e)) if e.ground.covers_full_exam() => Ok(GateOk::Exempted { ground: e.ground }),
        (ExamStanding::NotYetSat, _) => Err(GateRefusal::NoPass),
        (ExamStanding::PassExpired { expired_at }, _) => Err(GateRefusal::PassExpired {
            expired_on: CivilDate::of_instant(expired_at),
        }),
        (ExamStanding::RetakeAllowed { failures, left }, _) => {
            Err(GateRefusal::RetakeAllowed { failures, left })
        }
        (ExamStanding::RetakesExhausted { failures }, _) => {
            Err(GateRefusal::RetakesExhausted { failures, policy })
        }
    }
}

// ---------------------------------------------------------------------------------------
// At the meeting: statement and vote (Chongqing Arts. 19, 22, 23)
// ---------------------------------------------------------------------------------------

named_enum! {
    /// The nominee's statement at the meeting (任前表态发言). Chongqing Art. 19 para. 2 has
    /// it arranged "as needed" (根据需要), so it may not be required.
    pub enum Statement {
        Made => ("made", "已作表态发言", "Statement made"),
        Written => ("written", "书面表态", "Written statement"),
        NotRequired => ("not_required", "无需表态", "Not required"),
    }
}

/// A vote's counts. `members` is the committee's composition (全体组成人员), not those
/// present: the majority is reckoned on it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct VoteTally {
    /// 赞成.
    pub for_: i64,
    /// 反对.
    pub against: i64,
    /// 弃权.
    pub abstain: i64,
    /// 常委会组成人员数.
    pub members: i64,
}

/// Why a set of counts (a vote or an evaluation) cannot be right.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum TallyError {
    /// The composition must be at least one.
    #[error("常委会组成人员数应大于零")]
    NoMembers,
    /// A count below zero.
    #[error("票数不能为负数")]
    Negative,
    /// More votes than members.
    #[error("各项票数合计{cast}票，超过常委会组成人员{members}人")]
    TooMany { cast: i64, members: i64 },
}

impl Bilingual for TallyError {
    fn zh(&self) -> String {
        self.to_string()
    }
    fn en(&self) -> String {
        match self {
            Self::NoMembers => "the committee must have at least one member".into(),
            Self::Negative => "a count cannot be negative".into(),
            Self::TooMany { cast, members } => {
                format!("the counts add up to {cast}, more than the committee's {members} members")
            }
        }
    }
}

fn check_counts(counts: [i64; 3], members: i64) -> Result<(), TallyError> {
    if members <= 0 {
        return Err(TallyError::NoMembers);
    }
    if counts.iter().any(|&c| c < 0) {
        return Err(TallyError::Negative);
    }
    // In i128: counts typed as huge numbers are refused as too many, never wrapped.
    let cast: i128 = counts.iter().map(|&c| i128::from(c)).sum();
    if cast > i128::from(members) {
        return Err(TallyError::TooMany {
            cast: i64::try_from(cast).unwrap_or(i64::MAX),
            members,
        });
    }
    Ok(())
}

impl VoteTally {
    /// Checks the counts are non-negative and add up to at most the members.
    pub fn validate(&self) -> Result<(), TallyError> {
        check_counts([self.for_, self.against, self.abstain], self.members)
    }
}

/// Whether the vote appoints the nominee: more than half of all the committee's members
/// voted for (必须获得人大常委会组成人员过半数赞成, Chongqing Art. 22 para. 2; also the
/// Local Organic Law, Art. 51: 以全体组成人员的过半数通过). Absent members, against votes and
/// abstentions all count the same: as not for. An invalid tally appoints nobody.
pub fn appointed(tally: &VoteTally) -> bool {
    // `for_ > members / 2` in whole numbers is `2 × for_ > members` without overflow:
    // 41 members → 21 needed, 40 members → 21 needed.
    tally.validate().is_ok() && tally.for_ > tally.members / 2
}

// ---------------------------------------------------------------------------------------
// The appointment certificate (任命书)
// ---------------------------------------------------------------------------------------

/// The words of an appointment certificate that come from the record: the printed page
/// puts them in its fixed frame ("任 命 书", the number, the chair's signature).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CertificateText {
    /// The committee in full, as it signs: "江城市人民代表大会常务委员会".
    pub committee: String,
    /// "根据《…组织法》的规定，江城市第十七届人大常委会第二十次会议决定：".
    pub grounds: String,
    /// "任命张三为江城市司法局局长。".
    pub appointment: String,
    /// The day of the vote, "2026年12月7日"; empty before it.
    pub date: String,
}

/// The certificate's words for `name` appointed to `post` by `jurisdiction_name`'s
/// committee ("江城市人大常委会", which the certificate writes in full), at `meeting` (its
/// title, or empty when none is recorded: the committee then decides in its own name), on
/// the day of the instant `appointed_on` (China Standard Time).
pub fn certificate_text(
    jurisdiction_name: &str,
    meeting: &str,
    name: &str,
    post: &str,
    appointed_on: Option<i64>,
) -> CertificateText {
    let committee = jurisdiction_name.replace("人大常委会", "人民代表大会常务委员会");
    let decides = if meeting.is_empty() {
        &committee
    } else {
        meeting
    };
    CertificateText {
        grounds: format!(
            "根据《中华人民共和国地方各级人民代表大会和地方各级人民政府组织法》的规定，{decides}决定："
        ),
        appointment: format!("任命{name}为{post}。"),
        date: appointed_on
            .map(|ms| CivilDate::of_instant(ms).to_chinese())
            .unwrap_or_default(),
        committee,
    }
}

// ---------------------------------------------------------------------------------------
// Calendar days in China Standard Time
// ---------------------------------------------------------------------------------------

/// A calendar day (proleptic Gregorian) in China Standard Time. Ordered by date.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
pub struct CivilDate {
    /// The year.
    pub year: i32,
    /// 1–12.
    pub month: u8,
    /// 1–31.
    pub day: u8,
}

impl CivilDate {
    /// The date, if it exists and its year is within `clock::YEARS`.
    pub fn new(year: i32, month: u8, day: u8) -> Option<Self> {
        (crate::exam::clock::YEARS.contains(&i64::from(year))
            && calendar_date(i64::from(year), i64::from(month), i64::from(day)).is_some())
        .then_some(Self { year, month, day })
    }

    /// Reads "2025-10-01".
    pub fn parse(text: &str) -> Option<Self> {
        let mut parts = text.trim().splitn(3, '-');
        let year = parts.next()?.parse().ok()?;
        let month = parts.next()?.parse().ok()?;
        let day = parts.next()?.parse().ok()?;
        Self::new(year, month, day)
    }

    /// The same day as a `time` date. A value built by hand (or read from stored JSON)
    /// that is not a real date counts on from the first of its month, as the calendar
    /// arithmetic always has: 30 February is 2 March (1 in a leap year).
    pub fn to_date(self) -> time::Date {
        calendar_date(
            i64::from(self.year),
            i64::from(self.month),
            i64::from(self.day),
        )
        .unwrap_or_else(|| {
            // Whole months from January of year 0, then the days.
            let months = i64::from(self.year) * 12 + i64::from(self.month) - 1;
            let first = calendar_date(months.div_euclid(12), months.rem_euclid(12) + 1, 1);
            let first = first.map_or(if months < 0 { i64::MIN } else { i64::MAX }, days_of);
            date_of_days(first.saturating_add(i64::from(self.day) - 1))
        })
    }

    /// The day of a `time` date.
    pub fn from_date(date: time::Date) -> Self {
        Self {
            year: date.year(),
            month: u8::from(date.month()),
            day: date.day(),
        }
    }

    /// Days since 1970-01-01.
    pub fn days(self) -> i64 {
        days_of(self.to_date())
    }

    /// The date `days` after 1970-01-01 (within the ±9999 years a date can have).
    pub fn from_days(days: i64) -> Self {
        Self::from_date(date_of_days(days))
    }

    /// The China Standard Time date of an instant.
    pub fn of_instant(ms: i64) -> Self {
        Self::from_date(crate::exam::clock::cst_date(ms))
    }

    /// The instant the day begins (00:00 China Standard Time).
    pub fn start_ms(self) -> i64 {
        self.to_date()
            .midnight()
            .assume_offset(crate::exam::clock::CST)
            .unix_timestamp()
            .saturating_mul(1000)
    }

    /// "2026年12月7日", as a Chinese document writes the day.
    pub fn to_chinese(self) -> String {
        crate::exam::clock::chinese_date(self.to_date())
    }

    /// The day `n` days later (earlier if negative).
    pub fn plus_days(self, n: i64) -> Self {
        Self::from_days(self.days().saturating_add(n))
    }

    /// ISO weekday: 1 = Monday … 7 = Sunday.
    pub fn weekday(self) -> u8 {
        self.to_date().weekday().number_from_monday()
    }

    /// Whether staff work that day: a listed make-up working day (调休上班) always, a listed
    /// holiday never, otherwise Monday to Friday.
    pub fn is_working_day(self, holidays: &[Self], make_up_workdays: &[Self]) -> bool {
        make_up_workdays.contains(&self) || (!holidays.contains(&self) && self.weekday() <= 5)
    }
}

impl fmt::Display for CivilDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

// ---------------------------------------------------------------------------------------
// The constitutional oath (Chongqing Art. 24; oath measures Arts. 3, 9, 10)
// ---------------------------------------------------------------------------------------

named_enum! {
    /// How the oath is taken (oath measures, Art. 10).
    pub enum OathForm {
        Individual => ("individual", "单独宣誓", "Individual oath"),
        /// Led by one of the oath-takers (领誓人).
        Collective => ("collective", "集体宣誓", "Collective oath"),
    }
}

impl OathForm {
    /// Whether a leader (领誓人) must be named.
    pub fn needs_leader(self) -> bool {
        matches!(self, Self::Collective)
    }
}

named_enum! {
    /// Which oath text was read. Only the 2018 text is in force; later versions go here.
    #[derive(Default)]
    pub enum OathTextVersion {
        /// The text of the 2018 revision of the NPC Standing Committee's decision.
        #[default]
        V2018 => ("2018", "2018年修订誓词", "2018 text"),
    }
}

impl OathTextVersion {
    /// The words of the oath.
    pub fn text(self) -> &'static str {
        match self {
            Self::V2018 => OATH_TEXT_2018,
        }
    }
}

/// The last day on which the oath is still on time: the `working_days`-th working day after
/// the day of appointment (China Standard Time).
///
/// Oath measures Art. 9 para. 3: within 15 working days of the appointment being announced
/// (ceremonies held by the appointing organs; those held by the chair's council take place
/// at the meeting itself, right after the certificates). As the Civil Code's Art. 201 counts
/// periods, the day of appointment itself is not counted. `working_days = 0` means the same
/// day. See [`CivilDate::is_working_day`] for holidays and make-up working days.
pub fn oath_due(
    appointed_at_ms: i64,
    working_days: u32,
    holidays: &[CivilDate],
    make_up_workdays: &[CivilDate],
) -> CivilDate {
    let mut day = CivilDate::of_instant(appointed_at_ms);
    let mut left = working_days;
    while left > 0 {
        day = day.plus_days(1);
        if day.is_working_day(holidays, make_up_workdays) {
            left -= 1;
        }
    }
    day
}

/// Where an appointee is with the oath.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum OathStatus {
    /// 已宣誓, on or before the due day or not.
    Sworn { on_time: bool },
    /// 待宣誓: calendar days left until the due day (0 on the day itself).
    Pending { days_left: i64 },
    /// 逾期未宣誓: calendar days since the due day.
    Overdue { days_late: i64 },
}

impl OathStatus {
    /// Whether staff should be warned: the deadline passed without an oath.
    pub fn is_warning(self) -> bool {
        matches!(self, Self::Overdue { .. })
    }
}

/// The oath status at `now`, given the due day from [`oath_due`]. Days are calendar days in
/// China Standard Time.
pub fn oath_warning(sworn_at: Option<i64>, due: CivilDate, now: i64) -> OathStatus {
    if let Some(at) = sworn_at {
        return OathStatus::Sworn {
            on_time: CivilDate::of_instant(at) <= due,
        };
    }
    let late = CivilDate::of_instant(now).days() - due.days();
    if late > 0 {
        OathStatus::Overdue { days_late: late }
    } else {
        OathStatus::Pending { days_left: -late }
    }
}

// ---------------------------------------------------------------------------------------
// Performance reports and their evaluation (Chongqing Art. 34)
// ---------------------------------------------------------------------------------------

named_enum! {
    /// How a performance report (履职报告) is given.
    pub enum ReportForm {
        Oral => ("oral", "口头报告", "Oral report"),
        Written => ("written", "书面报告", "Written report"),
    }
}

named_enum! {
    /// The result of a satisfaction evaluation (满意度测评).
    pub enum Satisfaction {
        Satisfied => ("satisfied", "满意", "Satisfied"),
        BasicallySatisfied => ("basically_satisfied", "基本满意", "Basically satisfied"),
        Dissatisfied => ("dissatisfied", "不满意", "Dissatisfied"),
    }
}

impl Satisfaction {
    /// Whether the committee must follow up (不满意).
    pub fn needs_follow_up(self) -> bool {
        matches!(self, Self::Dissatisfied)
    }
}

/// What a satisfaction threshold is a share of.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize,
)]
pub enum SatisfactionBase {
    /// 全体组成人员: all the committee's members, as for its votes.
    #[default]
    AllMembers,
    /// 实际投票数: the votes cast.
    VotesCast,
}

/// How an evaluation's result follows from its counts. The regulation (Art. 34) names
/// performance reports and evaluations but sets no rule, nor do the laws here; this one is
/// local configuration. Default: 不满意 when 不满意 votes exceed half of all members,
/// else 满意 when 满意 votes exceed half, else 基本满意.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct SatisfactionRule {
    /// What the shares are of.
    pub base: SatisfactionBase,
    /// 不满意 when 不满意 votes exceed this percentage of the base (default 50).
    pub dissatisfied_over_percent: i64,
    /// 满意 when 满意 votes exceed this percentage of the base (default 50).
    pub satisfied_over_percent: i64,
}

impl Default for SatisfactionRule {
    fn default() -> Self {
        Self {
            base: SatisfactionBase::AllMembers,
            dissatisfied_over_percent: 50,
            satisfied_over_percent: 50,
        }
    }
}

/// An evaluation's counts.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct SatisfactionCounts {
    /// 满意.
    pub satisfied: i64,
    /// 基本满意.
    pub basically_satisfied: i64,
    /// 不满意.
    pub dissatisfied: i64,
    /// 常委会组成人员数.
    pub members: i64,
}

impl SatisfactionCounts {
    /// Checks the counts are non-negative and add up to at most the members.
    pub fn validate(&self) -> Result<(), TallyError> {
        let counts = [self.satisfied, self.basically_satisfied, self.dissatisfied];
        check_counts(counts, self.members)
    }

    /// The result under `rule`. "Exceeds p% of the base" is `count * 100 > p * base`, in
    /// whole numbers so that no rounding decides a result.
    pub fn evaluate(&self, rule: &SatisfactionRule) -> Result<Satisfaction, TallyError> {
        self.validate()?;
        let base = match rule.base {
            SatisfactionBase::AllMembers => self.members,
            SatisfactionBase::VotesCast => {
                (self.satisfied.saturating_add(self.basically_satisfied))
                    .saturating_add(self.dissatisfied)
            }
        };
        let exceeds = |count: i64, percent: i64| {
            i128::from(count) * 100 > i128::from(percent) * i128::from(base)
        };
        Ok(
            if exceeds(self.dissatisfied, rule.dissatisfied_over_percent) {
                Satisfaction::Dissatisfied
            } else if exceeds(self.satisfied, rule.satisfied_over_percent) {
                Satisfaction::Satisfied
            } else {
                Satisfaction::BasicallySatisfied
            },
        )
    }
}

// ---------------------------------------------------------------------------------------
// Yearly statistics
// ---------------------------------------------------------------------------------------

/// One jurisdiction's (or, rolled up, the city's) figures for a year.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct YearStats {
    /// 考试场次: sittings held.
    pub sittings_held: i64,
    /// 参考人数: nominees who sat.
    pub nominees_sat: i64,
    /// 合格人数: nominees who passed.
    pub nominees_passed: i64,
    /// 任命人数: appointments.
    pub appointments: i64,
    /// 表态发言: statements made (in person or in writing).
    pub statements: i64,
    /// 宪法宣誓: appointees sworn.
    pub oaths: i64,
    /// 履职报告: reports heard.
    pub reports: i64,
    /// Evaluations with the result 满意.
    pub satisfied: i64,
    /// Evaluations with the result 基本满意.
    pub basically_satisfied: i64,
    /// Evaluations with the result 不满意.
    pub dissatisfied: i64,
}

impl YearStats {
    /// Counts one evaluation's result.
    pub fn count_result(&mut self, result: Satisfaction) {
        match result {
            Satisfaction::Satisfied => self.satisfied += 1,
            Satisfaction::BasicallySatisfied => self.basically_satisfied += 1,
            Satisfaction::Dissatisfied => self.dissatisfied += 1,
        }
    }
}

impl Add for YearStats {
    type Output = Self;
    fn add(self, o: Self) -> Self {
        Self {
            sittings_held: self.sittings_held.saturating_add(o.sittings_held),
            nominees_sat: self.nominees_sat.saturating_add(o.nominees_sat),
            nominees_passed: self.nominees_passed.saturating_add(o.nominees_passed),
            appointments: self.appointments.saturating_add(o.appointments),
            statements: self.statements.saturating_add(o.statements),
            oaths: self.oaths.saturating_add(o.oaths),
            reports: self.reports.saturating_add(o.reports),
            satisfied: self.satisfied.saturating_add(o.satisfied),
            basically_satisfied: self
                .basically_satisfied
                .saturating_add(o.basically_satisfied),
            dissatisfied: self.dissatisfied.saturating_add(o.dissatisfied),
        }
    }
}

impl AddAssign for YearStats {
    fn add_assign(&mut self, other: Self) {
        *self = *self + other;
    }
}

/// The city's figures: the sum of its jurisdictions'.
pub fn roll_up(children: &[YearStats]) -> YearStats {
    children
        .iter()
        .fold(YearStats::default(), |sum, c| sum + *c)
}

crate::refusals! {
    /// Why a step of a nomination, an oath or a report was refused on what is stored.
    pub enum AppointmentRefusal {
        NoSuchMeeting => ("未找到该会议。", "No such meeting."),
        AlreadyNominated { name: String, post: String, existing: i64 } => ("{name}已有拟任“{post}”的提请任命（第{existing}号），请勿重复登记。", "{name} already has an open nomination as {post} (no. {existing})."),
        QualificationGroundCourtsOnly => ("“通过国家统一法律职业资格考试”免考仅适用于人民法院、人民检察院提请任命的法官、检察官。", "The legal qualification ground applies to judges and procurators (court and procuratorate nominations) only."),
        CertificateDetailsMissing => ("请填写任命书编号和署名的常委会主任。", "Enter the certificate's number and the chair who signs it."),
        CertificateNumberUsed { number: String } => ("任命书编号“{number}”已经使用。", "Certificate number {number} is already used."),
        IndividualOathOneTaker => ("单独宣誓只能有一名宣誓人；多人请选择集体宣誓。", "An individual oath has one oath-taker; choose a collective oath for several."),
        NotAppointedOrSworn { name: String } => ("{name}尚未任命或已经宣誓。", "{name} is not appointed or has sworn already."),
        OnlyAppointeeReports => ("只有已任命人员才有履职报告。", "Only an appointee reports on their performance."),
        FollowUpNeeded => ("测评结果为不满意，请填写后续处理（如：约谈、限期整改、依法提出罢免或撤职案）。", "The result is dissatisfied: record the follow-up (a talk, a deadline to improve, a motion to remove)."),
    }
}

impl From<AppointmentRefusal> for crate::refusal::Refusal {
    /// Each refusal about the input names its form field.
    fn from(why: AppointmentRefusal) -> Self {
        let field = match why {
            AppointmentRefusal::NoSuchMeeting => "meeting_id",
            AppointmentRefusal::AlreadyNominated { .. } => "post",
            AppointmentRefusal::QualificationGroundCourtsOnly => "ground",
            AppointmentRefusal::CertificateDetailsMissing
            | AppointmentRefusal::CertificateNumberUsed { .. } => "number",
            AppointmentRefusal::IndividualOathOneTaker
            | AppointmentRefusal::NotAppointedOrSworn { .. } => "ids",
            AppointmentRefusal::FollowUpNeeded => "follow_up",
            AppointmentRefusal::OnlyAppointeeReports => return Self::state(why),
        };
        Self::field(field, why)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_certificate_names_the_committee_in_full_and_dates_the_vote_in_chinese() {
        // 10:00 on 2026-12-07 in Beijing.
        let voted = date("2026-12-07").start_ms() + 10 * 60 * crate::exam::clock::MINUTE_MS;
        let text = certificate_text(
            "江城市人大常委会",
            "江城市第十七届人大常委会第二十次会议",
            "张三",
            "江城市司法局局长",
            Some(voted),
        );
        assert_eq!(text.committee, "江城市人民代表大会常务委员会");
        assert_eq!(
            text.grounds,
            "根据《中华人民共和国地方各级人民代表大会和地方各级人民政府组织法》的规定，江城市第十七届人大常委会第二十次会议决定："
        );
        assert_eq!(text.appointment, "任命张三为江城市司法局局长。");
        assert_eq!(text.date, "2026年12月7日");
        // No meeting recorded: the committee decides in its own name; no vote, no date.
        let text = certificate_text("东湖区人大常委会", "", "李四", "区长", None);
        assert_eq!(
            text.grounds,
            "根据《中华人民共和国地方各级人民代表大会和地方各级人民政府组织法》的规定，东湖区人民代表大会常务委员会决定："
        );
        assert_eq!(text.date, "");
        // The day is Beijing's: 16:00 UTC on 31 December is New Year's Day.
        let new_year = crate::exam::clock::parse_cst("2027-01-01 00:00");
        assert_eq!(
            certificate_text("", "", "", "", new_year).date,
            "2027年1月1日"
        );
    }

    #[test]
    fn civil_dates_count_days_with_the_calendar() {
        assert_eq!(date("1970-01-01").days(), 0);
        assert_eq!(date("1969-12-31").days(), -1);
        assert_eq!(CivilDate::from_days(-1), date("1969-12-31"));
        assert_eq!(date("2024-02-28").plus_days(1), date("2024-02-29"));
        assert_eq!(date("2023-02-28").plus_days(1), date("2023-03-01"));
        assert_eq!(date("2026-12-31").plus_days(1), date("2027-01-01"));
        assert_eq!(date("2026-12-07").weekday(), 1);
        assert_eq!(date("1970-01-01").weekday(), 4);
        assert_eq!(date("1949-10-01").to_chinese(), "1949年10月1日");
        assert_eq!(CivilDate::new(2026, 2, 29), None);
        assert_eq!(CivilDate::new(1899, 12, 31), None);
        // A date built by hand that is not one counts on from the first of its month.
        let feb30 = CivilDate {
            year: 2026,
            month: 2,
            day: 30,
        };
        assert_eq!(CivilDate::from_days(feb30.days()), date("2026-03-02"));
        let month13 = CivilDate {
            year: 2026,
            month: 13,
            day: 1,
        };
        assert_eq!(CivilDate::from_days(month13.days()), date("2027-01-01"));
        let month0 = CivilDate {
            year: 2026,
            month: 0,
            day: 1,
        };
        assert_eq!(CivilDate::from_days(month0.days()), date("2025-12-01"));
        // The instant a day begins is midnight in Beijing.
        assert_eq!(
            crate::exam::clock::format_cst(date("2026-12-07").start_ms()),
            "2026-12-07 00:00"
        );
        assert_eq!(
            CivilDate::of_instant(date("2026-12-07").start_ms() - 1),
            date("2026-12-06")
        );
    }

    fn date(text: &str) -> CivilDate {
        CivilDate::parse(text).unwrap()
    }

    // 2025-09-26 09:00 China Standard Time = 01:00 UTC = 1_758_848_400 s after the epoch.
    const APPOINTED: i64 = 1_758_848_400_000;

    #[test]
    fn names_round_trip() {
        for b in NominatingBody::ALL {
            assert_eq!(NominatingBody::parse(b.as_str()), Some(b));
        }
        for g in ExemptionGround::ALL {
            assert_eq!(ExemptionGround::parse(g.as_str()), Some(g));
        }
        for p in FailurePolicy::ALL {
            assert_eq!(FailurePolicy::parse(p.as_str()), Some(p));
        }
        for s in Statement::ALL {
            assert_eq!(Statement::parse(s.as_str()), Some(s));
        }
        for f in OathForm::ALL {
            assert_eq!(OathForm::parse(f.as_str()), Some(f));
        }
        for f in ReportForm::ALL {
            assert_eq!(ReportForm::parse(f.as_str()), Some(f));
        }
        for s in Satisfaction::ALL {
            assert_eq!(Satisfaction::parse(s.as_str()), Some(s));
        }
        assert_eq!(OathTextVersion::parse("2018"), Some(OathTextVersion::V2018));
        assert_eq!(NominatingBody::parse("council"), None);
    }

    fn attempt(passed: bool, finished_at: i64, published: bool) -> ExamAttempt {
        ExamAttempt {
            passed,
            finished_at,
            published,
        }
    }

    #[test]
    fn standing_counts_published_failures_against_one_retake() {
        let standing = |attempts: &[ExamAttempt]| ExamStanding::compute(attempts, &[], 1_000, 1);
        assert_eq!(standing(&[]), ExamStanding::NotYetSat);
        // An unpublished failure does not count yet.
        assert_eq!(
            standing(&[attempt(false, 10, false)]),
            ExamStanding::NotYetSat
        );
        // One failure of two allowed attempts (1 + 1 retake): one left.
        assert_eq!(
            standing(&[attempt(false, 10, true)]),
            ExamStanding::RetakeAllowed {
                failures: 1,
                left: 1
            }
        );
        // The retake failed too: 2 failures ≥ 2 attempts allowed.
        let twice = [attempt(false, 10, true), attempt(false, 20, true)];
        assert_eq!(
            standing(&twice),
            ExamStanding::RetakesExhausted { failures: 2 }
        );
        // With two retakes allowed (3 attempts), the same two failures leave one.
        assert_eq!(
            ExamStanding::compute(&twice, &[], 1_000, 2),
            ExamStanding::RetakeAllowed {
                failures: 2,
                left: 1
            }
        );
    }

    #[test]
    fn a_pass_counts_until_it_lapses_and_a_new_term_counts_afresh() {
        let passes = [
            PassValidity { valid_until: 500 },
            PassValidity { valid_until: 900 },
        ];
        let failed_first = [attempt(false, 10, true), attempt(true, 20, true)];
        // Before 900 the later pass counts, whatever failed before it.
        assert_eq!(
            ExamStanding::compute(&failed_first, &passes, 800, 1),
            ExamStanding::Passed { valid_until: 900 }
        );
        // After 900 both lapsed; the failure at 10 belongs to the old term.
        assert_eq!(
            ExamStanding::compute(&failed_first, &passes, 901, 1),
            ExamStanding::PassExpired { expired_at: 900 }
        );
        // A failure in the new term (at 950) is the first of the new count.
        let new_term = [attempt(false, 10, true), attempt(false, 950, true)];
        assert_eq!(
            ExamStanding::compute(&new_term, &passes, 1_000, 1),
            ExamStanding::RetakeAllowed {
                failures: 1,
                left: 1
            }
        );
    }

    fn exemption(ground: ExemptionGround, basis: &str, approver: &str) -> Exemption {
        Exemption {
            ground,
            basis: basis.into(),
            approver: approver.into(),
        }
    }

    #[test]
    fn an_exemption_names_its_basis_and_approver() {
        let e = |b, a| exemption(ExemptionGround::Other, b, a).validate();
        assert_eq!(e(" ", ""), Err(ExemptionError::MissingBoth));
        assert_eq!(e("", "张三"), Err(ExemptionError::MissingBasis));
        assert_eq!(e("主任会议决定", " "), Err(ExemptionError::MissingApprover));
        assert_eq!(e("主任会议决定", "张三"), Ok(()));
        assert!(ExemptionError::MissingApprover.en().contains("approved"));
        assert!(!ExemptionGround::LegalQualification.covers_full_exam());
        assert!(ExemptionGround::LegalQualification.allowed_for(NominatingBody::Court));
        assert!(!ExemptionGround::LegalQualification.allowed_for(NominatingBody::Government));
    }

    #[test]
    fn the_gate_opens_on_a_pass_or_a_full_exemption_only() {
        let block = FailurePolicy::Block;
        let passed = ExamStanding::Passed { valid_until: 900 };
        let transfer = exemption(ExemptionGround::InternalTransfer, "同级转任", "李四");
        let legal = exemption(ExemptionGround::LegalQualification, "A证", "李四");
        assert_eq!(
            agenda_gate(passed, None, block),
            Ok(GateOk::Passed {
                valid_until: 900,
                specialist_exempt: None
            })
        );
        assert_eq!(
            agenda_gate(ExamStanding::NotYetSat, Some(&transfer), block),
            Ok(GateOk::Exempted {
                ground: ExemptionGround::InternalTransfer
            })
        );
        // The legal qualification exempts the specialist part only: a pass is still needed.
        assert_eq!(
            agenda_gate(ExamStanding::NotYetSat, Some(&legal), block),
            Err(GateRefusal::NoPass)
        );
        assert_eq!(
            agenda_gate(passed, Some(&legal), block),
            Ok(GateOk::Passed {
                valid_until: 900,
                specialist_exempt: Some(ExemptionGround::LegalQualification)
            })
        );
        // An incomplete exemption is refused even where a pass would do.
        let unsigned = exemption(ExemptionGround::InternalTransfer, "同级转任", "");
        assert_eq!(
            agenda_gate(passed, Some(&unsigned), block),
            Err(GateRefusal::InvalidExemption(
                ExemptionError::MissingApprover
            ))
        );
    }

    #[test]
    fn refusals_say_why_and_what_follows() {
        let retake = ExamStanding::RetakeAllowed {
            failures: 1,
            left: 1,
        };
        let err = agenda_gate(retake, None, FailurePolicy::Block).unwrap_err();
        assert!(err.zh().contains("尚可补考1次"), "{}", err.zh());
        assert!(err.en().contains("retake 1 more"));

        let exhausted = ExamStanding::RetakesExhausted { failures: 2 };
        let err = agenda_gate(exhausted, None, FailurePolicy::Block).unwrap_err();
        assert!(
            err.zh().ends_with("不得提请人大常委会会议审议"),
            "{}",
            err.zh()
        );
        let err = agenda_gate(exhausted, None, FailurePolicy::Withdraw).unwrap_err();
        assert!(err.zh().ends_with("应撤回提请任命"));
        assert!(err.en().ends_with("withdrawn"));

        // Lapsed at 2025-09-26 09:00 CST: shown as that day.
        let expired = ExamStanding::PassExpired {
            expired_at: APPOINTED,
        };
        let err = agenda_gate(expired, None, FailurePolicy::Defer).unwrap_err();
        assert!(err.zh().contains("已于2025-09-26失效"), "{}", err.zh());
    }

    #[test]
    fn a_nominee_needs_more_than_half_of_all_members() {
        let vote = |for_, against, abstain, members| VoteTally {
            for_,
            against,
            abstain,
            members,
        };
        // 41 members: half is 20.5, so 21 for (42 > 41) appoints and 20 (40 ≤ 41) does not,
        // even with only 5 against: absent members count as not for.
        assert!(appointed(&vote(21, 10, 5, 41)));
        assert!(!appointed(&vote(20, 5, 0, 41)));
        // 40 members: exactly half (20) is not more than half.
        assert!(!appointed(&vote(20, 0, 0, 40)));
        assert!(appointed(&vote(21, 0, 0, 40)));
        // 21 + 15 + 6 = 42 > 41 members: invalid, and appoints nobody.
        assert_eq!(
            vote(21, 15, 6, 41).validate(),
            Err(TallyError::TooMany {
                cast: 42,
                members: 41
            })
        );
        assert!(!appointed(&vote(21, 15, 6, 41)));
        assert_eq!(vote(-1, 0, 0, 41).validate(), Err(TallyError::Negative));
        assert_eq!(vote(0, 0, 0, 0).validate(), Err(TallyError::NoMembers));
    }

    #[test]
    fn dates_tallies_and_statistics_hold_at_the_extremes() {
        for year in [i32::MAX, i32::MIN, 10_000, 1899, 0, -1] {
            assert_eq!(CivilDate::new(year, 1, 1), None, "{year}");
            assert_eq!(CivilDate::parse(&format!("{year}-01-01")), None, "{year}");
        }
        assert_eq!(CivilDate::parse("99999999999-01-01"), None);
        let last = CivilDate::new(9999, 12, 31).expect("in range");
        assert!(last.start_ms() > CivilDate::new(1900, 1, 1).expect("in range").start_ms());
        // A date made some other way (deserialized) still cannot overflow.
        let wild = CivilDate {
            year: i32::MAX,
            month: 12,
            day: 31,
        };
        let _ = (wild.start_ms(), wild.plus_days(i64::MAX), wild.weekday());
        let _ = CivilDate::of_instant(i64::MAX);
        let _ = CivilDate::of_instant(i64::MIN);
        let _ = oath_due(i64::MAX, 60, &[], &[]);
        let _ = oath_warning(None, last, i64::MIN);

        let tally = VoteTally {
            for_: i64::MAX,
            against: i64::MAX,
            abstain: i64::MAX,
            members: i64::MAX,
        };
        assert!(tally.validate().is_err());
        assert!(!appointed(&tally));
        let counts = SatisfactionCounts {
            satisfied: i64::MAX,
            basically_satisfied: i64::MAX,
            dissatisfied: 1,
            members: i64::MAX,
        };
        assert!(counts.evaluate(&SatisfactionRule::default()).is_err());
        let huge = YearStats {
            reports: i64::MAX,
            ..YearStats::default()
        };
        assert_eq!((huge + huge).reports, i64::MAX);
    }

    #[test]
    fn civil_dates_round_trip_and_know_their_weekday() {
        assert_eq!(date("1970-01-01").days(), 0);
        assert_eq!(date("1970-01-01").weekday(), 4); // Thursday
                                                     // 2000-03-01 is day 11_017: 30 years of 365 days (10_950) + 7 leap days
                                                     // (72, 76, 80, 84, 88, 92, 96) + 31 (Jan) + 29 (Feb 2000, a leap year).
        assert_eq!(date("2000-03-01").days(), 11_017);
        assert_eq!(CivilDate::from_days(11_016), date("2000-02-29"));
        assert_eq!(date("2025-09-26").weekday(), 5); // Friday
        assert_eq!(date("2025-10-23").to_string(), "2025-10-23");
        assert_eq!(CivilDate::parse("2025-02-29"), None);
        assert_eq!(CivilDate::parse("2025-13-01"), None);
        // 2025-09-25 16:30 UTC is 00:30 on the 26th in Beijing.
        assert_eq!(CivilDate::of_instant(1_758_817_800_000), date("2025-09-26"));
        assert_eq!(
            CivilDate::of_instant(date("2025-09-26").start_ms() - 1),
            date("2025-09-25")
        );
    }

    #[test]
    fn the_oath_is_due_on_the_fifteenth_working_day_after_appointment() {
        // Appointed Friday 2025-09-26. 2025's National Day holiday: 10-01 to 10-08 off,
        // Sunday 09-28 and Saturday 10-11 worked instead (调休上班). Counting from the next day:
        // 09-28 (1), 09-29 (2), 09-30 (3), holiday, 10-09 (4), 10-10 (5), 10-11 (6),
        // 10-13..17 (7–11), 10-20 (12), 10-21 (13), 10-22 (14), 10-23 (15).
        let holidays: Vec<_> = (1..=8).map(|d| date(&format!("2025-10-0{d}"))).collect();
        let make_up = [date("2025-09-28"), date("2025-10-11")];
        assert_eq!(
            oath_due(APPOINTED, 15, &holidays, &make_up),
            date("2025-10-23")
        );
        // With no holiday calendar: 09-29..10-03 (1–5), 10-06..10 (6–10), 10-13..17 (11–15).
        assert_eq!(oath_due(APPOINTED, 15, &[], &[]), date("2025-10-17"));
        assert_eq!(oath_due(APPOINTED, 0, &[], &[]), date("2025-09-26"));
        assert_eq!(OathTextVersion::default().text(), OATH_TEXT_2018);
        assert!(OATH_TEXT_2018.starts_with("我宣誓：忠于中华人民共和国宪法"));
    }

    #[test]
    fn the_oath_warning_counts_calendar_days_to_and_past_the_due_day() {
        let due = date("2025-10-23");
        let at = |d: &str| date(d).start_ms() + 10 * 60 * crate::exam::clock::MINUTE_MS; // 10:00 CST that day
        assert_eq!(
            oath_warning(None, due, at("2025-10-20")),
            OathStatus::Pending { days_left: 3 }
        );
        assert_eq!(
            oath_warning(None, due, at("2025-10-23")),
            OathStatus::Pending { days_left: 0 }
        );
        let late = oath_warning(None, due, at("2025-10-25"));
        assert_eq!(late, OathStatus::Overdue { days_late: 2 });
        assert!(late.is_warning());
        assert_eq!(
            oath_warning(Some(at("2025-10-23")), due, at("2025-11-01")),
            OathStatus::Sworn { on_time: true }
        );
        assert_eq!(
            oath_warning(Some(at("2025-10-24")), due, at("2025-11-01")),
            OathStatus::Sworn { on_time: false }
        );
    }

    #[test]
    fn satisfaction_follows_the_configured_shares() {
        let counts = |satisfied, basically_satisfied, dissatisfied| SatisfactionCounts {
            satisfied,
            basically_satisfied,
            dissatisfied,
            members: 40,
        };
        let rule = SatisfactionRule::default();
        // 40 members, half is 20. 21 不满意 (2100 > 50 × 40 = 2000): 不满意.
        let result = counts(10, 5, 21).evaluate(&rule).unwrap();
        assert_eq!(result, Satisfaction::Dissatisfied);
        assert!(result.needs_follow_up());
        // Exactly 20 不满意 is not more than half; 满意 10 is not either: 基本满意.
        assert_eq!(
            counts(10, 5, 20).evaluate(&rule),
            Ok(Satisfaction::BasicallySatisfied)
        );
        // 21 满意 (2100 > 2000): 满意.
        assert_eq!(
            counts(21, 10, 5).evaluate(&rule),
            Ok(Satisfaction::Satisfied)
        );
        // Of the 30 votes cast instead, 16 不满意 exceeds half (1600 > 1500).
        let cast = SatisfactionRule {
            base: SatisfactionBase::VotesCast,
            ..rule
        };
        assert_eq!(
            counts(10, 4, 16).evaluate(&cast),
            Ok(Satisfaction::Dissatisfied)
        );
        assert_eq!(
            counts(10, 4, 16).evaluate(&rule),
            Ok(Satisfaction::BasicallySatisfied)
        );
        assert_eq!(
            counts(30, 10, 1).evaluate(&rule),
            Err(TallyError::TooMany {
                cast: 41,
                members: 40
            })
        );
    }

    #[test]
    fn the_city_figures_are_the_sum_of_the_districts() {
        let mut a = YearStats {
            sittings_held: 2,
            nominees_sat: 30,
            nominees_passed: 28,
            appointments: 25,
            statements: 10,
            oaths: 25,
            reports: 4,
            ..YearStats::default()
        };
        a.count_result(Satisfaction::Satisfied);
        a.count_result(Satisfaction::Satisfied);
        a.count_result(Satisfaction::BasicallySatisfied);
        a.count_result(Satisfaction::Dissatisfied);
        let b = YearStats {
            sittings_held: 1,
            nominees_sat: 12,
            nominees_passed: 11,
            appointments: 11,
            statements: 3,
            oaths: 9,
            reports: 1,
            satisfied: 1,
            ..YearStats::default()
        };
        let city = roll_up(&[a, b, YearStats::default()]);
        // 2 + 1 = 3 sittings, 30 + 12 = 42 sat, 28 + 11 = 39 passed, 25 + 11 = 36
        // appointments, 10 + 3 = 13 statements, 25 + 9 = 34 oaths, 4 + 1 = 5 reports,
        // 2 + 1 = 3 满意, 1 基本满意, 1 不满意.
        let expected = YearStats {
            sittings_held: 3,
            nominees_sat: 42,
            nominees_passed: 39,
            appointments: 36,
            statements: 13,
            oaths: 34,
            reports: 5,
            satisfied: 3,
            basically_satisfied: 1,
            dissatisfied: 1,
        };
        assert_eq!(city, expected);
        let mut sum = a;
        sum += b;
        assert_eq!(sum, expected);
        assert_eq!(roll_up(&[]), YearStats::default());
    }
}

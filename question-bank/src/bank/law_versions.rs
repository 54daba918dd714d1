//! Law versions: a newer text of a law, compared article by article with the one the bank's
//! questions were written against, so that every question citing a changed, renumbered or
//! removed article is held for review (待复核) until a person confirms or revises it.
//!
//! Articles are matched by their wording, not by their number: the longest common
//! subsequence of the two texts' article bodies (the text after `第X条`) pairs the articles
//! that kept their wording; one that kept it under another number is
//! [`ArticleChange::Renumbered`] (a question citing the old number now cites the wrong
//! article). Between two such anchors the remaining articles pair up in order as
//! [`ArticleChange::Changed`]; those left over were removed or added.

use serde::{Deserialize, Serialize};

use crate::bank::laws::{self, is_version_date};
use crate::bank::statutes::articles;

/// The largest statute text accepted (the longest shipped text, the Civil Procedure Law, is
/// about 0.2 MB).
pub const MAX_TEXT_BYTES: usize = 2 * 1024 * 1024;

/// The most articles a text may have (the longest shipped law has 308).
pub const MAX_ARTICLES: usize = 2_000;

/// How one article differs between two texts of a law. Numbers are 1-based article numbers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ArticleChange {
    /// The article's wording changed (it may also have moved: `old` ≠ `new`).
    Changed { old: u16, new: u16 },
    /// The same wording under another number.
    Renumbered { old: u16, new: u16 },
    /// The article is gone.
    Removed { old: u16 },
    /// A new article; no question can cite it yet.
    Added { new: u16 },
}

impl ArticleChange {
    /// The old article's number, when a question citing it must be reviewed: every change
    /// but an added article.
    pub fn needs_review(&self) -> Option<u16> {
        match *self {
            Self::Changed { old, .. } | Self::Renumbered { old, .. } | Self::Removed { old } => {
                Some(old)
            }
            Self::Added { .. } => None,
        }
    }

    /// Where the old article's rule is now, if anywhere.
    pub fn new_article(&self) -> Option<u16> {
        match *self {
            Self::Changed { new, .. } | Self::Renumbered { new, .. } | Self::Added { new } => {
                Some(new)
            }
            Self::Removed { .. } => None,
        }
    }
}

/// The article-by-article changes from `old` to `new` (both in the shipped statute format),
/// in the order of the new text.
pub fn statute_changes(old: &str, new: &str) -> Vec<ArticleChange> {
    let old: Vec<String> = articles(old).map(|a| body(&a)).collect();
    let new: Vec<String> = articles(new).map(|a| body(&a)).collect();
    let (n, m) = (old.len(), new.len());
    // common[i][j]: the longest common subsequence of old[i..] and new[j..].
    let mut common = vec![vec![0u32; m + 1]; n + 1];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            common[i][j] = if old[i] == new[j] {
                common[i + 1][j + 1] + 1
            } else {
                common[i + 1][j].max(common[i][j + 1])
            };
        }
    }
    let mut changes = Vec::new();
    let (mut gap_old, mut gap_new) = (Vec::new(), Vec::new());
    let (mut i, mut j) = (0, 0);
    while i < n || j < m {
        if i < n && j < m && old[i] == new[j] {
            close_gap(&mut gap_old, &mut gap_new, &mut changes);
            if i != j {
                changes.push(ArticleChange::Renumbered {
                    old: number(i),
                    new: number(j),
                });
            }
            i += 1;
            j += 1;
        } else if j < m && (i == n || common[i][j + 1] >= common[i + 1][j]) {
            gap_new.push(j);
            j += 1;
        } else {
            gap_old.push(i);
            i += 1;
        }
    }
    close_gap(&mut gap_old, &mut gap_new, &mut changes);
    changes
}

/// Pairs the unmatched articles between two anchors in order; the rest were removed or added.
fn close_gap(old: &mut Vec<usize>, new: &mut Vec<usize>, changes: &mut Vec<ArticleChange>) {
    for k in 0..old.len().max(new.len()) {
        changes.push(match (old.get(k), new.get(k)) {
            (Some(&o), Some(&n)) => ArticleChange::Changed {
                old: number(o),
                new: number(n),
            },
            (Some(&o), None) => ArticleChange::Removed { old: number(o) },
            (None, Some(&n)) => ArticleChange::Added { new: number(n) },
            (None, None) => unreachable!("k is below the longer length"),
        });
    }
    old.clear();
    new.clear();
}

/// The 1-based number of the article at `index` (texts are bounded by [`MAX_ARTICLES`]).
fn number(index: usize) -> u16 {
    u16::try_from(index + 1).unwrap_or(u16::MAX)
}

/// An article's wording without its `第X条` heading, paragraphs joined by newlines.
fn body(paragraphs: &[&str]) -> String {
    let mut text = paragraphs.join("\n");
    if let Some(end) = text.find('条') {
        text.replace_range(..end + '条'.len_utf8(), "");
    }
    text.trim().to_owned()
}

/// Article `article` (1-based) of `text`, its paragraphs joined by newlines.
pub fn article_text(text: &str, article: u16) -> Option<String> {
    let index = usize::from(article).checked_sub(1)?;
    articles(text).nth(index).map(|a| a.join("\n"))
}

/// The value of a Chinese article numeral (`一百零八` → 108); `None` for anything else.
fn numeral_value(numeral: &str) -> Option<usize> {
    let (mut total, mut digit) = (0usize, 0usize);
    for c in numeral.chars() {
        match c {
            '零' => {}
            '一' | '二' | '三' | '四' | '五' | '六' | '七' | '八' | '九' => {
                digit = "一二三四五六七八九".chars().position(|d| d == c)? + 1;
            }
            '十' => total += digit.max(1) * 10,
            '百' => total += digit * 100,
            '千' => total += digit * 1000,
            _ => return None,
        }
        if matches!(c, '十' | '百' | '千') {
            digit = 0;
        }
    }
    Some(total + digit)
}

/// A newer text of a law, checked: what it changes from the current one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewText {
    /// The article-by-article changes from the current text.
    pub changes: Vec<ArticleChange>,
    /// How many articles the new text has.
    pub articles: usize,
}

/// Checks a newer text of law `law_id` dated `version` against the current text (dated
/// `current_version`): a known law, a real date later than the current one, a text in the
/// shipped format within the bounds, its articles numbered 1, 2, 3, … in order.
pub fn check_new_text(
    law_id: &str,
    current_version: &str,
    current_text: &str,
    version: &str,
    text: &str,
) -> Result<NewText, StatuteError> {
    let law = laws::find(law_id).ok_or_else(|| StatuteError::UnknownLaw(law_id.to_owned()))?;
    if !is_version_date(version) {
        return Err(StatuteError::BadVersion(version.chars().take(20).collect()));
    }
    if version <= current_version {
        return Err(StatuteError::NotNewer {
            law: law.name,
            current: current_version.to_owned(),
        });
    }
    if text.len() > MAX_TEXT_BYTES {
        return Err(StatuteError::TooLarge);
    }
    let mut count = 0;
    for (index, article) in articles(text).enumerate() {
        if index >= MAX_ARTICLES {
            return Err(StatuteError::TooLarge);
        }
        let heading = article[0].strip_prefix('第').unwrap_or_default();
        let numeral = heading.split('条').next().unwrap_or_default();
        if numeral_value(numeral) != Some(index + 1) {
            return Err(StatuteError::Numbering {
                expected: index + 1,
                found: article[0].chars().take(12).collect(),
            });
        }
        count += 1;
    }
    if count == 0 {
        return Err(StatuteError::NoArticles);
    }
    Ok(NewText {
        changes: statute_changes(current_text, text),
        articles: count,
    })
}

/// Why a statute text was refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StatuteError {
    /// Not one of [`laws::LAWS`].
    UnknownLaw(String),
    /// Not a date `YYYY-MM-DD`.
    BadVersion(String),
    /// Not later than the version in force.
    NotNewer { law: &'static str, current: String },
    /// Over [`MAX_TEXT_BYTES`] or [`MAX_ARTICLES`].
    TooLarge,
    /// No line beginning `第X条 `.
    NoArticles,
    /// Articles out of order, or a number skipped.
    Numbering { expected: usize, found: String },
}

impl crate::Bilingual for StatuteError {
    fn zh(&self) -> String {
        match self {
            Self::UnknownLaw(id) => format!("法律“{id}”不在本系统的法律库中。"),
            Self::BadVersion(v) => format!("版本日期“{v}”无效，请按“2025-03-11”的格式填写。"),
            Self::NotNewer { law, current } => {
                format!("{law}现行文本为{current}版，新文本的版本日期须晚于该日期。")
            }
            Self::TooLarge => format!(
                "文本过长：不得超过{}MB、{MAX_ARTICLES}条。",
                MAX_TEXT_BYTES / (1024 * 1024)
            ),
            Self::NoArticles => {
                "文本中没有以“第X条 ”开头的条文，格式应与系统自带的法律文本相同。".into()
            }
            Self::Numbering { expected, found } => {
                format!("条文序号不连续：第{expected}个条文应为第{expected}条，实为“{found}”。")
            }
        }
    }

    fn en(&self) -> String {
        match self {
            Self::UnknownLaw(id) => {
                format!("The law \"{id}\" is not in the project's statute library.")
            }
            Self::BadVersion(v) => {
                format!("The version date \"{v}\" is not valid; write it as 2025-03-11.")
            }
            Self::NotNewer { law, current } => format!(
                "The text of {law} in force is the {current} version; a new text must be dated later."
            ),
            Self::TooLarge => format!(
                "The text is too long: at most {} MB and {MAX_ARTICLES} articles.",
                MAX_TEXT_BYTES / (1024 * 1024)
            ),
            Self::NoArticles => "The text has no article beginning \"第X条 \"; use the format of the shipped statute texts.".into(),
            Self::Numbering { expected, found } => format!(
                "The articles are not numbered in order: article {expected} is \"{found}\"."
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::ArticleChange::*;
    use super::*;
    use crate::bank::statutes::text;

    /// The Supervision Law of Standing Committees as shipped, edited by `edit`.
    fn edited(edit: impl FnOnce(&mut Vec<String>)) -> (String, String) {
        let old = text("supervision-by-standing-committees-law")
            .expect("shipped")
            .to_owned();
        let mut lines: Vec<String> = old.lines().map(str::to_owned).collect();
        edit(&mut lines);
        (old, lines.join("\n"))
    }

    fn line_of(lines: &[String], heading: &str) -> usize {
        lines
            .iter()
            .position(|l| l.starts_with(heading))
            .unwrap_or_else(|| panic!("no {heading}"))
    }

    /// Renumbers every article heading from `from` on by `by` (the way an amendment does).
    fn renumber(lines: &mut [String], from: usize, by: isize) {
        let mut index = 0;
        for line in lines.iter_mut() {
            if crate::bank::statutes::is_article_start(line) {
                index += 1;
                if index >= from {
                    let rest = line.split_once('条').expect("heading").1.to_owned();
                    let n = (index as isize + by) as usize;
                    *line = format!("第{}条{rest}", chinese(n));
                }
            }
        }
    }

    fn chinese(n: usize) -> String {
        const D: [&str; 10] = ["", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
        match n {
            1..=9 => D[n].to_owned(),
            10..=19 => format!("十{}", D[n % 10]),
            20..=99 => format!("{}十{}", D[n / 10], D[n % 10]),
            _ => unimplemented!("the test law has 65 articles"),
        }
    }

    #[test]
    fn the_same_text_has_no_changes() {
        let (old, new) = edited(|_| {});
        assert_eq!(statute_changes(&old, &new), Vec::new());
    }

    #[test]
    fn an_edited_article_is_changed_and_nothing_else() {
        let (old, new) = edited(|lines| {
            let at = line_of(lines, "第十条 ");
            lines[at] = lines[at].replace("常务委员会", "常委会");
        });
        assert_eq!(
            statute_changes(&old, &new),
            vec![Changed { old: 10, new: 10 }]
        );
    }

    #[test]
    fn a_removed_article_renumbers_the_ones_after_it() {
        let (old, new) = edited(|lines| {
            let at = line_of(lines, "第六十四条 ");
            lines.remove(at);
            renumber(lines, 64, -1);
        });
        assert_eq!(
            statute_changes(&old, &new),
            vec![Removed { old: 64 }, Renumbered { old: 65, new: 64 }]
        );
    }

    #[test]
    fn an_added_article_renumbers_the_ones_after_it_and_needs_no_review() {
        let (old, new) = edited(|lines| {
            let at = line_of(lines, "第六十四条 ");
            lines.insert(at, "第六十四条 新增加的一条规定。".into());
            renumber(lines, 65, 1);
        });
        let changes = statute_changes(&old, &new);
        assert_eq!(
            changes,
            vec![
                Added { new: 64 },
                Renumbered { old: 64, new: 65 },
                Renumbered { old: 65, new: 66 }
            ]
        );
        let review: Vec<u16> = changes
            .iter()
            .filter_map(ArticleChange::needs_review)
            .collect();
        assert_eq!(review, vec![64, 65]);
    }

    #[test]
    fn an_edit_a_removal_and_an_addition_together() {
        let (old, new) = edited(|lines| {
            let at = line_of(lines, "第三条 ");
            lines[at].push_str("（修改）");
            let at = line_of(lines, "第二十条 ");
            lines.remove(at);
            let at = line_of(lines, "第六十五条 ");
            lines.insert(at + 1, "第六十六条 本法自公布之日起施行（新）。".into());
            renumber(lines, 20, -1);
        });
        let changes = statute_changes(&old, &new);
        assert_eq!(changes[0], Changed { old: 3, new: 3 });
        assert_eq!(changes[1], Removed { old: 20 });
        assert_eq!(changes[2], Renumbered { old: 21, new: 20 });
        assert_eq!(changes.last(), Some(&Added { new: 65 }));
        assert_eq!(changes.len(), 2 + 45 + 1, "{changes:?}");
    }

    #[test]
    fn a_new_text_must_be_newer_numbered_and_of_a_known_law() {
        let law = "supervision-by-standing-committees-law";
        let (old, new) = edited(|lines| {
            let at = line_of(lines, "第十条 ");
            lines[at].push('改');
        });
        let checked = check_new_text(law, "2024-11-08", &old, "2026-01-01", &new).expect("ok");
        assert_eq!(checked.articles, 65);
        assert_eq!(checked.changes, vec![Changed { old: 10, new: 10 }]);
        assert_eq!(
            check_new_text(law, "2024-11-08", &old, "2024-11-08", &new),
            Err(StatuteError::NotNewer {
                law: "监督法",
                current: "2024-11-08".into()
            })
        );
        for bad in ["2026-02-30", "2026-1-01", "20260101", "明年"] {
            assert!(matches!(
                check_new_text(law, "2024-11-08", &old, bad, &new),
                Err(StatuteError::BadVersion(_))
            ));
        }
        assert_eq!(
            check_new_text("tax-law", "2024-11-08", &old, "2026-01-01", &new),
            Err(StatuteError::UnknownLaw("tax-law".into()))
        );
        assert_eq!(
            check_new_text(law, "2024-11-08", &old, "2026-01-01", "# 无条文"),
            Err(StatuteError::NoArticles)
        );
        let (_, skipped) = edited(|lines| {
            let at = line_of(lines, "第二十条 ");
            lines.remove(at);
        });
        assert!(matches!(
            check_new_text(law, "2024-11-08", &old, "2026-01-01", &skipped),
            Err(StatuteError::Numbering { expected: 20, .. })
        ));
    }

    #[test]
    fn every_shipped_text_is_numbered_in_order_and_dated() {
        for law in laws::LAWS {
            assert!(is_version_date(law.version), "{}", law.id);
            let shipped = text(law.id).expect("text");
            let checked = check_new_text(law.id, "1900-01-01", shipped, "2100-01-01", shipped)
                .unwrap_or_else(|e| panic!("{}: {e:?}", law.id));
            assert_eq!(checked.articles, usize::from(law.articles));
            assert!(checked.changes.is_empty());
        }
        assert_eq!(numeral_value("一百零八"), Some(108));
        assert_eq!(numeral_value("三百零八"), Some(308));
        assert_eq!(numeral_value("十"), Some(10));
        assert_eq!(numeral_value("二十"), Some(20));
        assert_eq!(numeral_value("条"), None);
    }
}

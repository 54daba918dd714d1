//! The statute texts the exam covers (`statutes/*.md`, copies of `shared/laws/`; laws are
//! outside copyright), so a candidate who has answered a practice question, or whose
//! results are published, can read the article it cites.
//!
//! Format: one paragraph per article beginning `第X条 ` (Chinese numerals); an article's
//! further paragraphs follow until the next article or heading.

/// The whole text of a law by its id, if the project has it.
pub fn text(law: &str) -> Option<&'static str> {
    Some(match law {
        "administrative-compulsion-law" => {
            include_str!("../../statutes/administrative-compulsion-law.md")
        }
        "administrative-licensing-law" => {
            include_str!("../../statutes/administrative-licensing-law.md")
        }
        "administrative-litigation-law" => {
            include_str!("../../statutes/administrative-litigation-law.md")
        }
        "administrative-penalty-law" => {
            include_str!("../../statutes/administrative-penalty-law.md")
        }
        "administrative-reconsideration-law" => {
            include_str!("../../statutes/administrative-reconsideration-law.md")
        }
        "budget-law" => include_str!("../../statutes/budget-law.md"),
        "chongqing-appointment-regulation" => {
            include_str!("../../statutes/chongqing-appointment-regulation.md")
        }
        "chongqing-oath-measures" => include_str!("../../statutes/chongqing-oath-measures.md"),
        "civil-servants-law" => include_str!("../../statutes/civil-servants-law.md"),
        "constitution" => include_str!("../../statutes/constitution.md"),
        "deputies-law" => include_str!("../../statutes/deputies-law.md"),
        "electoral-law" => include_str!("../../statutes/electoral-law.md"),
        "judges-law" => include_str!("../../statutes/judges-law.md"),
        "legislation-law" => include_str!("../../statutes/legislation-law.md"),
        "local-organic-law" => include_str!("../../statutes/local-organic-law.md"),
        "peoples-courts-organic-law" => {
            include_str!("../../statutes/peoples-courts-organic-law.md")
        }
        "peoples-procuratorates-organic-law" => {
            include_str!("../../statutes/peoples-procuratorates-organic-law.md")
        }
        "procurators-law" => include_str!("../../statutes/procurators-law.md"),
        "public-officials-sanctions-law" => {
            include_str!("../../statutes/public-officials-sanctions-law.md")
        }
        "state-compensation-law" => include_str!("../../statutes/state-compensation-law.md"),
        "supervision-by-standing-committees-law" => {
            include_str!("../../statutes/supervision-by-standing-committees-law.md")
        }
        "supervision-law" => include_str!("../../statutes/supervision-law.md"),
        "supervisors-law" => include_str!("../../statutes/supervisors-law.md"),
        "npc-organic-law" => include_str!("../../statutes/npc-organic-law.md"),
        "npc-procedure-rules" => include_str!("../../statutes/npc-procedure-rules.md"),
        "npcsc-procedure-rules" => include_str!("../../statutes/npcsc-procedure-rules.md"),
        "state-council-organic-law" => include_str!("../../statutes/state-council-organic-law.md"),
        "people-assessors-law" => include_str!("../../statutes/people-assessors-law.md"),
        "criminal-procedure-law" => include_str!("../../statutes/criminal-procedure-law.md"),
        "civil-procedure-law" => include_str!("../../statutes/civil-procedure-law.md"),
        "state-secrets-law" => include_str!("../../statutes/state-secrets-law.md"),
        "national-security-law" => include_str!("../../statutes/national-security-law.md"),
        "chongqing-npcsc-procedure-rules" => {
            include_str!("../../statutes/chongqing-npcsc-procedure-rules.md")
        }
        _ => return None,
    })
}

/// Earlier texts a release keeps after bringing a newer one: (law id, version, text).
///
/// When a law is amended, its file in `statutes/` takes the new text and `laws::LAWS` its new
/// version; the text it replaces moves to `statutes/earlier/<id>-<version>.md` and is listed
/// here, so that every database upgraded to the release compares the two article by article
/// at start and holds for review only the questions citing what changed (without it, every
/// question on that law is held). Empty while every shipped text is the first this project
/// shipped.
pub const EARLIER: &[(&str, &str, &str)] = &[];

/// Article `article` (1-based) of `law`: its paragraphs, the first beginning `第X条`.
pub fn article(law: &str, article: u16) -> Option<Vec<&'static str>> {
    let index = usize::from(article).checked_sub(1)?;
    let mut articles = articles(text(law)?);
    articles.nth(index)
}

/// Every article of a text, in order, as its paragraphs.
pub fn articles(text: &str) -> impl Iterator<Item = Vec<&str>> {
    let mut current: Option<Vec<&str>> = None;
    let mut lines = text.lines();
    std::iter::from_fn(move || loop {
        let Some(line) = lines.next() else {
            return current.take();
        };
        let line = line.trim();
        if is_article_start(line) {
            if let Some(done) = current.replace(vec![line]) {
                return Some(done);
            }
        } else if line.starts_with('#') || line.starts_with("<!--") {
            if let Some(done) = current.take() {
                return Some(done);
            }
        } else if !line.is_empty() {
            if let Some(paragraphs) = current.as_mut() {
                paragraphs.push(line);
            }
        }
    })
}

/// Whether a line begins an article: `第` + Chinese numerals + `条` + a space.
pub fn is_article_start(line: &str) -> bool {
    let Some(rest) = line.strip_prefix('第') else {
        return false;
    };
    let numeral: String = rest
        .chars()
        .take_while(|c| "零一二三四五六七八九十百千".contains(*c))
        .collect();
    !numeral.is_empty()
        && rest[numeral.len()..].starts_with('条')
        && rest[numeral.len() + '条'.len_utf8()..].starts_with([' ', '　'])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bank::laws::LAWS;

    #[test]
    fn every_law_has_its_text_with_as_many_articles_as_the_table_says() {
        for law in LAWS {
            let text = text(law.id).unwrap_or_else(|| panic!("no text for {}", law.id));
            assert_eq!(
                articles(text).count(),
                usize::from(law.articles),
                "articles of {}",
                law.id
            );
            let last = article(law.id, law.articles).expect("last article");
            assert!(last[0].starts_with('第'), "{}: {:?}", law.id, last);
            assert_eq!(article(law.id, law.articles + 1), None);
        }
    }

    #[test]
    fn an_article_keeps_its_paragraphs_and_stops_at_the_next() {
        let first = article("constitution", 1).expect("article 1");
        assert!(first[0].starts_with("第一条 中华人民共和国是工人阶级领导的"));
        assert_eq!(first.len(), 2, "{first:?}");
        assert!(first[1].starts_with("社会主义制度是中华人民共和国的根本制度"));
        assert_eq!(article("constitution", 0), None);
        assert_eq!(text("tax-law"), None);
    }

    /// The copies here are the texts in `shared/laws/` when those are beside the checkout.
    #[test]
    fn the_copies_match_the_shared_texts() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/laws");
        if !dir.is_dir() {
            eprintln!("skipped: no statute texts at {}", dir.display());
            return;
        }
        for law in LAWS {
            let shared =
                std::fs::read_to_string(dir.join(format!("{}.md", law.id))).unwrap_or_default();
            assert_eq!(text(law.id), Some(shared.as_str()), "{} differs", law.id);
        }
    }
}

//! The laws the exam covers, as shipped in `shared/laws/`, with their article counts.
//!
//! A citation must name one of these ids and an article that exists. The counts were
//! derived from the statute texts (one paragraph per article beginning `第X条`), and
//! `statutes`' tests recount them from the texts the project ships.

use serde::{Deserialize, Serialize};

/// One law or local regulation the question bank may cite.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Law {
    /// The file stem in `shared/laws/`, e.g. `constitution`.
    pub id: &'static str,
    /// The short Chinese name.
    pub name: &'static str,
    /// How many articles the current text has.
    pub articles: u16,
    /// The date of the shipped text's version (its latest amendment, or its adoption),
    /// `YYYY-MM-DD`: the baseline that a newer text loaded later is compared with.
    pub version: &'static str,
}

/// Every law the project knows, Constitution first.
pub const LAWS: &[Law] = &[
    Law {
        id: "constitution",
        name: "宪法",
        articles: 143,
        version: "2018-03-11",
    },
    Law {
        id: "local-organic-law",
        name: "地方组织法",
        articles: 90,
        version: "2022-03-11",
    },
    Law {
        id: "supervision-by-standing-committees-law",
        name: "监督法",
        articles: 65,
        version: "2024-11-08",
    },
    Law {
        id: "deputies-law",
        name: "代表法",
        articles: 65,
        version: "2025-03-11",
    },
    Law {
        id: "electoral-law",
        name: "选举法",
        articles: 60,
        version: "2020-10-17",
    },
    Law {
        id: "supervision-law",
        name: "监察法",
        articles: 78,
        version: "2024-12-25",
    },
    Law {
        id: "legislation-law",
        name: "立法法",
        articles: 120,
        version: "2023-03-13",
    },
    Law {
        id: "civil-servants-law",
        name: "公务员法",
        articles: 113,
        version: "2018-12-29",
    },
    Law {
        id: "judges-law",
        name: "法官法",
        articles: 69,
        version: "2019-04-23",
    },
    Law {
        id: "procurators-law",
        name: "检察官法",
        articles: 70,
        version: "2019-04-23",
    },
    Law {
        id: "peoples-courts-organic-law",
        name: "人民法院组织法",
        articles: 59,
        version: "2018-10-26",
    },
    Law {
        id: "peoples-procuratorates-organic-law",
        name: "人民检察院组织法",
        articles: 53,
        version: "2018-10-26",
    },
    Law {
        id: "public-officials-sanctions-law",
        name: "公职人员政务处分法",
        articles: 68,
        version: "2020-06-20",
    },
    Law {
        id: "supervisors-law",
        name: "监察官法",
        articles: 68,
        version: "2021-08-20",
    },
    Law {
        id: "state-compensation-law",
        name: "国家赔偿法",
        articles: 42,
        version: "2012-10-26",
    },
    Law {
        id: "budget-law",
        name: "预算法",
        articles: 101,
        version: "2018-12-29",
    },
    Law {
        id: "administrative-penalty-law",
        name: "行政处罚法",
        articles: 86,
        version: "2021-01-22",
    },
    Law {
        id: "administrative-licensing-law",
        name: "行政许可法",
        articles: 83,
        version: "2019-04-23",
    },
    Law {
        id: "administrative-compulsion-law",
        name: "行政强制法",
        articles: 71,
        version: "2011-06-30",
    },
    Law {
        id: "administrative-reconsideration-law",
        name: "行政复议法",
        articles: 90,
        version: "2023-09-01",
    },
    Law {
        id: "administrative-litigation-law",
        name: "行政诉讼法",
        articles: 103,
        version: "2017-06-27",
    },
    Law {
        id: "chongqing-appointment-regulation",
        name: "重庆市人事任免工作条例",
        articles: 37,
        version: "2022-06-10",
    },
    Law {
        id: "chongqing-oath-measures",
        name: "重庆市宪法宣誓实施办法",
        articles: 13,
        version: "2018-09-29",
    },
    Law {
        id: "npc-organic-law",
        name: "全国人大组织法",
        articles: 49,
        version: "2021-03-11",
    },
    Law {
        id: "npc-procedure-rules",
        name: "全国人大议事规则",
        articles: 66,
        version: "2021-03-11",
    },
    Law {
        id: "npcsc-procedure-rules",
        name: "全国人大常委会议事规则",
        articles: 52,
        version: "2022-06-24",
    },
    Law {
        id: "state-council-organic-law",
        name: "国务院组织法",
        articles: 20,
        version: "2024-03-11",
    },
    Law {
        id: "people-assessors-law",
        name: "人民陪审员法",
        articles: 32,
        version: "2018-04-27",
    },
    Law {
        id: "criminal-procedure-law",
        name: "刑事诉讼法",
        articles: 308,
        version: "2018-10-26",
    },
    Law {
        id: "civil-procedure-law",
        name: "民事诉讼法",
        articles: 306,
        version: "2023-09-01",
    },
    Law {
        id: "state-secrets-law",
        name: "保守国家秘密法",
        articles: 65,
        version: "2024-02-27",
    },
    Law {
        id: "national-security-law",
        name: "国家安全法",
        articles: 84,
        version: "2015-07-01",
    },
    Law {
        id: "chongqing-npcsc-procedure-rules",
        name: "重庆市人大常委会议事规则",
        articles: 49,
        version: "2023-03-30",
    },
];

/// Looks a law up by its id.
pub fn find(id: &str) -> Option<&'static Law> {
    LAWS.iter().find(|law| law.id == id)
}

/// A source article: law id and article number, checked against [`LAWS`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Citation {
    law: String,
    article: u16,
    /// The paragraph (款) within the article, when the decisive sentence is not in the first.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    paragraph: Option<u16>,
}

impl Citation {
    /// Accepts a citation only if the law is known and the article exists in it.
    pub fn parse(law: &str, article: i64) -> Result<Self, CitationError> {
        let known =
            find(law.trim()).ok_or_else(|| CitationError::UnknownLaw(law.trim().to_owned()))?;
        match u16::try_from(article) {
            Ok(n) if n >= 1 && n <= known.articles => Ok(Self {
                law: known.id.to_owned(),
                article: n,
                paragraph: None,
            }),
            _ => Err(CitationError::NoSuchArticle {
                law: known.name,
                article,
                max: known.articles,
            }),
        }
    }

    /// The same citation narrowed to a paragraph (款); zero or negative is refused.
    pub fn with_paragraph(self, paragraph: Option<i64>) -> Result<Self, CitationError> {
        match paragraph {
            None => Ok(self),
            Some(p) => match u16::try_from(p) {
                Ok(p) if p >= 1 => Ok(Self {
                    paragraph: Some(p),
                    ..self
                }),
                _ => Err(CitationError::BadParagraph(p)),
            },
        }
    }

    /// The paragraph, if one is named.
    pub fn paragraph(&self) -> Option<u16> {
        self.paragraph
    }

    /// The law's id.
    pub fn law(&self) -> &str {
        &self.law
    }

    /// The article number.
    pub fn article(&self) -> u16 {
        self.article
    }

    /// "宪法第27条".
    pub fn label(&self) -> String {
        let name = find(&self.law).map_or(self.law.as_str(), |l| l.name);
        match self.paragraph {
            Some(p) => format!("{name}第{}条第{p}款", self.article),
            None => format!("{name}第{}条", self.article),
        }
    }
}

/// Why a citation was refused.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum CitationError {
    /// The law id is not one of [`LAWS`].
    #[error("法律“{0}”不在本系统的法律库中")]
    UnknownLaw(String),
    /// The article number is outside the law.
    #[error("{law}共{max}条，没有第{article}条")]
    NoSuchArticle {
        law: &'static str,
        article: i64,
        max: u16,
    },
    /// A paragraph number below 1.
    #[error("款的序号应为正整数，当前为{0}")]
    BadParagraph(i64),
}

impl crate::Bilingual for CitationError {
    fn zh(&self) -> String {
        self.to_string()
    }
    fn en(&self) -> String {
        match self {
            Self::UnknownLaw(id) => {
                format!("the law \"{id}\" is not in the project's statute library")
            }
            Self::NoSuchArticle { law, article, max } => {
                format!("{law} has {max} articles; there is no article {article}")
            }
            Self::BadParagraph(p) => {
                format!("a paragraph number must be a positive whole number; it is {p}")
            }
        }
    }
}

/// Whether `version` is a real date written `YYYY-MM-DD`, as law versions are.
pub fn is_version_date(version: &str) -> bool {
    version.len() == 10
        && crate::exam::clock::parse_cst(&format!("{version} 00:00"))
            .is_some_and(|ms| crate::exam::clock::to_cst_input(ms).starts_with(version))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_citation_must_name_a_known_law_and_an_existing_article() {
        assert_eq!(
            Citation::parse("constitution", 27).map(|c| c.label()),
            Ok("宪法第27条".to_owned())
        );
        assert!(matches!(
            Citation::parse("constitution", 144),
            Err(CitationError::NoSuchArticle { max: 143, .. })
        ));
        assert!(matches!(
            Citation::parse("constitution", 0),
            Err(CitationError::NoSuchArticle { .. })
        ));
        assert!(matches!(
            Citation::parse("tax-law", 1),
            Err(CitationError::UnknownLaw(_))
        ));
    }
}

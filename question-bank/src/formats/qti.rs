//! IMS QTI 3.0 content packages: the bank as one assessment item per question and an
//! `imsmanifest.xml`, and back.
//!
//! Each question is a `qti-assessment-item`:
//! - single and multiple choice: a `qti-choice-interaction` (options A, B, … as the choices'
//!   identifiers), the key as the correct response, scored by the standard `match_correct`
//!   template;
//! - true/false: a choice interaction with the two choices `true` (正确) and `false` (错误);
//! - short answer: a `qti-extended-text-interaction`, the reference answer as the (string)
//!   correct response, the marking points in a `qti-rubric-block` for scorers, one `<li>` each;
//! - the explanation: a `qti-rubric-block` for tutors.
//!
//! QTI items have no place for a citation, so the bank, the citation, the difficulty and the
//! tags travel where the standard puts catalogue data: the LOM metadata of the item's
//! resource in the manifest (`educational/difficulty` on LOM's five levels, `general/keyword`
//! per tag, and a `classification` whose taxon path, source `renqian`, holds the taxa `bank`,
//! `law`, `article`, `paragraph`). An item from another tool without them is refused with
//! the reason; everything else about it is read.

use std::io::{Cursor, Write};

use quick_xml::events::Event;

use super::limits::{self, Limit, Package, MAX_PACKAGE_ENTRIES, MAX_XML_DEPTH, MAX_XML_ELEMENTS};
use super::{FileError, ImportRow, RowError};
use crate::bank::question::{option_letter, Answer, Question, QuestionDraft, QuestionKind};
use crate::Bilingual;

const ITEM_NS: &str = "http://www.imsglobal.org/xsd/imsqtiasi_v3p0";
const MATCH_CORRECT: &str =
    "https://purl.imsglobal.org/spec/qti/v3p0/rptemplates/match_correct.xml";
/// LOM's difficulty vocabulary, for Renqian's levels 1 to 5.
const DIFFICULTY: [&str; 5] = ["very easy", "easy", "medium", "difficult", "very difficult"];
const TAXON_SOURCE: &str = "renqian";

fn escape(s: &str) -> std::borrow::Cow<'_, str> {
    quick_xml::escape::escape(s)
}

/// The questions as a QTI 3.0 content package (a zip).
pub fn write(questions: &[Question]) -> Result<Vec<u8>, FileError> {
    let failed = |e: &dyn std::fmt::Display| FileError::Unreadable(e.to_string());
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    let mut resources = String::new();
    for (i, q) in questions.iter().enumerate() {
        let id = format!("Q{:05}", i + 1);
        let href = format!("items/{id}.xml");
        zip.start_file(href.as_str(), options)
            .map_err(|e| failed(&e))?;
        zip.write_all(item(&id, q).as_bytes())
            .map_err(|e| failed(&e))?;
        resources.push_str(&resource(&id, &href, q));
    }
    zip.start_file("imsmanifest.xml", options)
        .map_err(|e| failed(&e))?;
    let manifest = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<manifest xmlns="http://www.imsglobal.org/xsd/qti/qtiv3p0/imscp_v1p1" xmlns:imsmd="http://ltsc.ieee.org/xsd/LOM" identifier="renqian-questions">
<metadata><schema>QTI Package</schema><schemaversion>3.0.0</schemaversion></metadata>
<organizations/>
<resources>
{resources}</resources>
</manifest>
"#
    );
    zip.write_all(manifest.as_bytes()).map_err(|e| failed(&e))?;
    Ok(zip.finish().map_err(|e| failed(&e))?.into_inner())
}

/// One question's assessment item.
fn item(id: &str, q: &Question) -> String {
    let (cardinality, base_type, values) = match q.key() {
        Answer::Choices(set) => (
            if q.kind() == QuestionKind::MultipleChoice {
                "multiple"
            } else {
                "single"
            },
            "identifier",
            set.iter().map(|&i| option_letter(i).to_string()).collect(),
        ),
        Answer::Judgement(right) => (
            "single",
            "identifier",
            vec![if *right { "true" } else { "false" }.to_owned()],
        ),
        Answer::Text(text) => ("single", "string", vec![text.clone()]),
    };
    let values: String = values
        .iter()
        .map(|v| format!("<qti-value>{}</qti-value>", escape(v)))
        .collect();
    let prompt = format!("<qti-prompt>{}</qti-prompt>", escape(q.stem()));
    let choice = |id: &str, text: &str| {
        format!(
            "\n<qti-simple-choice identifier=\"{id}\">{}</qti-simple-choice>",
            escape(text)
        )
    };
    let interaction = match q.kind() {
        QuestionKind::ShortAnswer => format!(
            "<qti-extended-text-interaction response-identifier=\"RESPONSE\">{prompt}</qti-extended-text-interaction>"
        ),
        kind => {
            let choices: String = if kind == QuestionKind::TrueFalse {
                choice("true", "正确") + &choice("false", "错误")
            } else {
                q.options()
                    .iter()
                    .enumerate()
                    .map(|(i, o)| choice(&option_letter(i as u8).to_string(), o))
                    .collect()
            };
            let max = if kind == QuestionKind::MultipleChoice {
                0
            } else {
                1
            };
            format!(
                "<qti-choice-interaction response-identifier=\"RESPONSE\" shuffle=\"false\" max-choices=\"{max}\">{prompt}{choices}\n</qti-choice-interaction>"
            )
        }
    };
    let mut rubrics = String::new();
    if !q.marking_points().is_empty() {
        let points: String = q
            .marking_points()
            .iter()
            .map(|p| format!("<li>{}</li>", escape(p)))
            .collect();
        rubrics.push_str(&format!(
            "\n<qti-rubric-block use=\"scoring\" view=\"scorer\"><qti-content-body><ul>{points}</ul></qti-content-body></qti-rubric-block>"
        ));
    }
    if !q.explanation().is_empty() {
        rubrics.push_str(&format!(
            "\n<qti-rubric-block use=\"explanation\" view=\"tutor\"><qti-content-body><p>{}</p></qti-content-body></qti-rubric-block>",
            escape(q.explanation())
        ));
    }
    let processing = if q.kind().is_objective() {
        format!("\n<qti-response-processing template=\"{MATCH_CORRECT}\"/>")
    } else {
        String::new()
    };
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<qti-assessment-item xmlns="{ITEM_NS}" identifier="{id}" title="{}" adaptive="false" time-dependent="false" xml:lang="zh-CN">
<qti-response-declaration identifier="RESPONSE" cardinality="{cardinality}" base-type="{base_type}"><qti-correct-response>{values}</qti-correct-response></qti-response-declaration>
<qti-outcome-declaration identifier="SCORE" cardinality="single" base-type="float"/>
<qti-item-body>
{interaction}{rubrics}
</qti-item-body>{processing}
</qti-assessment-item>
"#,
        escape(&q.citation().label())
    )
}

/// One question's resource in the manifest, with its catalogue data.
fn resource(id: &str, href: &str, q: &Question) -> String {
    let string = |s: &str| format!("<imsmd:string>{}</imsmd:string>", escape(s));
    let keywords: String = q
        .tags()
        .iter()
        .map(|t| format!("<imsmd:keyword>{}</imsmd:keyword>", string(t)))
        .collect();
    let citation = q.citation();
    let mut taxa = vec![
        ("bank", q.bank().as_str().to_owned()),
        ("law", citation.law().to_owned()),
        ("article", citation.article().to_string()),
    ];
    if let Some(p) = citation.paragraph() {
        taxa.push(("paragraph", p.to_string()));
    }
    let taxa: String = taxa
        .iter()
        .map(|(id, entry)| {
            format!(
                "<imsmd:taxon><imsmd:id>{id}</imsmd:id><imsmd:entry>{}</imsmd:entry></imsmd:taxon>",
                string(entry)
            )
        })
        .collect();
    let difficulty = DIFFICULTY[usize::from(q.difficulty().get()) - 1];
    format!(
        r#"<resource identifier="{id}" type="imsqti_item_xmlv3p0" href="{href}">
<metadata><imsmd:lom><imsmd:general>{keywords}</imsmd:general><imsmd:educational><imsmd:difficulty><imsmd:source>LOMv1.0</imsmd:source><imsmd:value>{difficulty}</imsmd:value></imsmd:difficulty></imsmd:educational><imsmd:classification><imsmd:purpose><imsmd:source>LOMv1.0</imsmd:source><imsmd:value>discipline</imsmd:value></imsmd:purpose><imsmd:taxonPath><imsmd:source>{}</imsmd:source>{taxa}</imsmd:taxonPath></imsmd:classification></imsmd:lom></metadata>
<file href="{href}"/>
</resource>
"#,
        string(TAXON_SOURCE)
    )
}

/// An element of a parsed part: its local name, attributes (by local name) and children.
#[derive(Debug, Default)]
struct Element {
    name: String,
    attributes: Vec<(String, String)>,
    children: Vec<Node>,
}

#[derive(Debug)]
enum Node {
    Element(Element),
    Text(String),
}

impl Element {
    fn attr(&self, name: &str) -> Option<&str> {
        self.attributes
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    fn elements(&self) -> impl Iterator<Item = &Element> {
        self.children.iter().filter_map(|n| match n {
            Node::Element(e) => Some(e),
            Node::Text(_) => None,
        })
    }

    fn child(&self, name: &str) -> Option<&Element> {
        self.elements().find(|e| e.name == name)
    }

    /// The first descendant called `name`, depth first.
    fn find(&self, name: &str) -> Option<&Element> {
        self.elements().find_map(|e| {
            if e.name == name {
                Some(e)
            } else {
                e.find(name)
            }
        })
    }

    /// Every descendant called `name`, depth first.
    fn find_all<'a>(&'a self, name: &str, out: &mut Vec<&'a Element>) {
        for e in self.elements() {
            if e.name == name {
                out.push(e);
            } else {
                e.find_all(name, out);
            }
        }
    }

    /// The text inside, block elements (paragraphs, list items) on lines of their own.
    fn text(&self) -> String {
        let mut out = String::new();
        for node in &self.children {
            match node {
                Node::Text(t) => out.push_str(t),
                Node::Element(e) => {
                    let block = matches!(e.name.as_str(), "p" | "li" | "div" | "br");
                    if block && !out.is_empty() && !out.ends_with('\n') {
                        out.push('\n');
                    }
                    out.push_str(&e.text());
                }
            }
        }
        out
    }
}

/// Parses a part into elements, within the package's element budget and the depth limit.
/// Whitespace between elements is dropped. `Ok(Err(reason))` is XML that cannot be read.
fn parse(xml: &[u8], part: &str, budget: &mut usize) -> Result<Result<Element, String>, FileError> {
    let mut reader = quick_xml::Reader::from_reader(xml);
    let mut stack: Vec<Element> = vec![Element::default()];
    let mut buf = Vec::new();
    let over = |limit| Err(FileError::OverLimit(limit));
    loop {
        buf.clear();
        let event = match reader.read_event_into(&mut buf) {
            Ok(event) => event,
            Err(e) => return Ok(Err(e.to_string())),
        };
        let open = |e: &quick_xml::events::BytesStart| Element {
            name: e.local_name().as_ref().to_owned(),
            attributes: e
                .attributes()
                .flatten()
                .map(|a| {
                    let value = a
                        .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                        .map(|v| v.into_owned())
                        .unwrap_or_default();
                    (a.key.local_name().as_ref().to_owned(), value)
                })
                .collect(),
            children: Vec::new(),
        };
        match event {
            Event::Start(ref e) | Event::Empty(ref e) => {
                *budget = budget.saturating_sub(1);
                if *budget == 0 {
                    return over(Limit::XmlElements {
                        part: part.to_owned(),
                    });
                }
                if stack.len() > MAX_XML_DEPTH {
                    return over(Limit::XmlDepth {
                        part: part.to_owned(),
                    });
                }
                let element = open(e);
                if matches!(event, Event::Start(_)) {
                    stack.push(element);
                } else if let Some(parent) = stack.last_mut() {
                    parent.children.push(Node::Element(element));
                }
            }
            Event::End(_) => {
                let Some(done) = stack.pop().filter(|_| !stack.is_empty()) else {
                    return Ok(Err("unbalanced end tag".into()));
                };
                if let Some(parent) = stack.last_mut() {
                    parent.children.push(Node::Element(done));
                }
            }
            Event::Text(t) => push_text(&mut stack, &t.xml10_content()),
            Event::CData(t) => push_text(&mut stack, &t.xml10_content()),
            Event::GeneralRef(r) => push_text(&mut stack, &super::docx::reference(&r)),
            Event::Eof => break,
            _ => {}
        }
    }
    match (stack.pop(), stack.is_empty()) {
        (Some(root), true) => Ok(root
            .children
            .into_iter()
            .find_map(|n| match n {
                Node::Element(e) => Some(e),
                Node::Text(_) => None,
            })
            .ok_or_else(|| "no root element".to_owned())),
        _ => Ok(Err("unclosed element".into())),
    }
}

/// Appends text to the open element, joining it to text just before (entities arrive apart).
fn push_text(stack: &mut [Element], text: &str) {
    let Some(open) = stack.last_mut() else {
        return;
    };
    if let Some(Node::Text(last)) = open.children.last_mut() {
        last.push_str(text);
    } else if !text.trim().is_empty() {
        open.children.push(Node::Text(text.to_owned()));
    }
}

/// Why an item of a package was refused.
enum QtiError {
    Missing(String),
    Damaged(String),
    NotAnItem,
    Interaction,
    NoCitation,
    NoDifficulty,
    UnknownChoice(String),
    Repeated,
}

impl Bilingual for QtiError {
    fn zh(&self) -> String {
        match self {
            Self::Missing(href) => format!("内容包中没有清单所列的文件“{href}”"),
            Self::Damaged(e) => format!("XML 无法读取：{e}"),
            Self::NotAnItem => "不是 QTI 3.0 试题（缺少 qti-assessment-item 或 qti-item-body）".into(),
            Self::Interaction => "只支持选择题（qti-choice-interaction）和简答题（qti-extended-text-interaction）".into(),
            Self::NoCitation => "缺少出处：清单中该试题的元数据没有 renqian 分类（题库、法律、条）。其他系统导出的试题请补上出处后导入，或改用导入模板".into(),
            Self::NoDifficulty => "缺少难度：清单中该试题的元数据没有 educational/difficulty".into(),
            Self::UnknownChoice(id) => format!("正确答案“{id}”不是该题的选项"),
            Self::Repeated => "清单重复列出了同一个试题文件".into(),
        }
    }
    fn en(&self) -> String {
        match self {
            Self::Missing(href) => format!("the package has no file \"{href}\", which its manifest lists"),
            Self::Damaged(e) => format!("the XML cannot be read: {e}"),
            Self::NotAnItem => "not a QTI 3.0 item (no qti-assessment-item or qti-item-body)".into(),
            Self::Interaction => "only choice (qti-choice-interaction) and short-answer (qti-extended-text-interaction) items are read".into(),
            Self::NoCitation => "no source: the item's metadata in the manifest has no renqian classification (bank, law, article); add the source to items from other systems or use the import template".into(),
            Self::NoDifficulty => "no difficulty: the item's metadata in the manifest has no educational/difficulty".into(),
            Self::UnknownChoice(id) => format!("the correct response \"{id}\" is not one of the item's choices"),
            Self::Repeated => "the manifest lists the same item file twice".into(),
        }
    }
}

/// Reads a package: every item resource of its manifest, in order, as a row.
pub(super) fn read(bytes: &[u8]) -> Result<Vec<ImportRow>, FileError> {
    limits::check_zip(bytes, MAX_PACKAGE_ENTRIES)?;
    let mut package = Package::open(bytes)?;
    let mut budget = MAX_XML_ELEMENTS;
    let not_a_package = || {
        FileError::Unreadable(
            "不是 QTI 内容包：缺少 imsmanifest.xml (not a QTI content package: no imsmanifest.xml)"
                .into(),
        )
    };
    let manifest = package.part("imsmanifest.xml")?.ok_or_else(not_a_package)?;
    let manifest = parse(&manifest, "imsmanifest.xml", &mut budget)?
        .map_err(|e| FileError::Unreadable(format!("imsmanifest.xml: {e}")))?;
    let mut resources = Vec::new();
    manifest.find_all("resource", &mut resources);
    let mut seen = std::collections::HashSet::new();
    let mut rows = Vec::new();
    for (i, resource) in resources
        .into_iter()
        .filter(|r| r.attr("type").is_some_and(|t| t.starts_with("imsqti_item")))
        .enumerate()
    {
        let row = i + 1;
        let href = resource
            .attr("href")
            .or_else(|| resource.child("file").and_then(|f| f.attr("href")))
            .unwrap_or_default()
            .to_owned();
        let refuse = |reason: QtiError| RowError::new(row, href.clone(), &reason);
        let result = if !seen.insert(href.clone()) {
            Err(refuse(QtiError::Repeated))
        } else {
            match package.part(&href)? {
                None => Err(refuse(QtiError::Missing(href.clone()))),
                Some(xml) => match parse(&xml, &href, &mut budget)? {
                    Err(e) => Err(refuse(QtiError::Damaged(e))),
                    Ok(item) => question(&item, resource).map_err(|e| match e {
                        Refusal::Qti(reason) => refuse(reason),
                        Refusal::Rule(e) => RowError::new(row, href.clone(), &e),
                    }),
                },
            }
        };
        rows.push(ImportRow { row, result });
    }
    Ok(rows)
}

enum Refusal {
    Qti(QtiError),
    Rule(crate::bank::question::QuestionError),
}

/// The question an item and its manifest resource describe.
fn question(item: &Element, resource: &Element) -> Result<Question, Refusal> {
    let qti = |e| Refusal::Qti(e);
    let body = (item.name == "qti-assessment-item")
        .then(|| item.child("qti-item-body"))
        .flatten()
        .ok_or(qti(QtiError::NotAnItem))?;
    let correct: Vec<String> = item
        .find("qti-correct-response")
        .map(|c| {
            c.elements()
                .filter(|v| v.name == "qti-value")
                .map(|v| v.text().trim().to_owned())
                .collect()
        })
        .unwrap_or_default();
    let mut draft = QuestionDraft::default();
    let interaction = if let Some(choice) = body.find("qti-choice-interaction") {
        let choices: Vec<(&str, String)> = choice
            .elements()
            .filter(|c| c.name == "qti-simple-choice")
            .map(|c| (c.attr("identifier").unwrap_or_default(), c.text()))
            .collect();
        let ids: Vec<&str> = choices.iter().map(|c| c.0).collect();
        if ids == ["true", "false"] {
            draft.kind = QuestionKind::TrueFalse.as_str().into();
            draft.key = if correct == ["true"] {
                "正确"
            } else {
                "错误"
            }
            .into();
        } else {
            let multiple = item
                .find("qti-response-declaration")
                .and_then(|d| d.attr("cardinality"))
                .is_some_and(|c| c != "single");
            draft.kind = if multiple {
                QuestionKind::MultipleChoice
            } else {
                QuestionKind::SingleChoice
            }
            .as_str()
            .into();
            for id in &correct {
                let at = ids
                    .iter()
                    .position(|c| c == id)
                    .ok_or_else(|| qti(QtiError::UnknownChoice(id.clone())))?;
                draft.key.push(option_letter(at.min(25) as u8));
            }
            draft.options = choices.into_iter().map(|c| c.1).collect();
        }
        choice
    } else if let Some(text) = body.find("qti-extended-text-interaction") {
        draft.kind = QuestionKind::ShortAnswer.as_str().into();
        draft.key = correct.join("\n");
        text
    } else {
        return Err(qti(QtiError::Interaction));
    };
    let mut rubrics = Vec::new();
    body.find_all("qti-rubric-block", &mut rubrics);
    for rubric in rubrics {
        match rubric.attr("use") {
            Some("scoring") => {
                let mut points = Vec::new();
                rubric.find_all("li", &mut points);
                draft.marking_points = points.iter().map(|p| p.text()).collect();
            }
            Some("explanation") => draft.explanation = rubric.text(),
            _ => {}
        }
    }
    // The prompt, or (as other tools write items) the body's own paragraphs.
    draft.stem = match interaction.child("qti-prompt") {
        Some(prompt) => prompt.text(),
        None => body
            .elements()
            .filter(|e| !e.name.ends_with("-interaction") && e.name != "qti-rubric-block")
            .map(Element::text)
            .collect::<Vec<_>>()
            .join("\n"),
    };
    catalogue(resource, &mut draft).map_err(qti)?;
    Question::parse(draft).map_err(Refusal::Rule)
}

/// The bank, citation, difficulty and tags from the resource's LOM metadata.
fn catalogue(resource: &Element, draft: &mut QuestionDraft) -> Result<(), QtiError> {
    let mut keywords = Vec::new();
    resource.find_all("keyword", &mut keywords);
    draft.tags = keywords
        .iter()
        .map(|k| k.text().trim().to_owned())
        .collect();
    let mut paths = Vec::new();
    resource.find_all("taxonPath", &mut paths);
    let path = paths
        .into_iter()
        .find(|p| {
            p.child("source")
                .is_some_and(|s| s.text().trim() == TAXON_SOURCE)
        })
        .ok_or(QtiError::NoCitation)?;
    let (mut bank, mut law, mut article) = (false, false, false);
    for taxon in path.elements().filter(|t| t.name == "taxon") {
        let id = taxon.child("id").map(|i| i.text()).unwrap_or_default();
        let entry = taxon.child("entry").map(|e| e.text()).unwrap_or_default();
        let entry = entry.trim();
        let number = || entry.parse::<i64>().map_err(|_| QtiError::NoCitation);
        match id.trim() {
            "bank" => (draft.bank, bank) = (entry.to_owned(), true),
            "law" => (draft.law, law) = (entry.to_owned(), true),
            "article" => (draft.article, article) = (number()?, true),
            "paragraph" => draft.paragraph = Some(number()?),
            _ => {}
        }
    }
    if !(bank && law && article) {
        return Err(QtiError::NoCitation);
    }
    let difficulty = resource
        .find("difficulty")
        .and_then(|d| d.child("value"))
        .map(|v| v.text())
        .ok_or(QtiError::NoDifficulty)?;
    draft.difficulty = DIFFICULTY
        .iter()
        .position(|d| *d == difficulty.trim())
        .ok_or(QtiError::NoDifficulty)? as i64
        + 1;
    Ok(())
}

//! Word documents (built here, part by part, in the layouts Chinese banks are typed in), IMS
//! QTI 3.0 packages and Aiken export: what reads, what is refused and where, round trips, and
//! hostile files refused over a named limit.
#![cfg(feature = "formats")]

use question_bank::bank::question::{Question, QuestionKind};
use question_bank::formats::{self, qti, text, FileError, Format, ImportRow, Limit};

#[path = "support/hostile_files.rs"]
mod hostile_files;
use hostile_files::{numbered, numbering, para, table, word_document, zip_of};

fn questions(rows: &[ImportRow]) -> Vec<&Question> {
    rows.iter()
        .map(|r| {
            r.result
                .as_ref()
                .unwrap_or_else(|e| panic!("row {} rejected: {}", r.row, e.message_zh()))
        })
        .collect()
}

fn body(lines: &[&str]) -> String {
    lines.iter().map(|l| para(l)).collect()
}

fn read_word(body: &str, numbering: Option<&str>) -> Vec<ImportRow> {
    formats::read(Format::Docx, &word_document(body, numbering)).expect("a readable document")
}

#[test]
fn typed_numbers_sections_answer_lines_and_stem_brackets_read_as_questions() {
    let rows = read_word(
        &body(&[
            "2026年任前法律知识考试题库",
            "【题库】通用【难度】2",
            "一、单项选择题（每题2分）",
            "1. 中华人民共和国的一切权力属于（ ）。",
            "A. 人民",
            "B、全国人民代表大会",
            "C．国务院",
            "D 中国人民政治协商会议",
            "答案：A",
            "【解析】依据《宪法》第二条：“中华人民共和国的一切权力属于人民。”",
            "2、全国人民代表大会每届任期（B）。",
            "A.三年 B.五年 C.四年 D.六年",
            "【出处】《中华人民共和国宪法》第六十条",
            "【标签】任期",
            "二、多项选择题",
            "（1）下列属于全国人民代表大会常务委员会职权的有（AC）。",
            "A.解释宪法 B.选举国家主席 C.解释法律 D.批准省的建置",
            "【出处】《宪法》第六十七条",
            "三、判断题",
            "1．地方各级人民代表大会每届任期五年。（√）",
            "【出处】宪法第98条【难度】1",
            "2．全国人民代表大会代表受原选举单位的监督。（对）",
            "【法律】宪法【条款】第七十七条",
            "四、简答题",
            "第1题 国家机构实行什么原则？",
            "【参考答案】国家机构实行民主集中制的原则。",
            "【评分要点】",
            "民主集中制",
            "由人民代表大会产生，对它负责，受它监督",
            "【出处】《宪法》第三条",
        ]),
        None,
    );
    let q = questions(&rows);
    assert_eq!(q.len(), 6);
    assert_eq!(
        (q[0].kind(), q[0].options().len(), q[0].key().display()),
        (QuestionKind::SingleChoice, 4, "A".to_owned())
    );
    assert_eq!(q[0].options()[3], "中国人民政治协商会议");
    assert_eq!(q[0].citation().label(), "宪法第2条", "from the explanation");
    assert_eq!(q[0].bank().as_str(), "common");
    assert_eq!(q[1].stem(), "全国人民代表大会每届任期（ ）。");
    assert_eq!(q[1].options(), ["三年", "五年", "四年", "六年"]);
    assert_eq!(
        (q[1].key().display(), q[1].citation().label()),
        ("B".to_owned(), "宪法第60条".to_owned())
    );
    assert_eq!(q[1].tags(), ["任期"]);
    assert_eq!(
        (q[2].kind(), q[2].key().display()),
        (QuestionKind::MultipleChoice, "AC".to_owned())
    );
    assert_eq!(
        (q[3].kind(), q[3].stem(), q[3].difficulty().get()),
        (
            QuestionKind::TrueFalse,
            "地方各级人民代表大会每届任期五年。",
            1
        )
    );
    assert_eq!(q[4].key().display(), "正确");
    assert_eq!(q[4].citation().label(), "宪法第77条");
    assert_eq!(q[5].kind(), QuestionKind::ShortAnswer);
    assert_eq!(q[5].key().display(), "国家机构实行民主集中制的原则。");
    assert_eq!(q[5].marking_points().len(), 2);
    // Each row is the paragraph its question starts at.
    assert_eq!(
        rows.iter().map(|r| r.row).collect::<Vec<_>>(),
        [4, 11, 16, 20, 22, 25]
    );
}

#[test]
fn automatic_numbering_and_a_key_table_at_the_end_read_as_typed_ones() {
    // List 1 numbers the questions "1." "2." …; lists 2-4 letter each question's options and
    // restart at A, as Word does. The numbers are nowhere in the text.
    let numbering = numbering(&[
        (1, "decimal", "%1."),
        (2, "upperLetter", "%1."),
        (3, "upperLetter", "%1、"),
        (4, "upperLetter", "%1."),
        (5, "chineseCounting", "%1、"),
    ]);
    let mut doc = body(&["【题库】法院【难度】3"]);
    doc += &numbered(5, "单选题");
    doc += &numbered(1, "法官的员额根据案件数量、经济社会发展情况、人口数量和人民法院审级等因素确定，在（ ）内实行总量控制、动态管理。");
    for o in ["省、自治区、直辖市", "设区的市", "县"] {
        doc += &numbered(2, o);
    }
    doc += &para("【出处】《法官法》第二十五条");
    doc += &numbered(
        1,
        "法官应当公正对待当事人和其他诉讼参与人，对一切个人和组织在适用法律上一律（ ）。",
    );
    for o in ["平等", "区别对待", "从宽"] {
        doc += &numbered(3, o);
    }
    doc += &para("【出处】《法官法》第六条");
    doc += &numbered(5, "多选题");
    doc += &numbered(1, "下列属于法官义务的有（ ）。");
    for o in [
        "严格遵守宪法和法律",
        "秉公办案，不得徇私枉法",
        "接受当事人请托",
        "保守国家秘密和审判工作秘密",
    ] {
        doc += &numbered(4, o);
    }
    doc += &para("【出处】《法官法》第十条");
    doc += &para("参考答案");
    // Word numbers the questions on through the headings: the multiple choice is 3.
    doc += &table(&[&["一、单选题", "1-2", "AA"], &["二、多选题", "3.ABD"]]);
    let rows = read_word(&doc, Some(&numbering));
    let q = questions(&rows);
    assert_eq!(q.len(), 3);
    assert_eq!(q[0].options(), ["省、自治区、直辖市", "设区的市", "县"]);
    assert_eq!(
        q.iter().map(|q| q.key().display()).collect::<Vec<_>>(),
        ["A", "A", "ABD"]
    );
    assert_eq!(q[2].kind(), QuestionKind::MultipleChoice);
    assert_eq!(q[2].bank().as_str(), "court");
    assert_eq!(q[1].citation().label(), "法官法第6条");
}

#[test]
fn every_refusal_names_the_paragraph_and_the_question() {
    let rows = read_word(
        &body(&[
            "【题库】通用【难度】2",
            "1. 没有答案的单选题（ ）。",
            "A.甲 B.乙 C.丙",
            "【出处】《宪法》第二条",
            "2. 出处写错的单选题（A）。",
            "A.甲 B.乙 C.丙",
            "【出处】《宪法》第二百条",
            "3. 没有出处的单选题（A）。",
            "A.甲 B.乙 C.丙",
            "参考答案",
            "1-2 乱写",
            "9.A",
        ]),
        None,
    );
    let messages: Vec<String> = rows
        .iter()
        .map(|r| r.result.as_ref().expect_err("refused").message_zh())
        .collect();
    assert_eq!(
        messages,
        [
            "第2段：第1题 找不到答案：请在题后加一行“答案：B”，或在题干括号中写明，或在文末答案表中列出",
            "第5段：第2题 法条出处有误：宪法共143条，没有第200条",
            "第8段：第3题 缺少出处：请加一行【出处】《宪法》第六十七条",
            "第11段：答案表中无法识别这一行：应写作“1-5 ABCDA”或“1.A 2.B”",
            "第12段：答案表列出了第9题，但文档中没有这道题",
        ]
    );
    assert!(rows[0]
        .result
        .as_ref()
        .expect_err("refused")
        .message_en()
        .starts_with("Paragraph 2: question 1: no key"));
}

#[test]
fn a_document_that_is_not_a_word_file_is_refused_whole() {
    assert!(matches!(
        formats::read(Format::Docx, b"not a document"),
        Err(FileError::Unreadable(_))
    ));
    let workbook = hostile_files::one_sheet(hostile_files::sheet(None, "", &[("A1", "题库")]));
    assert!(matches!(
        formats::read(Format::Docx, &workbook),
        Err(FileError::Unreadable(_))
    ));
    assert_eq!(
        formats::read(Format::Docx, &word_document(&body(&["只有标题"]), None)),
        Err(FileError::Empty)
    );
}

#[test]
fn the_whole_seed_survives_a_qti_round_trip() {
    let all = question_bank::bank::seed::questions().expect("seed");
    let package = qti::write(&all).expect("written");
    let rows = formats::read(Format::Qti, &package).expect("readable");
    let back: Vec<Question> = questions(&rows).into_iter().cloned().collect();
    assert_eq!(back, all);
}

#[test]
fn the_seeds_single_choices_survive_an_aiken_round_trip_and_the_rest_is_named() {
    let all = question_bank::bank::seed::questions().expect("seed");
    let aiken = text::write_aiken(&all);
    let singles: Vec<Question> = all
        .iter()
        .filter(|q| q.kind() == QuestionKind::SingleChoice)
        .cloned()
        .collect();
    let rows = formats::read(Format::MoodleText, aiken.as_bytes()).expect("readable");
    let back: Vec<Question> = questions(&rows).into_iter().cloned().collect();
    assert_eq!(back, singles);
    let left_out = all.len() - singles.len();
    assert!(
        aiken
            .lines()
            .next()
            .unwrap_or_default()
            .contains(&format!("未导出其他题型（多选、判断、简答）{left_out}道")),
        "{}",
        aiken.lines().next().unwrap_or_default()
    );
}

/// An ordinary QTI 3 choice item as another tool writes it: the stem in the body's own
/// paragraph, no Renqian metadata in the manifest.
#[test]
fn a_qti_item_from_another_tool_is_read_and_refused_for_want_of_a_source() {
    let item = r#"<?xml version="1.0" encoding="UTF-8"?>
<qti-assessment-item xmlns="http://www.imsglobal.org/xsd/imsqtiasi_v3p0" identifier="x1" title="t" adaptive="false" time-dependent="false">
  <qti-response-declaration identifier="RESPONSE" cardinality="single" base-type="identifier">
    <qti-correct-response><qti-value>ChoiceB</qti-value></qti-correct-response>
  </qti-response-declaration>
  <qti-item-body>
    <p>Which is the capital?</p>
    <qti-choice-interaction response-identifier="RESPONSE" max-choices="1">
      <qti-simple-choice identifier="ChoiceA">Shanghai</qti-simple-choice>
      <qti-simple-choice identifier="ChoiceB">Beijing</qti-simple-choice>
    </qti-choice-interaction>
  </qti-item-body>
</qti-assessment-item>"#;
    let manifest = r#"<?xml version="1.0" encoding="UTF-8"?>
<manifest xmlns="http://www.imsglobal.org/xsd/qti/qtiv3p0/imscp_v1p1" identifier="m"><resources>
<resource identifier="x1" type="imsqti_item_xmlv3p0" href="x1.xml"><file href="x1.xml"/></resource>
<resource identifier="x2" type="imsqti_item_xmlv3p0" href="missing.xml"/>
</resources></manifest>"#;
    let package = zip_of(&[
        ("imsmanifest.xml".into(), manifest.as_bytes().to_vec()),
        ("x1.xml".into(), item.as_bytes().to_vec()),
    ]);
    let rows = formats::read(Format::Qti, &package).expect("readable");
    let messages: Vec<String> = rows
        .iter()
        .map(|r| r.result.as_ref().expect_err("refused").message_zh())
        .collect();
    assert!(
        messages[0].starts_with("第1题 x1.xml：缺少出处：清单中该试题的元数据没有 renqian 分类"),
        "{messages:?}"
    );
    assert_eq!(
        messages[1],
        "第2题 missing.xml：内容包中没有清单所列的文件“missing.xml”"
    );
    assert!(matches!(
        formats::read(
            Format::Qti,
            &zip_of(&[("x1.xml".into(), item.as_bytes().to_vec())])
        ),
        Err(FileError::Unreadable(_))
    ));
}

fn assert_over(what: &str, format: Format, bytes: &[u8], limit: fn(&Limit) -> bool) {
    let started = std::time::Instant::now();
    match formats::read(format, bytes) {
        Err(FileError::OverLimit(l)) if limit(&l) => {
            use question_bank::Bilingual;
            assert!(
                l.zh().contains("上限") && l.en().contains("limit"),
                "{what}: {l:?}"
            );
        }
        other => panic!("{what}: {other:?}"),
    }
    assert!(
        started.elapsed() < std::time::Duration::from_secs(20),
        "{what}: {:?}",
        started.elapsed()
    );
}

/// Hostile Word documents and QTI packages: each refused over a named limit, fast.
#[test]
fn hostile_documents_and_packages_are_refused_over_a_named_limit() {
    let filler = format!("<!--{}-->", " ".repeat(80 * 1024 * 1024));
    assert_over(
        "a zip bomb",
        Format::Docx,
        &word_document(&filler, None),
        |l| matches!(l, Limit::Unpacked { .. }),
    );
    assert_over(
        "deep XML",
        Format::Docx,
        &word_document(&"<w:tbl>".repeat(100_000), None),
        |l| matches!(l, Limit::XmlDepth { .. }),
    );
    assert_over(
        "200,001 paragraphs",
        Format::Docx,
        &word_document(&"<w:p><w:r><w:t>x</w:t></w:r></w:p>".repeat(200_001), None),
        |l| matches!(l, Limit::Paragraphs),
    );
    assert_over(
        "a paragraph of 40,000 characters",
        Format::Docx,
        &word_document(&(para("题") + &para(&"字".repeat(40_000))), None),
        |l| *l == Limit::ParagraphText { paragraph: 2 },
    );
    let lists: Vec<(u32, &str, &str)> = (1..=6_000).map(|i| (i, "decimal", "%1.")).collect();
    assert_over(
        "12,000 numbering definitions",
        Format::Docx,
        &word_document(&para("题"), Some(&numbering(&lists))),
        |l| matches!(l, Limit::Numbering),
    );
    let parts: Vec<(String, Vec<u8>)> = (0..=formats::limits::MAX_PACKAGE_ENTRIES)
        .map(|i| (format!("items/{i}.xml"), Vec::new()))
        .collect();
    assert_over("too many parts", Format::Qti, &zip_of(&parts), |l| {
        matches!(l, Limit::Parts { .. })
    });
    let manifest = format!("<manifest>{}</manifest>", "<a/>".repeat(1_000_001));
    assert_over(
        "a million elements",
        Format::Qti,
        &zip_of(&[("imsmanifest.xml".into(), manifest.into_bytes())]),
        |l| matches!(l, Limit::XmlElements { .. }),
    );
    // One big item named by the manifest again and again: read once, refused after.
    let big = format!(
        "<qti-assessment-item>{}</qti-assessment-item>",
        "x".repeat(30 * 1024 * 1024)
    );
    let resources: String = (0..3)
        .map(|i| {
            format!(r#"<resource identifier="r{i}" type="imsqti_item_xmlv3p0" href="big.xml"/>"#)
        })
        .collect();
    let rows = formats::read(
        Format::Qti,
        &zip_of(&[
            (
                "imsmanifest.xml".into(),
                format!("<manifest><resources>{resources}</resources></manifest>").into_bytes(),
            ),
            ("big.xml".into(), big.into_bytes()),
        ]),
    )
    .expect("read once");
    assert_eq!(
        rows[1].result.as_ref().expect_err("repeated").zh,
        "清单重复列出了同一个试题文件"
    );
}

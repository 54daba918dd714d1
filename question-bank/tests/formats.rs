//! Import and export formats: round trips, row-precise errors, awkward files, the seed bank,
//! and a mutation fuzz that every reader must survive without panicking.
#![cfg(feature = "formats")]

use question_bank::bank::question::Question;
use question_bank::formats::{self, json, qti, text, xlsx, FileError, Format, ImportRow, MAX_ROWS};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

fn questions(rows: Vec<ImportRow>) -> Vec<Question> {
    rows.into_iter()
        .map(|r| {
            r.result
                .unwrap_or_else(|e| panic!("row {} rejected: {}", r.row, e.message_zh()))
        })
        .collect()
}

fn seed_questions() -> Vec<Question> {
    let bytes =
        std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/seed/common.json")).expect("seed file");
    questions(formats::read(Format::Json, &bytes).expect("readable"))
}

#[test]
fn every_seed_bank_file_reads_without_a_single_rejected_row() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("seed");
    let mut total = 0;
    for entry in std::fs::read_dir(&dir).expect("seed dir") {
        let path = entry.expect("entry").path();
        if path.extension().and_then(|e| e.to_str()) != Some("json") {
            continue;
        }
        let rows =
            formats::read(Format::Json, &std::fs::read(&path).expect("read")).expect("readable");
        let rejected: Vec<String> = rows
            .iter()
            .filter_map(|r| r.result.as_ref().err())
            .map(|e| e.message_zh())
            .collect();
        assert!(rejected.is_empty(), "{}: {rejected:?}", path.display());
        total += rows.len();
    }
    assert!(total >= 100, "the seed bank has {total} questions");
}

/// The shipped seed bank: at least 1,800 questions, at least 300 in each bank (a real
/// office's size), over at least 30 laws, every type and difficulty.
#[test]
fn the_seed_bank_covers_every_bank_and_every_law() {
    use question_bank::bank::question::QuestionKind;
    use question_bank::bank::Bank;
    let all = question_bank::bank::seed::questions().expect("every seed row is valid");
    assert_eq!(
        question_bank::bank::seed::FILES.len(),
        6,
        "one file per bank"
    );
    assert!(all.len() >= 3000, "{} questions", all.len());
    for bank in Bank::ALL {
        let n = all.iter().filter(|q| q.bank() == bank).count();
        assert!(n >= 400, "{} has {n}", bank.label_zh());
    }
    let laws: std::collections::HashSet<_> = all.iter().map(|q| q.citation().law()).collect();
    assert_eq!(
        laws.len(),
        question_bank::bank::laws::LAWS.len(),
        "every law in the library is cited"
    );
    for kind in QuestionKind::ALL.into_iter().filter(|k| k.is_objective()) {
        assert!(
            all.iter().filter(|q| q.kind() == kind).count() >= 100,
            "{kind:?}"
        );
    }
    for bank in Bank::ALL {
        let short = all
            .iter()
            .filter(|q| q.bank() == bank && q.kind() == QuestionKind::ShortAnswer)
            .count();
        assert!(short >= 3, "{} has {short} short answers", bank.label_zh());
    }
    for level in 1..=5 {
        assert!(
            all.iter().any(|q| q.difficulty().get() == level),
            "difficulty {level}"
        );
    }
    let signatures: std::collections::HashSet<_> =
        all.iter().map(|q| (q.stem(), q.options())).collect();
    assert_eq!(
        signatures.len(),
        all.len(),
        "no duplicates across the seed files"
    );
}

/// Every seed question meets the quality rules (`question_bank::bank::quality`): four or five
/// options, two right and two wrong in a multiple choice, explanations quoting the cited
/// article's own words, false statements that change more than a negation; and per bank at
/// most 40% verbatim true/false statements and at least 10% cases.
#[test]
fn the_seed_meets_the_quality_rules_in_every_bank() {
    use question_bank::bank::quality::{figures, shortfalls};
    let all = question_bank::bank::seed::questions().expect("every seed row is valid");
    let short: Vec<String> = all
        .iter()
        .filter_map(|q| {
            let found = shortfalls(q);
            (!found.is_empty()).then(|| format!("{}: {found:?}", q.stem()))
        })
        .collect();
    for (bank, f) in figures(&all) {
        eprintln!(
            "{:6} {:4} questions, {:2} laws, verbatim true/false {:3}/{:3}, cases {:3} ({}%), key the longest option {:3}/{:3} single choices",
            bank.label_zh(),
            f.questions,
            f.laws,
            f.verbatim_true_false,
            f.true_false,
            f.cases,
            f.cases * 100 / f.questions,
            f.key_longest,
            f.single_choice
        );
        assert!(
            f.meets_rules(),
            "{}: {f:?}; first shortfalls: {:#?}",
            bank.label_zh(),
            &short[..short.len().min(10)]
        );
    }
}

#[test]
fn json_export_then_import_gives_back_the_same_questions() {
    let original = seed_questions();
    let back = questions(
        formats::read(Format::Json, json::write(&original).as_bytes()).expect("readable"),
    );
    assert_eq!(back, original);
}

#[test]
fn xlsx_export_then_import_gives_back_the_same_questions() {
    let original = seed_questions();
    let bytes = xlsx::write(&original).expect("written");
    let back = questions(formats::read(Format::Xlsx, &bytes).expect("readable"));
    assert_eq!(back, original);
}

#[test]
fn the_whole_seed_bank_survives_a_gift_round_trip() {
    let all = question_bank::bank::seed::questions().expect("seed");
    let gift = text::write_gift(&all);
    let back = questions(formats::read(Format::Gift, gift.as_bytes()).expect("readable"));
    assert_eq!(back, all);
}

#[test]
fn moodle_gift_and_aiken_files_read_with_the_source_comment() {
    let gift = "// a comment Moodle writes\n\
        // renqian: bank=court; law=judges-law; article=25; difficulty=2; tags=员额\n\
        ::员额:: 法官员额根据哪些因素确定\\? {\n~%50%案件数量\n~%50%人口数量\n~%-100%法官本人意愿 # 不对\n####见法官法第二十五条}\n\n\
        // renqian: bank=common; law=constitution; article=98; difficulty=1\n\
        地方各级人民代表大会每届任期五年。{T}\n\n\
        // renqian: bank=common; law=constitution; article=2; difficulty=1\n\
        中华人民共和国的一切权力属于 {=人民 ~国务院 ~法院}\n";
    let rows = questions(formats::read(Format::Gift, gift.as_bytes()).expect("gift"));
    assert_eq!(rows.len(), 3);
    assert_eq!(rows[0].stem(), "法官员额根据哪些因素确定?");
    assert_eq!(rows[0].options(), ["案件数量", "人口数量", "法官本人意愿"]);
    assert_eq!(rows[0].key().display(), "AB");
    assert_eq!(rows[0].explanation(), "见法官法第二十五条");
    assert_eq!(rows[1].key().display(), "正确");
    assert_eq!(rows[2].key().display(), "A");

    let aiken = "// renqian: bank=common; law=constitution; article=5; difficulty=1\n中华人民共和国实行什么，建设社会主义法治国家？\nA. 依法治国\nB) 以德治国\nANSWER: A\n";
    let rows = questions(formats::read(Format::MoodleText, aiken.as_bytes()).expect("aiken"));
    assert_eq!(
        (rows[0].options().len(), rows[0].key().display()),
        (2, "A".to_owned())
    );
}

#[test]
fn a_moodle_question_without_a_source_comment_is_rejected_with_the_line() {
    let rows = formats::read(
        Format::Gift,
        "\n\n中华人民共和国的一切权力属于 {=人民 ~国务院}\n".as_bytes(),
    )
    .expect("readable");
    let error = rows[0].result.as_ref().expect_err("rejected");
    assert!(
        error.message_zh().starts_with("第3行：缺少出处注释"),
        "{}",
        error.message_zh()
    );
}

#[test]
fn the_template_examples_never_import_and_a_file_keeps_only_its_own_rows() {
    let template = xlsx::template().expect("template");
    let refused = formats::read(Format::Xlsx, &template).expect_err("only examples");
    assert_eq!(refused, formats::FileError::OnlyExamples(4));
    assert!(refused.to_string().contains("示例不会导入"), "{refused}");
    let csv = "题库,题型,题干,答案,难度,法律,条\n\
        人大,判断题,【示例】地方各级人民代表大会每届任期五年。,正确,1,宪法,98\n\
        人大,判断题,全国人民代表大会每届任期五年。,正确,1,宪法,60\n";
    let rows = formats::read(Format::Csv, csv.as_bytes()).expect("readable");
    let stems: Vec<_> = questions(rows)
        .iter()
        .map(|q| q.stem().to_owned())
        .collect();
    assert_eq!(stems, ["全国人民代表大会每届任期五年。"]);
}

#[test]
fn a_short_answer_reads_from_a_spreadsheet_with_one_marking_point_a_line() {
    let csv = "题库,题型,题干,答案,难度,法律,条,评分要点\n\
        通用,简答题,国家机构实行什么原则？,民主集中制的原则。,2,宪法,3,\"民主集中制\n对人民负责，受人民监督\"\n\
        通用,简答,没有要点的简答题？,参考答案。,2,宪法,3,\n";
    let rows = formats::read(Format::Csv, csv.as_bytes()).expect("readable");
    let q = rows[0].result.as_ref().expect("valid");
    assert_eq!(q.key().display(), "民主集中制的原则。");
    assert_eq!(q.marking_points(), ["民主集中制", "对人民负责，受人民监督"]);
    let error = rows[1].result.as_ref().expect_err("rejected");
    assert_eq!(error.message_zh(), "第3行 H列：简答题至少需要一条评分要点");
}

#[test]
fn a_moodle_essay_is_a_short_answer_with_its_reference_and_points_in_comments() {
    let gift = "// renqian: bank=common; law=constitution; article=3; difficulty=3\n\
        // renqian-reference: 国家机构实行民主集中制的原则。\n\
        // renqian-point: 民主集中制\n\
        // renqian-point: 由人民代表大会产生，对它负责，受它监督\n\
        ::Q1:: 国家机构实行什么原则？ {}\n\n\
        // renqian: bank=common; law=constitution; article=3; difficulty=3\n\
        没有参考答案的简答题？ {####解析}\n";
    let rows = formats::read(Format::Gift, gift.as_bytes()).expect("gift");
    let q = rows[0].result.as_ref().expect("valid");
    assert_eq!(
        q.kind(),
        question_bank::bank::question::QuestionKind::ShortAnswer
    );
    assert_eq!(q.marking_points().len(), 2);
    assert_eq!(
        rows[1].result.as_ref().expect_err("no reference").zh,
        "简答题必须填写参考答案（填在“答案”处）"
    );
}

const HEADER: &str = "题库,题型,题干,选项A,选项B,选项C,答案,解析,难度,法律,条,款,标签";

#[test]
fn every_rejection_names_its_row_column_and_reason() {
    let csv = format!(
        "{HEADER}\n\
         通用,单选题,中华人民共和国的一切权力属于（ ）。,人民,国务院,法院,A,,1,宪法,2,,总纲\n\
         通用,单选题,有两个答案的单选题（ ）。,甲,乙,丙,AB,,2,宪法,2,,\n\
         通用,多选题,选项重复（ ）。,甲,甲,丙,AB,,2,宪法,2,,\n\
         通用,判断题,条文不存在。,,,,正确,,2,宪法,200,,\n\
         税务,判断题,题库不存在。,,,,正确,,2,宪法,1,,\n\
         通用,判断题,难度不是数字。,,,,正确,,难,宪法,1,,\n"
    );
    let rows = formats::read(Format::Csv, csv.as_bytes()).expect("readable");
    assert!(rows[0].result.is_ok());
    let errors: Vec<String> = rows[1..]
        .iter()
        .map(|r| r.result.as_ref().expect_err("rejected").message_zh())
        .collect();
    assert_eq!(
        errors,
        [
            "第3行 G列：单选题必须恰好有一个正确答案，当前为2个",
            "第4行 E列：选项B与前面的选项重复",
            "第5行 K列：法条出处有误：宪法共143条，没有第200条",
            "第6行 A列：未知题库“税务”：应为通用、人大、政府、监委、法院或检察院",
            "第7行 I列：“难度”应为整数，当前为“难”",
        ]
    );
}

#[test]
fn csv_with_a_bom_or_in_gbk_reads_the_same_and_blank_trailing_rows_are_ignored() {
    let csv = format!("{HEADER}\n通用,判断题,国家工作人员就职时应当依照法律规定公开进行宪法宣誓。,,,,正确,,1,宪法,27,3,宪法宣誓\n,,,,,,,,,,,,\n\n");
    let plain = questions(formats::read(Format::Csv, csv.as_bytes()).expect("utf-8"));
    let bom = questions(
        formats::read(
            Format::Csv,
            &[b"\xEF\xBB\xBF".as_slice(), csv.as_bytes()].concat(),
        )
        .expect("bom"),
    );
    let (gbk, _, _) = encoding_rs::GBK.encode(&csv);
    let gbk = questions(formats::read(Format::Csv, &gbk).expect("gbk"));
    assert_eq!(plain.len(), 1);
    assert_eq!(plain, bom);
    assert_eq!(plain, gbk);
    assert_eq!(plain[0].citation().label(), "宪法第27条第3款");
}

#[test]
fn a_file_with_a_missing_column_an_unknown_column_or_no_rows_is_refused_whole() {
    assert_eq!(
        formats::read(Format::Csv, "题库,题型,题干,答案,难度,法律\n".as_bytes()),
        Err(FileError::MissingColumn("条"))
    );
    let unknown = format!("{HEADER},备注\n");
    assert!(
        matches!(formats::read(Format::Csv, unknown.as_bytes()), Err(FileError::UnknownColumn { column, .. }) if column == "N")
    );
    assert_eq!(
        formats::read(Format::Csv, format!("{HEADER}\n").as_bytes()),
        Err(FileError::Empty)
    );
    assert!(matches!(
        formats::read(Format::Xlsx, b"not a workbook"),
        Err(FileError::Unreadable(_))
    ));
    assert!(matches!(
        formats::read(Format::Json, b"{\"bank\":"),
        Err(FileError::Unreadable(_))
    ));
}

#[test]
fn more_than_five_thousand_rows_are_refused_and_five_thousand_are_read() {
    let row = "通用,判断题,题干,,,,正确,,1,宪法,1,,\n";
    let many = |n: usize| {
        format!(
            "{HEADER}\n{}",
            (0..n)
                .map(|i| row.replace("题干", &format!("第{i}题")))
                .collect::<String>()
        )
    };
    assert_eq!(
        formats::read(Format::Csv, many(MAX_ROWS).as_bytes()).map(|r| r.len()),
        Ok(MAX_ROWS)
    );
    assert_eq!(
        formats::read(Format::Csv, many(MAX_ROWS + 1).as_bytes()),
        Err(FileError::TooManyRows(MAX_ROWS + 1))
    );
}

#[test]
fn merged_cells_in_the_data_are_refused_with_their_place() {
    let mut workbook = rust_xlsxwriter::Workbook::new();
    let sheet = workbook.add_worksheet();
    for (c, h) in HEADER.split(',').enumerate() {
        sheet.write_string(0, c as u16, h).expect("header");
    }
    sheet
        .merge_range(1, 0, 3, 0, "通用", &rust_xlsxwriter::Format::new())
        .expect("merge");
    let bytes = workbook.save_to_buffer().expect("saved");
    assert_eq!(
        formats::read(Format::Xlsx, &bytes),
        Err(FileError::MergedCells {
            first_row: 2,
            last_row: 4,
            column: "A".into()
        })
    );
}

/// Mutates valid files of every format (bit flips, cuts, splices, random bytes) and reads
/// them all: a reader may refuse a file, never panic. 4,000 inputs a format, fixed seed.
#[test]
fn readers_never_panic_on_mangled_input() {
    let sample: Vec<Question> = seed_questions().into_iter().take(20).collect();
    let csv = format!("{HEADER}\n通用,单选题,题干（ ）。,甲,乙,丙,A,,1,宪法,2,,标签\n");
    let inputs = [
        (Format::Json, json::write(&sample).into_bytes()),
        (Format::Xlsx, xlsx::write(&sample).expect("xlsx")),
        (Format::Csv, csv.into_bytes()),
        (Format::Gift, text::write_gift(&sample).into_bytes()),
        (
            Format::Docx,
            hostile_files::word_document(
                &[
                    "【题库】通用【难度】1",
                    "一、单选题",
                    "1. 中华人民共和国的一切权力属于（A）。",
                    "A.人民 B.国务院 C.法院",
                    "【出处】《宪法》第二条",
                    "参考答案",
                    "1-5 ABCDA",
                ]
                .map(hostile_files::para)
                .concat(),
                Some(&hostile_files::numbering(&[(1, "decimal", "%1.")])),
            ),
        ),
        (Format::Qti, qti::write(&sample).expect("qti")),
    ];
    let mut rng = StdRng::seed_from_u64(20261122);
    let mut runs = 0;
    for (format, valid) in &inputs {
        for _ in 0..4000 {
            let mut bytes = valid.clone();
            match rng.random_range(0..4) {
                0 => {
                    for _ in 0..rng.random_range(1..8) {
                        let i = rng.random_range(0..bytes.len());
                        bytes[i] ^= 1 << rng.random_range(0..8);
                    }
                }
                1 => bytes.truncate(rng.random_range(0..bytes.len())),
                2 => {
                    let at = rng.random_range(0..bytes.len());
                    let junk: Vec<u8> =
                        (0..rng.random_range(1..64)).map(|_| rng.random()).collect();
                    bytes.splice(at..at, junk);
                }
                _ => {
                    bytes = (0..rng.random_range(0..512))
                        .map(|_| rng.random())
                        .collect()
                }
            }
            let _ = formats::read(*format, &bytes);
            runs += 1;
        }
    }
    assert_eq!(runs, inputs.len() * 4000);
}

#[path = "support/hostile_files.rs"]
mod hostile_files;

/// Every reader of workbooks and CSV files: the question import, the roster, the nominations.
fn every_list_reader(format: Format, bytes: &[u8]) -> Vec<(&'static str, Result<(), FileError>)> {
    use question_bank::formats::{nominations, roster};
    vec![
        ("questions", formats::read(format, bytes).map(drop)),
        ("roster", roster::read(format, bytes).map(drop)),
        ("nominations", nominations::read(format, bytes).map(drop)),
    ]
}

/// Reads `bytes` with every reader and asserts each refuses it over a limit whose message
/// (both languages) mentions `says`, within a few seconds, without panicking.
fn assert_refused_over_a_limit(what: &str, format: Format, bytes: &[u8], says: &str) {
    let started = std::time::Instant::now();
    for (reader, result) in every_list_reader(format, bytes) {
        let error = result.expect_err(&format!("{what}: the {reader} reader took it"));
        let limit = error.limit().unwrap_or_else(|| {
            panic!("{what}: the {reader} reader refused it, but not over a limit: {error}")
        });
        use question_bank::Bilingual;
        assert!(
            (error.zh().contains(says) || limit.en().contains(says))
                && error.zh().contains("上限")
                && error.en().contains("limit"),
            "{what} ({reader}): {} / {}",
            error.zh(),
            error.en()
        );
    }
    assert!(
        started.elapsed() < std::time::Duration::from_secs(20),
        "{what}: {:?} for three readers",
        started.elapsed()
    );
}

/// The shapes that hurt (a sparse giant range and its variants, a huge or over-declared
/// shared-string table, one long shared string in every cell, deep XML, long rows, many
/// sheets, a zip bomb): each is refused over a named limit, fast, by every reader.
#[test]
fn hostile_workbooks_are_refused_over_a_named_limit_by_every_reader() {
    for (what, bytes, says) in hostile_files::hostile_workbooks() {
        assert!(
            bytes.len() < 2 * 1024 * 1024,
            "{what}: {} bytes",
            bytes.len()
        );
        if what == "a part whose declared size lies" {
            // Unpacking either stops at the declared size (a damaged part) or reaches the
            // limit: refused either way, never believed.
            for (reader, result) in every_list_reader(Format::Xlsx, &bytes) {
                assert!(result.is_err(), "{what}: the {reader} reader took it");
            }
            continue;
        }
        assert_refused_over_a_limit(what, Format::Xlsx, &bytes, says);
    }
}

/// The builder's workbooks are real: within the limits the same shapes read, and a cell at
/// the last row and column allowed is no refusal over a limit.
#[test]
fn hand_built_workbooks_within_the_limits_are_read() {
    use hostile_files::{one_sheet, sheet};
    let header: Vec<(String, &str)> = HEADER
        .split(',')
        .enumerate()
        .map(|(c, h)| (format!("{}1", formats::column_letter(c)), h))
        .collect();
    let row: Vec<(String, &str)> = "通用,单选题,题干（ ）。,甲,乙,丙,A,,1,宪法,2,,标签"
        .split(',')
        .enumerate()
        .map(|(c, v)| (format!("{}2", formats::column_letter(c)), v))
        .collect();
    let cells: Vec<(&str, &str)> = header
        .iter()
        .chain(&row)
        .filter(|(_, v)| !v.is_empty())
        .map(|(at, v)| (at.as_str(), *v))
        .collect();
    let rows = formats::read(
        Format::Xlsx,
        &one_sheet(sheet(Some("A1:CV10000"), "", &cells)),
    )
    .expect("a hand-built workbook reads");
    assert_eq!(questions(rows).len(), 1);
    let far: Vec<(&str, &str)> = cells.iter().copied().chain([("CV10000", "x")]).collect();
    for (reader, result) in every_list_reader(Format::Xlsx, &one_sheet(sheet(None, "", &far))) {
        assert!(
            !matches!(result, Err(FileError::OverLimit(_))),
            "{reader}: the last cell allowed is no refusal: {result:?}"
        );
    }
}

/// Text files: a line, a row or a column past the limits, an over-long cell, too many
/// lines, JSON nested too deep or holding too many values, any file over 20 MB.
#[test]
fn hostile_text_files_are_refused_over_a_named_limit() {
    let csv = |body: String| format!("{HEADER}\n{body}").into_bytes();
    assert_refused_over_a_limit(
        "a line of 2 MB",
        Format::Csv,
        &csv(format!("通用,{}\n", "x".repeat(2 * 1024 * 1024))),
        "第2行",
    );
    assert_refused_over_a_limit(
        "row 10,001",
        Format::Csv,
        &csv(format!("{}通用\n", "\n".repeat(9_000) + &"x\n".repeat(999))),
        "A10001",
    );
    assert_refused_over_a_limit(
        "a cell in column CW",
        Format::Csv,
        &csv(format!("{}x\n", ",".repeat(100))),
        "CW2",
    );
    assert_refused_over_a_limit(
        "a cell of 40,000 characters",
        Format::Csv,
        &csv(format!("通用,{}\n", "字".repeat(40_000))),
        "B2",
    );
    assert_refused_over_a_limit(
        "300,000 lines",
        Format::Csv,
        &csv(",\n".repeat(300_000)),
        "200000",
    );
    let over = |format, bytes: &[u8]| formats::read(format, bytes).map(drop);
    assert!(matches!(
        over(Format::Json, "[".repeat(100_000).as_bytes()),
        Err(FileError::OverLimit(formats::Limit::JsonDepth))
    ));
    assert!(matches!(
        over(
            Format::Json,
            format!("[{}0]", "0,".repeat(600_000)).as_bytes()
        ),
        Err(FileError::OverLimit(formats::Limit::JsonValues))
    ));
    assert!(matches!(
        over(Format::Gift, "a\n\n".repeat(150_000).as_bytes()),
        Err(FileError::OverLimit(formats::Limit::Lines))
    ));
    let huge = vec![b' '; 20 * 1024 * 1024 + 1];
    for format in [
        Format::Json,
        Format::Csv,
        Format::Xlsx,
        Format::Gift,
        Format::Aiken,
    ] {
        assert!(
            matches!(
                over(format, &huge),
                Err(FileError::OverLimit(formats::Limit::FileSize { .. }))
            ),
            "{format:?}"
        );
    }
}

//! Checks question files in the seed's JSON format before they join the seed: every row parses,
//! meets the per-question quality rules (`question_bank::bank::quality`), and repeats no stem of the
//! seed or of another file given. Prints one line per problem and each file's figures; exits
//! non-zero if any row falls short. A tool for the people writing questions, not part of the
//! suite (the seed's own test enforces the same rules on the shipped files).
//!
//!     cargo run -p question-bank --example check_questions -- new/*.json

use std::collections::HashMap;
use std::process::ExitCode;

use question_bank::bank::quality;
use question_bank::formats::{self, Format};

fn main() -> ExitCode {
    let files: Vec<String> = std::env::args().skip(1).collect();
    if files.is_empty() {
        eprintln!("usage: check_questions FILE.json...");
        return ExitCode::from(2);
    }
    let mut seen: HashMap<String, String> = HashMap::new();
    for question in question_bank::bank::seed::questions().expect("the seed parses") {
        seen.insert(normalize(question.stem()), "the seed".into());
    }
    let mut failed = false;
    for file in &files {
        let bytes = match std::fs::read(file) {
            Ok(bytes) => bytes,
            Err(e) => {
                println!("{file}: cannot read: {e}");
                failed = true;
                continue;
            }
        };
        let rows = match formats::read(Format::Json, &bytes) {
            Ok(rows) => rows,
            Err(e) => {
                println!("{file}: {e}");
                failed = true;
                continue;
            }
        };
        let mut good = Vec::new();
        for (index, row) in rows.into_iter().enumerate() {
            let at = format!("{file} #{index}");
            let question = match row.result {
                Ok(question) => question,
                Err(e) => {
                    println!("{at}: {}", e.message_zh());
                    failed = true;
                    continue;
                }
            };
            for shortfall in quality::shortfalls(&question) {
                println!("{at} ({}): {shortfall:?}", question.stem());
                failed = true;
            }
            if let Some(earlier) = seen.insert(normalize(question.stem()), at.clone()) {
                println!("{at}: the same stem as {earlier}: {}", question.stem());
                failed = true;
            }
            good.push(question);
        }
        for (bank, figures) in quality::figures(&good) {
            println!("{file}: {} {figures:?}", bank.as_str());
        }
    }
    if failed {
        ExitCode::FAILURE
    } else {
        println!("all rows meet the rules");
        ExitCode::SUCCESS
    }
}

fn normalize(stem: &str) -> String {
    stem.chars()
        .filter(|c| !c.is_whitespace() && !"（）() 。，".contains(*c))
        .collect()
}

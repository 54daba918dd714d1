//! 题库质量 over HTTP: the seed bank meets the quality rules in every bank as the page shows
//! them; a question added short of a rule is counted and listed; only staff read it.

use app::auth::Role;
use serde_json::Value;
use tests::{fixture, TestApp};

fn bank<'a>(quality: &'a Value, id: &str) -> &'a Value {
    quality["banks"]
        .as_array()
        .expect("banks")
        .iter()
        .find(|b| b["bank"] == id)
        .unwrap_or_else(|| panic!("no {id} in {quality}"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_page_shows_each_banks_figures_and_the_questions_short_of_a_rule() {
    let app = TestApp::spawn().await;
    let staff = fixture::seed_bank(&app).await;
    let quality = staff.form("/api/bank/quality", &[]).await.ok();
    assert_eq!(
        quality["banks"].as_array().map(Vec::len),
        Some(6),
        "{quality}"
    );
    for b in quality["banks"].as_array().expect("banks") {
        assert_eq!(b["meets_rules"], true, "{b}");
        assert!(b["questions"].as_i64() >= Some(300), "{b}");
        assert_eq!(b["short_of_rules"], 0, "{b}");
    }
    assert_eq!(quality["short"], serde_json::json!([]));

    // Variants of a question short of a rule: three options; a multiple choice that leaves
    // one wrong option; an explanation quoting words the article does not hold.
    let shorts: [(&str, &str, &str, &str); 3] = [
        (
            "single_choice",
            "甲\n乙\n丙",
            "A",
            "依据《宪法》第三条：“中华人民共和国的国家机构实行民主集中制的原则。”",
        ),
        (
            "multiple_choice",
            "甲\n乙\n丙\n丁",
            "ABC",
            "依据《宪法》第三条：“中华人民共和国的国家机构实行民主集中制的原则。”",
        ),
        (
            "single_choice",
            "甲\n乙\n丙\n丁",
            "B",
            "依据《宪法》第三条：“国家机构实行集中制。”",
        ),
    ];
    for (n, (kind, options, key, explanation)) in shorts.iter().enumerate() {
        let stem = format!("质量规则第{n}题（ ）。");
        staff
            .form(
                "/api/bank/add",
                &[
                    ("bank", "common"),
                    ("kind", kind),
                    ("stem", stem.as_str()),
                    ("options", options),
                    ("key", key),
                    ("explanation", explanation),
                    ("difficulty", "2"),
                    ("law", "constitution"),
                    ("article", "3"),
                ],
            )
            .await
            .ok();
    }
    let quality = staff.form("/api/bank/quality", &[]).await.ok();
    assert_eq!(bank(&quality, "common")["short_of_rules"], 3, "{quality}");
    assert_eq!(bank(&quality, "common")["meets_rules"], false);
    assert_eq!(bank(&quality, "npc")["meets_rules"], true);
    let listed: Vec<&str> = quality["short"]
        .as_array()
        .expect("short")
        .iter()
        .filter_map(|q| q["stem"].as_str())
        .collect();
    assert_eq!(
        listed,
        [
            "质量规则第0题（ ）。",
            "质量规则第1题（ ）。",
            "质量规则第2题（ ）。"
        ]
    );

    // Anyone who reads the bank reads its figures (they hold no key); nobody else.
    let grader = app.staff(app.city(), Role::Grader).await;
    assert_eq!(grader.form("/api/bank/quality", &[]).await.status, 200);
    assert_eq!(
        app.client().form("/api/bank/quality", &[]).await.status,
        401
    );
}

//! What one login's hash check costs (a tool, not part of the suite): an access code at its
//! own Argon2id cost, a staff password at the full default, on one core of this machine.
//!
//!     cargo run --release -p tests --example hash_cost -- [checks=200]
//!
//! Prints the median and the 99th percentile per check, in milliseconds, and a `RESULT`
//! line for `scripts/bench.sh`.

use std::time::Instant;

use app::auth::password;

fn per_check(stored: &str, secret: &str, checks: usize) -> (f64, f64) {
    let mut ms: Vec<f64> = (0..checks)
        .map(|_| {
            let t = Instant::now();
            assert!(password::verify(secret, stored));
            t.elapsed().as_secs_f64() * 1000.0
        })
        .collect();
    ms.sort_by(f64::total_cmp);
    (
        tests::tools::percentile(&ms, 0.5),
        tests::tools::percentile(&ms, 0.99),
    )
}

fn main() {
    let checks = std::env::args()
        .nth(1)
        .and_then(|n| n.parse().ok())
        .unwrap_or(200);
    let code = password::hash_access_code("K7MX3PQA");
    let staff = password::hash("correct horse battery");
    let (code_p50, code_p99) = per_check(&code, "K7MX3PQA", checks);
    let (staff_p50, staff_p99) = per_check(&staff, "correct horse battery", checks.min(50));
    println!("access code    {code}\n  p50 {code_p50:.3} ms  p99 {code_p99:.3} ms");
    println!("staff password {staff}\n  p50 {staff_p50:.3} ms  p99 {staff_p99:.3} ms");
    println!(
        "RESULT code_p50_ms={code_p50:.3} code_p99_ms={code_p99:.3} staff_p50_ms={staff_p50:.3} staff_p99_ms={staff_p99:.3}"
    );
}

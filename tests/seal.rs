//! The seal (README, "bangfu seal"): one digest over every journal's head, which later
//! proves every sealed journal still starts with the lines it had.

use std::fmt::Write;

use sha2::{Digest, Sha256};

use crate::common::TestStore;

fn hex(bytes: &[u8]) -> String {
    bytes.iter().fold(String::new(), |mut s, b| {
        let _ = write!(s, "{b:02x}");
        s
    })
}

/// Rewrites a journal as a forger would: `edit` each line's body, then recompute seq, prev
/// and hash so that the chain holds again.
pub fn forge(text: &str, edit: impl Fn(usize, &str) -> String) -> String {
    let mut prev = "0".repeat(64);
    let mut out = String::new();
    for (i, line) in text.lines().enumerate() {
        let body = &line[..line.len() - r#","hash":""#.len() - 64 - 2];
        let body = edit(i, body);
        let start = body.find(",\"at\"").unwrap();
        let end = body.rfind(",\"prev\"").unwrap();
        let body = format!(
            "{{\"seq\":{}{},\"prev\":\"{prev}\"}}",
            i + 1,
            &body[start..end]
        );
        let mut h = Sha256::new();
        h.update(prev.as_bytes());
        h.update(body.as_bytes());
        let hash = hex(&h.finalize());
        let _ = writeln!(out, "{},\"hash\":\"{hash}\"}}", &body[..body.len() - 1]);
        prev = hash;
    }
    out
}

fn sealed_store() -> (TestStore, String) {
    let s = TestStore::new();
    s.village("V1", "村", "县", "镇");
    s.household("H1", "V1", "王");
    s.person("P1", "张");
    let digest = s.ok("seal").stdout().trim().to_string();
    (s, digest)
}

#[test]
fn seal_prints_a_digest_and_journals_the_heads() {
    let (s, digest) = sealed_store();
    assert_eq!(digest.len(), 64);
    assert!(digest.bytes().all(|b| b.is_ascii_hexdigit()));
    let last = s.lines("journal.jsonl").pop().unwrap();
    let line: serde_json::Value = serde_json::from_str(&last).unwrap();
    assert_eq!(line["op"], "seal");
    assert_eq!(line["kind"], "journal");
    assert_eq!(line["id"], digest.as_str());
    let heads = line["after"]["heads"].as_array().unwrap();
    let journals: Vec<&str> = heads
        .iter()
        .map(|h| h["journal"].as_str().unwrap())
        .collect();
    assert_eq!(journals, ["journal.jsonl", "villages/V1/journal.jsonl"]);
    assert_eq!(heads[1]["seq"], 2);
    s.ok("verify").stdout_has("no damage");
    s.ok("log").stdout_has("seal");
}

#[test]
fn a_seal_passes_while_the_history_only_grows() {
    let (s, digest) = sealed_store();
    s.run(&["verify", "--seal", &digest])
        .success()
        .stdout_has("no damage");
    s.household("H2", "V1", "李");
    s.ok("household update H1 --size 5");
    s.ok("person remove P1");
    let second = s.ok("seal").stdout().trim().to_string();
    assert_ne!(second, digest);
    s.run(&["verify", "--seal", &digest]).success();
    s.run(&["verify", "--seal", &second]).success();
}

/// The journal `text` with its first line's actor forged and the chain recomputed: the chain
/// alone cannot tell.
fn forged_actor(text: &str) -> String {
    forge(text, |i, body| {
        if i == 0 {
            body.replace("\"actor\":\"tester\"", "\"actor\":\"nobody\"")
        } else {
            body.to_string()
        }
    })
}

#[test]
fn a_rewritten_history_breaks_the_seal_and_names_the_journal() {
    let (s, digest) = sealed_store();
    let path = s.file("villages/V1/journal.jsonl");
    let text = std::fs::read_to_string(&path).unwrap();
    let forged = forged_actor(&text);
    assert_ne!(forged, text);
    std::fs::write(&path, forged).unwrap();
    s.ok("verify");
    s.run(&["verify", "--seal", &digest])
        .status(1)
        .stdout_has("villages/V1/journal.jsonl: damage: line 2 is not the line sealed");
}

#[test]
fn a_seal_with_lines_cut_off_or_an_unknown_digest_fails() {
    let (s, digest) = sealed_store();
    s.run(&["verify", "--seal", &"0".repeat(64)])
        .status(1)
        .stdout_has("no seal with digest 000000");
    // Dropping the sealed journal's last line (and its record) is found.
    let path = s.file("villages/V1/journal.jsonl");
    let text = std::fs::read_to_string(&path).unwrap();
    let first: String = text.split_inclusive('\n').take(1).collect();
    std::fs::write(&path, first).unwrap();
    std::fs::remove_file(s.file("villages/V1/households.jsonl")).unwrap();
    s.run(&["verify", "--seal", &digest])
        .status(1)
        .stdout_has("it has 1 lines, but 2 were sealed");
    s.run(&["--lang", "zh", "verify", "--seal", &digest])
        .status(1)
        .stdout_has(
            "villages/V1/journal.jsonl：损坏：与封存不符：只有 1 行，而封存时有 2 行：有行被删除",
        );
}

/// In Chinese the seal's findings are Chinese; a digest that is not one is bad input.
#[test]
fn a_broken_seal_is_reported_in_chinese_and_a_malformed_digest_is_refused() {
    let (s, digest) = sealed_store();
    s.run(&["--lang", "zh", "verify", "--seal", &"0".repeat(64)])
        .status(1)
        .stdout_has(
            "没有摘要为 0000000000000000000000000000000000000000000000000000000000000000 的封存",
        );
    for bad in ["abc", &"g".repeat(64), &digest[..63]] {
        s.rejects(&["--lang", "zh", "verify", "--seal", bad], 3)
            .stderr_has(&format!("--seal {bad} 不是封存摘要"));
    }
    // The boundary: the digest in capitals, with spaces around it, is the same digest.
    let upper = format!(" {} ", digest.to_uppercase());
    s.run(&["verify", "--seal", &upper]).success();
    let path = s.file("villages/V1/journal.jsonl");
    let text = std::fs::read_to_string(&path).unwrap();
    let forged = forged_actor(&text);
    std::fs::write(&path, forged).unwrap();
    s.run(&["--lang", "zh", "verify", "--seal", &digest])
        .status(1)
        .stdout_has("第 2 行不是封存的那一行");
}

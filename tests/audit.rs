//! The audit trail and the store's integrity: `log`, `verify`, `verify --repair`, writers that
//! refuse to build on damage, file permissions, ids that cannot leave the store, masking.

use std::path::Path;

use crate::common::TestStore;

/// A store with village V1, people P1–P3, team T1 and household H000001 (size 4, with a
/// resident ID number), then updated to size 5 with helper P1.
fn store_with_history() -> TestStore {
    let s = TestStore::new();
    s.with_village_and_team();
    s.ok("household add --village V1 --head 陈大山 --size 4 --id-number 11010519491231002X")
        .stdout_is("H000001\n");
    s.ok("household update H000001 --size 5 --helper P1");
    s
}

/// Rewrites line `n` (1-based) of a store file.
fn edit_line(s: &TestStore, rel: &str, n: usize, edit: impl FnOnce(&str) -> String) {
    let text = s.read(rel);
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    lines[n - 1] = edit(&lines[n - 1]);
    std::fs::write(s.file(rel), lines.join("\n") + "\n").unwrap();
}

fn append(s: &TestStore, rel: &str, bytes: &str) {
    use std::io::Write;
    let mut f = std::fs::OpenOptions::new()
        .append(true)
        .open(s.file(rel))
        .unwrap();
    f.write_all(bytes.as_bytes()).unwrap();
}

// ------------------------------------------------------------------------------------ log

#[test]
fn log_lists_every_change_newest_first() {
    let s = store_with_history();
    let log = s.ok("--format json log").json();
    let seen: Vec<(String, String, String)> = log
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["op"].as_str().unwrap().to_string(),
                e["kind"].as_str().unwrap().to_string(),
                e["id"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let expected = [
        ("update", "household", "H000001"),
        ("add", "household", "H000001"),
        ("add", "team", "T1"),
        ("add", "person", "P3"),
        ("add", "person", "P2"),
        ("add", "person", "P1"),
        ("add", "village", "V1"),
    ];
    let expected: Vec<(String, String, String)> = expected
        .iter()
        .map(|(a, b, c)| (a.to_string(), b.to_string(), c.to_string()))
        .collect();
    assert_eq!(seen, expected);
    // Each entry is the stored line, plus the village it concerns.
    let first = &log[0];
    let keys: Vec<&str> = first
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        keys,
        [
            "seq", "at", "actor", "op", "kind", "id", "before", "after", "prev", "hash", "village"
        ]
    );
    assert_eq!(first["village"], "V1");
    assert_eq!(first["actor"], "tester");
    assert_eq!(first["before"]["size"], 4);
    assert_eq!(first["after"]["size"], 5);
    assert_eq!(log[3]["village"], serde_json::Value::Null);
}

#[test]
fn log_table_says_what_an_update_changed_field_by_field() {
    let s = store_with_history();
    let run = s.ok("log --limit 2");
    let lines: Vec<String> = run.stdout().lines().map(str::to_string).collect();
    assert_eq!(lines.len(), 3, "{}", run.stdout());
    let header: Vec<&str> = lines[0].split_whitespace().collect();
    assert_eq!(
        header,
        ["when", "actor", "op", "kind", "id", "village", "change"]
    );
    assert!(
        lines[1].ends_with(
            "tester  update  household  H000001  V1       size: 4 → 5; helper: (none) → P1"
        ),
        "{}",
        lines[1]
    );
    assert!(
        lines[2].ends_with("tester  add     household  H000001  V1"),
        "{}",
        lines[2]
    );
}

#[test]
fn log_filters_by_village_kind_and_id() {
    let s = store_with_history();
    s.village("V2", "小河村", "西秀区", "旧州镇");
    let ids = |args: &[&str]| -> Vec<String> {
        let mut full = vec!["--format", "json", "log"];
        full.extend_from_slice(args);
        s.run(&full)
            .success()
            .json()
            .as_array()
            .unwrap()
            .iter()
            .map(|e| {
                format!(
                    "{} {}",
                    e["op"].as_str().unwrap(),
                    e["id"].as_str().unwrap()
                )
            })
            .collect()
    };
    assert_eq!(ids(&["--village", "V2"]), ["add V2"]);
    assert_eq!(
        ids(&["--village", "V1"]),
        ["update H000001", "add H000001", "add T1", "add V1"]
    );
    assert_eq!(ids(&["--kind", "person", "--limit", "1"]), ["add P3"]);
    assert_eq!(
        ids(&["--kind", "households"]),
        ["update H000001", "add H000001"]
    );
    assert_eq!(ids(&["--id", "T1"]), ["add T1"]);
    // A village the store never had is a mistake, not a village without changes.
    s.refuses("log --village V9", 3)
        .stderr_has("--village V9 is not a known village, nor a removed one");
}

#[test]
fn log_keeps_the_history_of_a_removed_village() {
    let s = TestStore::new();
    for args in [
        &[
            "village",
            "add",
            "--id",
            "V2",
            "--name",
            "小河村",
            "--county",
            "西秀区",
            "--township",
            "旧州镇",
        ][..],
        &["village", "update", "V2", "--population", "800"],
        &["village", "remove", "V2"],
    ] {
        s.run(args).success();
    }
    assert!(s.file("removed/villages/V2/journal.jsonl").is_file());
    let log = s.ok("--format json log --village V2").json();
    let ops: Vec<&str> = log
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["op"].as_str().unwrap())
        .collect();
    assert_eq!(ops, ["remove", "update", "add"]);
    s.ok("verify");
}

#[test]
fn log_rejects_an_unknown_kind() {
    let s = store_with_history();
    s.refuses("log --kind cow", 3).stderr_is(
        "bangfu: error: --kind cow is not a kind of record; expected one of person, village, \
         team, household, allocation, plan, member, case, attendance, leave, assessment or \
         policy\n",
    );
    s.refuses("--lang zh log --kind cow", 3)
        .stderr_has("--kind cow 不是记录类型；应为 person, village,");
    // Plurals and the policy are kinds `log` knows.
    s.ok("log --kind households").stdout_has("H000001");
    s.ok("log --kind policy").stdout_lacks("H000001");
}

#[test]
fn log_speaks_chinese_under_lang_zh() {
    let s = store_with_history();
    let run = s.ok("--lang zh log --limit 2");
    let lines: Vec<String> = run.stdout().lines().map(str::to_string).collect();
    let header: Vec<&str> = lines[0].split_whitespace().collect();
    assert_eq!(
        header,
        ["时间", "操作人", "操作", "类型", "编号", "村", "变更"]
    );
    assert!(
        lines[1].ends_with("tester  修改  贫困户  H000001  V1  size：4 → 5; helper：（无） → P1"),
        "{}",
        lines[1]
    );
    assert!(
        lines[2].contains("tester  新增  贫困户  H000001"),
        "{}",
        lines[2]
    );
    s.ok("--lang zh --format csv log --limit 1")
        .stdout_has("时间,操作人,操作,类型,编号,村,变更\n")
        .stdout_has(",tester,修改,贫困户,H000001,V1,");
    // JSON is the journal as stored, whatever the language.
    let json = s.ok("--lang zh --format json log --limit 1").json();
    assert_eq!(json[0]["op"], "update");
    assert_eq!(json[0]["kind"], "household");
    // English is unchanged.
    s.ok("--lang en --format csv log --limit 1")
        .stdout_has("when,actor,op,kind,id,village,change\n")
        .stdout_has(",tester,update,household,H000001,V1,");
}

#[test]
fn log_masks_id_numbers_and_phones_unless_unmasked() {
    let s = store_with_history();
    s.ok("person add --id P9 --name 赵六 --id-number 11010519491231002X --phone 13800138000");
    s.ok("person update P9 --phone 13900139000");
    for format in ["table", "json", "csv"] {
        let run = s.run(&["--format", format, "log"]).success();
        let out = run.stdout();
        assert!(!out.contains("11010519491231002X"), "{format}:\n{out}");
        assert!(!out.contains("13800138000"), "{format}:\n{out}");
        assert!(!out.contains("13900139000"), "{format}:\n{out}");
    }
    s.ok("--format json log --id P9")
        .stdout_has(r#""id_number": "110105********002X""#)
        .stdout_has(r#""phone": "*******9000""#);
    s.ok("log --id P9 --limit 1")
        .stdout_has("phone: *******8000 → *******9000");
    s.ok("--unmask log --id P9")
        .stdout_has("phone: 13800138000 → 13900139000");
    s.ok("--unmask --format json log")
        .stdout_has("11010519491231002X");
}

#[test]
fn log_skips_a_last_line_still_being_written() {
    let s = store_with_history();
    append(&s, "villages/V1/journal.jsonl", r#"{"seq":6,"at":"20"#);
    let log = s.ok("--format json log").json();
    assert_eq!(log.as_array().unwrap().len(), 7);
}

// --------------------------------------------------------------------------------- verify

#[test]
fn verify_accepts_a_store_the_tool_wrote() {
    let s = store_with_history();
    s.ok("village official V1 --person P2 --role director");
    s.ok("verify")
        .stdout_is("verified 7 files, 9 journal entries: no damage\n");
    let report = s.ok("--format json verify").json();
    assert_eq!(report["clean"], true);
    assert_eq!(report["problems"], serde_json::json!([]));
}

#[test]
fn verify_an_empty_store() {
    let s = TestStore::new();
    s.ok("verify")
        .stdout_is("verified 1 file, 0 journal entries: no damage\n");
}

#[test]
fn verify_reports_a_record_edited_by_hand() {
    let s = store_with_history();
    edit_line(&s, "villages/V1/households.jsonl", 1, |l| {
        l.replace(r#""size":5"#, r#""size":6"#)
            .replace("11010519491231002X", "110105194912310038")
    });
    s.cmd("verify").status(1).stdout_is(
        "villages/V1/households.jsonl:1: damage: household H000001 differs from the journal's \
         last entry for it (villages/V1/journal.jsonl:4) in id_number, size\n\
         verified 7 files, 8 journal entries: 1 problem found; 1 problem cannot be repaired by \
         the tool, which never rewrites history: restore from a backup or have it reviewed\n",
    );
    let report = s.cmd("--format json verify").status(1).json();
    assert_eq!(report["clean"], false);
    assert_eq!(report["problems"][0]["code"], "record_differs");
    assert_eq!(
        report["problems"][0]["path"],
        "villages/V1/households.jsonl"
    );
    assert_eq!(report["problems"][0]["line"], 1);
}

#[test]
fn verify_speaks_chinese_under_lang_zh() {
    let s = store_with_history();
    s.ok("--lang zh verify")
        .stdout_is("已校验 7 个文件、8 条日志：未发现损坏\n");
    edit_line(&s, "villages/V1/households.jsonl", 1, |l| {
        l.replace(r#""size":5"#, r#""size":6"#)
    });
    append(&s, "villages/V1/journal.jsonl", r#"{"seq":9,"at":"20"#);
    let run = s.cmd("--lang zh verify").status(1).stdout_is(
        "villages/V1/households.jsonl:1：损坏：贫困户 H000001 与日志中它的最后一条记录\
         （villages/V1/journal.jsonl:4）不一致，不同的字段：size\n\
         villages/V1/journal.jsonl:5：损坏：最后一行不完整（没有结尾的换行符；追加时发生了崩溃？）；\
         --repair 会截去它并保留副本\n\
         已校验 7 个文件、8 条日志：发现 2 个问题；`bangfu verify --repair` 可修复其中可以安全修复的 \
         1 个；1 个问题无法由工具修复（工具从不改写历史）：请从备份恢复，或交人审查\n",
    );
    for line in run.stdout().lines() {
        // Paths and stored field names stay as they are.
        let text = line
            .replace("villages/V1/journal.jsonl", "")
            .replace("villages/V1/households.jsonl", "")
            .replace("size", "");
        assert_eq!(bangfu::lang::english_word_in(&text), None, "{line}");
    }
    // JSON keeps its keys and codes; the message follows the language.
    let report = s.cmd("--lang zh --format json verify").status(1).json();
    assert_eq!(report["problems"][0]["code"], "record_differs");
    assert_eq!(report["problems"][0]["severity"], "damage");
    assert!(
        report["problems"][0]["message"]
            .as_str()
            .unwrap()
            .starts_with("贫困户 H000001 与日志")
    );
    let repaired = s.cmd("--lang zh verify --repair").status(1);
    repaired
        .stdout_has("villages/V1/journal.jsonl：已修复：截去了不完整的最后一行日志")
        .stdout_has("villages/V1/households.jsonl:1：未修复：贫困户 H000001");
    // English is unchanged.
    s.cmd("--lang en verify")
        .status(1)
        .stdout_has("villages/V1/households.jsonl:1: damage: household H000001 differs")
        .stdout_lacks("贫困户");
}

#[test]
fn verify_accepts_a_record_rewritten_with_the_same_content() {
    let s = store_with_history();
    // Key order and spacing differ; the JSON value is the same.
    edit_line(&s, "villages/V1/households.jsonl", 1, |l| {
        let v: serde_json::Value = serde_json::from_str(l).unwrap();
        serde_json::to_string_pretty(&v).unwrap().replace('\n', " ")
    });
    s.ok("verify");
}

#[test]
fn verify_reports_a_journal_line_edited_after_it_was_written() {
    let s = store_with_history();
    edit_line(&s, "villages/V1/journal.jsonl", 2, |l| {
        l.replace(r#""actor":"tester""#, r#""actor":"someone""#)
    });
    s.cmd("verify")
        .status(1)
        .stdout_has(
            "villages/V1/journal.jsonl:2: damage: hash does not match the line's content \
             (edited after it was written?)\n",
        )
        .stdout_has("1 problem found");
}

/// Rewrites the last line of a journal with `edit` and gives it the hash its new content
/// has, as someone who knows the chain's rule could: only the line's own reading can tell.
fn rewrite_last_line_and_hash(s: &TestStore, rel: &str, edit: impl FnOnce(&str) -> String) {
    use bangfu::store::journal::{chain_hash, split_line};
    let text = s.read(rel);
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    let last = lines.pop().unwrap();
    let prev = last.split(r#""prev":""#).nth(1).unwrap()[..64].to_string();
    let (body, _) = split_line(&edit(&last)).unwrap();
    let hash = chain_hash(&prev, &body);
    lines.push(format!(r#"{},"hash":"{hash}"}}"#, &body[..body.len() - 1]));
    std::fs::write(s.file(rel), lines.join("\n") + "\n").unwrap();
}

#[test]
fn verify_reports_a_rehashed_line_that_is_not_json_though_its_record_is_whole() {
    // The household's record is untouched, and the line's `after` is still its text: the
    // line is read without parsing that text, and must still be read in full otherwise.
    for (from, to, error) in [
        (
            r#""seq":"#,
            r#""seq":0"#,
            "invalid number at line 1 column 9",
        ),
        (
            r#""actor":"te"#,
            r#""actor":"te	"#,
            "control character (\\u0000-\\u001F) found while parsing a string",
        ),
    ] {
        let s = TestStore::new();
        s.with_village_and_team();
        s.ok("household add --village V1 --head 陈大山 --size 4");
        s.ok("verify");
        let rel = "villages/V1/journal.jsonl";
        let n = s.read(rel).lines().count();
        rewrite_last_line_and_hash(&s, rel, |l| {
            assert!(l.contains(from), "{l}");
            l.replacen(from, to, 1)
        });
        s.refuses("verify", 1).stdout_has(&format!(
            "villages/V1/journal.jsonl:{n}: damage: the line is not a journal entry: {error}"
        ));
    }
}

#[test]
fn boundary_a_rehashed_line_with_an_escape_is_still_a_journal_entry() {
    let s = TestStore::new();
    s.with_village_and_team();
    s.ok("household add --village V1 --head 陈大山 --size 4");
    rewrite_last_line_and_hash(&s, "villages/V1/journal.jsonl", |l| {
        l.replacen(r#""actor":""#, r#""actor":"\u6e05"#, 1)
    });
    s.ok("verify").stdout_has("no damage");
    s.ok("log --village V1").stdout_has("清tester");
}

#[test]
fn verify_reports_a_journal_line_removed_from_the_middle() {
    let s = store_with_history();
    let text = s.read("villages/V1/journal.jsonl");
    let lines: Vec<&str> = text.lines().collect();
    std::fs::write(
        s.file("villages/V1/journal.jsonl"),
        format!("{}\n{}\n{}\n", lines[0], lines[1], lines[3]),
    )
    .unwrap();
    let report = s.cmd("--format json verify").status(1).json();
    let found: Vec<(String, u64, String)> = report["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["code"].as_str().unwrap().to_string(),
                p["line"].as_u64().unwrap(),
                p["message"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(
        found,
        [
            (
                "broken_chain".to_string(),
                3,
                "seq is 4, expected 3 (a line was removed or inserted?)".to_string()
            ),
            (
                "broken_chain".to_string(),
                3,
                "prev is not the hash of the line before (a line was removed, inserted or edited?)"
                    .to_string()
            ),
        ]
    );
}

#[test]
fn verify_reports_a_missing_record_and_one_the_journal_never_saw() {
    let s = store_with_history();
    std::fs::remove_file(s.file("villages/V1/households.jsonl")).unwrap();
    let team = s.read("villages/V1/teams.jsonl");
    std::fs::write(
        s.file("villages/V1/teams.jsonl"),
        format!(
            "{team}{}\n",
            team.trim_end().replace(r#""id":"T1""#, r#""id":"T2""#)
        ),
    )
    .unwrap();
    s.cmd("verify")
        .status(1)
        .stdout_has(
            "villages/V1/journal.jsonl:4: damage: the journal's last entry for household \
             H000001 (update) says it exists, but it is not in the store\n",
        )
        .stdout_has(
            "villages/V1/teams.jsonl:2: damage: team T2 has no entry in \
             villages/V1/journal.jsonl: added or changed by hand, or its history was lost\n",
        );
}

#[test]
fn verify_reports_a_record_removed_in_the_journal_but_still_present() {
    let s = store_with_history();
    let line = s.read("villages/V1/households.jsonl");
    s.ok("household remove H000001");
    std::fs::write(s.file("villages/V1/households.jsonl"), line).unwrap();
    s.cmd("verify").status(1).stdout_has(
        "villages/V1/households.jsonl:1: damage: household H000001 is present, but the \
         journal's last entry for it (villages/V1/journal.jsonl:5) removed it\n",
    );
}

#[test]
fn verify_reports_files_that_do_not_parse_with_their_line() {
    let s = store_with_history();
    append(
        &s,
        "villages/V1/teams.jsonl",
        "{\"id\":\"T5\",\"colour\":\"red\"}\nnot json\n",
    );
    append(&s, "people.jsonl", "\u{0}\n");
    let run = s.cmd("verify").status(1);
    run.stdout_has(
        "villages/V1/teams.jsonl:2: damage: is not a team record: unknown field `colour`",
    )
    .stdout_has("villages/V1/teams.jsonl:3: damage: is not a team record: expected ident at line 1")
    .stdout_has("people.jsonl:4: damage: is not a person record")
    .stdout_has("3 problems found;");
}

#[test]
fn verify_reports_a_policy_changed_by_hand() {
    let s = TestStore::new();
    let manifest = s.read("bangfu.json");
    std::fs::write(
        s.file("bangfu.json"),
        manifest.replace(r#""policy": {}"#, r#""policy": {"min_team_members": 1}"#),
    )
    .unwrap();
    s.cmd("verify").status(1).stdout_has(
        "bangfu.json: damage: the policy has settings that no entry in journal.jsonl accounts \
         for: set by hand\n",
    );
}

#[test]
fn verify_one_village_reads_only_its_directory() {
    let s = store_with_history();
    edit_line(&s, "people.jsonl", 1, |l| l.replace("王芳", "王方"));
    s.cmd("verify").status(1);
    s.ok("verify --village V1")
        .stdout_is("verified 4 files, 4 journal entries: no damage\n");
    s.refuses("verify --village V9", 3)
        .stderr_is("bangfu: error: --village V9 is not a known village\n");
    s.refuses("--lang zh verify --village V9", 3)
        .stderr_is("bangfu: error: --village V9 不是已知的村\n");
    for command in ["verify", "log"] {
        s.refuses(&format!("{command} --village ../V1"), 3)
            .stderr_is(
                "bangfu: error: --village ../V1 is not a valid id; expected 1-64 characters from \
             A-Z a-z 0-9 . _ - not starting with . or -\n",
            );
    }
}

#[test]
fn verify_outside_a_store_is_a_store_problem() {
    let s = TestStore::empty();
    s.cmd("verify").status(4);
}

// --------------------------------------------------------------------------------- repair

#[test]
fn a_torn_journal_line_stops_writers_until_repaired() {
    let s = store_with_history();
    append(&s, "villages/V1/journal.jsonl", r#"{"seq":5,"at":"2026-"#);
    let household = [
        "household",
        "add",
        "--village",
        "V1",
        "--head",
        "李四",
        "--size",
        "2",
    ];
    s.rejects(&household, 4)
        .stderr_has("villages/V1/journal.jsonl: the last line is torn")
        .stderr_has("run `bangfu verify --repair` to cut the torn line off (a copy is kept)");
    // Other villages' journals are not touched by this change, so it goes ahead.
    s.ok("person add --id P7 --name 钱七");
    s.cmd("verify")
        .status(1)
        .stdout_has(
            "villages/V1/journal.jsonl:5: damage: the last line is torn (no final newline; a \
             crash mid-append?); --repair cuts it off, keeping a copy\n",
        )
        .stdout_has("`bangfu verify --repair` fixes the 1 that is safe to fix");
    let run = s.ok("verify --repair");
    let stdout = run.stdout();
    let first = stdout.lines().next().unwrap();
    assert!(
        first.starts_with(
            "villages/V1/journal.jsonl: repaired: cut off the torn last journal line (20 bytes \
             of an append a crash interrupted); kept a copy in removed/repair/"
        ),
        "{stdout}"
    );
    let kept = first.rsplit(' ').next().unwrap();
    assert!(kept.ends_with("/villages/V1/journal.jsonl.torn"));
    assert_eq!(s.read(kept), r#"{"seq":5,"at":"2026-"#);
    assert!(s.read("villages/V1/journal.jsonl").ends_with("}\n"));
    s.run(&household).success().stdout_is("H000002\n");
    s.ok("verify");
}

#[test]
fn repair_ends_a_last_line_that_lacks_only_its_newline() {
    let s = store_with_history();
    let text = s.read("villages/V1/journal.jsonl");
    std::fs::write(s.file("villages/V1/journal.jsonl"), text.trim_end()).unwrap();
    s.cmd("verify")
        .status(1)
        .stdout_has("the last line is torn");
    s.ok("verify --repair").stdout_is(
        "villages/V1/journal.jsonl: repaired: ended the last journal line, which was whole but \
         for its newline\nverified 7 files, 8 journal entries: no damage\n",
    );
    assert_eq!(s.read("villages/V1/journal.jsonl"), text);
}

#[test]
fn repair_removes_stray_temporary_files_keeping_a_copy() {
    let s = store_with_history();
    std::fs::write(s.file("villages/V1/.households.jsonl.tmp-99-0"), "half").unwrap();
    std::fs::create_dir(s.file("villages/V8")).unwrap();
    std::fs::write(s.file("villages/V8/.village.json.tmp-99-1"), "{").unwrap();
    s.ok("verify")
        .stdout_has(
            "villages/V1/.households.jsonl.tmp-99-0: notice: a temporary file left by a command \
             stopped before its change was committed; --repair removes it, keeping a copy\n",
        )
        .stdout_has("villages/V8: notice: an empty directory for village V8")
        .stdout_has("no damage; 3 notices");
    s.ok("verify --repair")
        .stdout_has("villages/V8: repaired: removed an empty village directory\n")
        .stdout_has("verified 7 files, 8 journal entries: no damage\n");
    assert!(!s.file("villages/V1/.households.jsonl.tmp-99-0").exists());
    assert!(!s.file("villages/V8").exists());
    let kept: Vec<_> = std::fs::read_dir(s.file("removed/repair"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(kept.len(), 1);
    assert_eq!(
        std::fs::read_to_string(kept[0].join("villages/V1/households.jsonl.tmp-99-0")).unwrap(),
        "half"
    );
    // A second repair finds nothing to do.
    s.ok("verify --repair")
        .stdout_is("verified 7 files, 8 journal entries: no damage\n");
}

#[test]
fn repair_rebuilds_a_stale_or_damaged_index() {
    let s = store_with_history();
    s.ok("household show H000001");
    let shards = s.file(".cache/index/households");
    for entry in std::fs::read_dir(&shards).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "tsv") {
            std::fs::write(&path, "H000001\t../../elsewhere\n").unwrap();
        }
    }
    s.ok("verify")
        .stdout_has(".cache: notice: the id index is damaged");
    s.ok("verify --repair")
        .stdout_has(".cache: repaired: rebuilt the id index from the records\n");
    s.ok("household show H000001");
    s.ok("verify")
        .stdout_is("verified 7 files, 8 journal entries: no damage\n");
}

#[test]
fn verify_finds_an_index_entry_placing_a_record_in_another_village() {
    let s = store_with_history();
    s.ok("village add --id V2 --name 小河村 --county 普定县 --township 马官镇");
    s.ok("household show H000001");
    s.ok("verify")
        .stdout_is("verified 9 files, 10 journal entries: no damage\n");
    let shards = s.file(".cache/index/households");
    let shard = std::fs::read_dir(&shards)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| std::fs::read_to_string(p).unwrap().starts_with("H000001\t"))
        .expect("the shard of H000001");
    std::fs::write(&shard, "H000001\tV2\n").unwrap();
    s.ok("verify").stdout_has(
        ".cache: notice: the id index is stale (1 entries out of date); --repair rebuilds it",
    );
    // An id on two lines of a shard: the last one is the index's, as a command reads it.
    std::fs::write(&shard, "H000001\tV2\nH000001\tV1\n").unwrap();
    s.ok("verify")
        .stdout_is("verified 9 files, 10 journal entries: no damage\n");
    std::fs::write(&shard, "H000001\tV1\nH000001\tV2\n").unwrap();
    s.ok("verify").stdout_has(
        ".cache: notice: the id index is stale (1 entries out of date); --repair rebuilds it",
    );
    s.ok("verify --repair")
        .stdout_has(".cache: repaired: rebuilt the id index from the records\n");
    s.ok("verify")
        .stdout_is("verified 9 files, 10 journal entries: no damage\n");
}

#[test]
fn verify_finds_two_records_whose_villages_the_index_swapped_and_ignores_extra_lines() {
    let s = store_with_history();
    s.ok("village add --id V2 --name 小河村 --county 普定县 --township 马官镇");
    s.ok("household add --village V2 --head 王小河 --size 2")
        .stdout_is("H000002\n");
    s.ok("household show H000002");
    let shard_of = |id: &str| {
        std::fs::read_dir(s.file(".cache/index/households"))
            .unwrap()
            .map(|e| e.unwrap().path())
            .find(|p| {
                std::fs::read_to_string(p)
                    .unwrap()
                    .lines()
                    .any(|l| l.starts_with(&format!("{id}\t")))
            })
            .expect("the shard of the id")
    };
    let (first, second) = (shard_of("H000001"), shard_of("H000002"));
    let rewrite = |path: &std::path::Path, from: &str, to: &str| {
        let text = std::fs::read_to_string(path).unwrap().replace(from, to);
        std::fs::write(path, text).unwrap();
    };
    let original = (
        std::fs::read_to_string(&first).unwrap(),
        std::fs::read_to_string(&second).unwrap(),
    );
    // Each shard keeps its one line for each id, sorted: only the villages are wrong.
    rewrite(&first, "H000001\tV1", "H000001\tV2");
    rewrite(&second, "H000002\tV2", "H000002\tV1");
    s.ok("verify").stdout_has(
        ".cache: notice: the id index is stale (2 entries out of date); --repair rebuilds it",
    );
    // A line for a record that is not there, in order and beside the right ones, is not
    // an entry out of date: no record is misplaced.
    std::fs::write(&first, &original.0).unwrap();
    std::fs::write(&second, &original.1).unwrap();
    let extra = format!("{}H999999\tV1\n", original.0);
    std::fs::write(&first, extra).unwrap();
    s.ok("verify")
        .stdout_is("verified 10 files, 11 journal entries: no damage\n");
}

#[test]
fn a_command_builds_the_index_of_the_kinds_it_looks_up_only() {
    let s = store_with_history();
    s.ok("member add --household H000001 --name 陈小 --relation child")
        .stdout_is("M000001\n");
    std::fs::remove_dir_all(s.file(".cache")).unwrap();
    s.ok("household show H000001").stdout_has("陈大山");
    assert!(s.file(".cache/index/households/ready").is_file());
    assert!(!s.file(".cache/index/members").exists());
    // verify checks the kinds whose index is complete, and misses none it lacks.
    s.ok("verify")
        .stdout_is("verified 8 files, 9 journal entries: no damage\n");
    s.ok("member show M000001").stdout_has("陈小");
    assert!(s.file(".cache/index/members/ready").is_file());
    assert!(s.file(".cache/index/households/ready").is_file());
    // A household added now goes into the households' index kept from before.
    s.ok("household add --village V1 --head 王二 --size 2")
        .stdout_is("H000002\n");
    s.ok("verify")
        .stdout_is("verified 8 files, 10 journal entries: no damage\n");
}

#[test]
fn building_one_kinds_index_does_not_hide_a_hand_edit_from_another_kinds_lookup() {
    let s = store_with_history();
    s.ok("member add --household H000001 --name 陈小 --relation child")
        .stdout_is("M000001\n");
    let tick = || std::thread::sleep(std::time::Duration::from_millis(60));
    tick();
    // A household added by hand, after the households' index was last brought up to date.
    let line = s
        .read("villages/V1/households.jsonl")
        .lines()
        .next()
        .unwrap()
        .replace("H000001", "H000009");
    append(&s, "villages/V1/households.jsonl", &format!("{line}\n"));
    tick();
    // The members' index built again: the households' one is kept, not made up to date.
    std::fs::remove_dir_all(s.file(".cache/index/members")).unwrap();
    s.ok("member show M000001");
    s.ok("household show H000009").stdout_has("H000009");
}

#[test]
fn an_invalidated_index_is_rebuilt_whole_not_a_kind_at_a_time() {
    let s = store_with_history();
    s.ok("village add --id V2 --name 小河村 --county 普定县 --township 马官镇");
    s.ok("member add --household H000001 --name 陈小 --relation child")
        .stdout_is("M000001\n");
    s.ok("household show H000001");
    // A merge invalidates the index by removing its format marker; a households' shard
    // gone stale under it must not come back as trusted with the members' rebuild.
    let shards = s.file(".cache/index/households");
    for entry in std::fs::read_dir(&shards).unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        if text.starts_with("H000001\t") {
            std::fs::write(&path, "H000001\tV2\n").unwrap();
        }
    }
    std::fs::remove_file(s.file(".cache/index/format-1")).unwrap();
    s.ok("member show M000001").stdout_has("陈小");
    assert!(!s.file(".cache/index/households").exists());
    s.ok("verify")
        .stdout_is("verified 10 files, 11 journal entries: no damage\n");
}

#[test]
fn repair_leaves_damage_it_cannot_safely_fix() {
    let s = store_with_history();
    edit_line(&s, "villages/V1/households.jsonl", 1, |l| {
        l.replace(r#""size":5"#, r#""size":6"#)
    });
    let before = s.snapshot();
    s.cmd("verify --repair")
        .status(1)
        .stdout_has(
            "villages/V1/households.jsonl:1: damage: household H000001 differs from the \
             journal's last entry",
        )
        .stdout_has("1 problem cannot be repaired by the tool");
    assert!(
        before == s.snapshot(),
        "repair changed a file it cannot fix"
    );
}

// ------------------------------------------------------------------ writers refuse damage

#[test]
fn writers_refuse_a_village_whose_journal_chain_is_broken() {
    let s = store_with_history();
    edit_line(&s, "villages/V1/journal.jsonl", 3, |l| {
        l.replace(r#""size":4"#, r#""size":3"#)
    });
    s.refuses("household update H000001 --size 6", 4)
        .stderr_has(
            "villages/V1/journal.jsonl: the journal's chain is broken near its end: hash does \
             not match the line's content (edited after it was written?); nothing was written: \
             run `bangfu verify` to see the damage",
        );
    // The last line alone is self-consistent; a writer still sees the line before it.
    let text = s.read("villages/V1/journal.jsonl");
    let lines: Vec<&str> = text.lines().collect();
    std::fs::write(
        s.file("villages/V1/journal.jsonl"),
        format!("{}\n{}\n{}\n", lines[0], lines[1], lines[3]),
    )
    .unwrap();
    s.refuses("household update H000001 --size 6", 4)
        .stderr_has("seq is 4, expected 3");
}

#[test]
fn writers_refuse_a_store_journal_whose_last_line_was_edited() {
    let s = store_with_history();
    // Line 1 registers village V1; lines 2-4 add P1-P3.
    edit_line(&s, "journal.jsonl", 4, |l| l.replace("张伟", "张三"));
    s.refuses("person add --name 孙八", 4).stderr_has(
        "journal.jsonl: the journal's chain is broken near its end: hash does not match",
    );
}

#[test]
fn an_intent_naming_a_path_outside_the_store_is_refused() {
    let s = store_with_history();
    let outside = s.path().join("..").join("bangfu-outside-canary");
    std::fs::write(
        s.file(".intent.json"),
        r#"{"steps":[{"delete":{"target":"../bangfu-outside-canary"}}]}"#,
    )
    .unwrap();
    std::fs::write(&outside, "keep me").unwrap();
    s.refuses("person add --name 孙八", 4)
        .stderr_has("names ../bangfu-outside-canary outside the store");
    assert_eq!(std::fs::read_to_string(&outside).unwrap(), "keep me");
    std::fs::remove_file(&outside).unwrap();
    s.cmd("verify")
        .status(1)
        .stdout_has(".intent.json: damage: a change interrupted by a crash cannot be completed");
}

// -------------------------------------------------------------------------------- privacy

#[cfg(unix)]
fn assert_private(root: &Path) -> usize {
    use std::os::unix::fs::PermissionsExt;
    let mut seen = 0;
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
            if path.is_dir() {
                assert_eq!(mode, 0o700, "{}", path.display());
                stack.push(path);
            } else {
                assert_eq!(mode, 0o600, "{}", path.display());
            }
            seen += 1;
        }
    }
    seen
}

#[cfg(unix)]
#[test]
fn every_store_file_is_private_to_its_owner() {
    use std::os::unix::fs::PermissionsExt;
    let s = TestStore::empty();
    let root = s.path().join("county");
    let store = root.to_str().unwrap();
    let run = |args: &[&str]| {
        let mut full = vec!["--store", store];
        full.extend_from_slice(args);
        crate::common::bangfu().args(&full).assert().success();
    };
    crate::common::bangfu()
        .args(["init", store])
        .assert()
        .success();
    run(&[
        "village",
        "add",
        "--id",
        "V1",
        "--name",
        "大坪村",
        "--county",
        "西秀区",
        "--township",
        "旧州镇",
    ]);
    run(&[
        "village",
        "add",
        "--id",
        "V2",
        "--name",
        "小河村",
        "--county",
        "西秀区",
        "--township",
        "旧州镇",
    ]);
    run(&["person", "add", "--id", "P1", "--name", "王芳"]);
    run(&[
        "household",
        "add",
        "--village",
        "V1",
        "--head",
        "陈大山",
        "--size",
        "4",
    ]);
    run(&["village", "remove", "V2"]);
    std::fs::write(root.join("villages/V1/.households.jsonl.tmp-9-9"), "x").unwrap();
    run(&["verify", "--repair"]);
    let mode = std::fs::metadata(&root).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o700);
    for rel in [
        ".lock",
        "journal.jsonl",
        "villages/V1/journal.jsonl",
        "villages/V1/households.jsonl",
        ".cache/index",
        "removed/villages/V2/journal.jsonl",
        "removed/repair",
    ] {
        assert!(root.join(rel).exists(), "{rel} was not made");
    }
    assert!(assert_private(&root) > 15);
}

#[test]
fn no_id_can_name_a_path_outside_the_store() {
    let s = TestStore::new();
    s.with_village_and_team();
    let sneaky = ["../x", "../../etc", "..", "a/b", "/etc", ".hidden"];
    for id in sneaky {
        for (kind, add) in [
            ("person", vec!["--name", "x"]),
            (
                "village",
                vec!["--name", "x", "--county", "c", "--township", "t"],
            ),
            (
                "team",
                vec![
                    "--village",
                    "V1",
                    "--unit",
                    "u",
                    "--leader",
                    "P1",
                    "--member",
                    "P1",
                    "--dispatched-on",
                    "2015-01-01",
                ],
            ),
            (
                "household",
                vec!["--village", "V1", "--head", "x", "--size", "1"],
            ),
            (
                "allocation",
                vec![
                    "--village",
                    "V1",
                    "--kind",
                    "funds",
                    "--amount",
                    "1",
                    "--date",
                    "2015-01-01",
                ],
            ),
            (
                "plan",
                vec!["--village", "V1", "--category", "other", "--title", "x"],
            ),
        ] {
            let mut args = vec![kind, "add", "--id", id];
            args.extend(add.iter().copied());
            s.rejects(&args, 3).stderr_has("is not a valid id");
            s.rejects(&[kind, "show", id], 3);
            s.rejects(&[kind, "remove", id], 3);
        }
        for kind in ["team", "household", "allocation", "plan"] {
            s.rejects(&[kind, "list", "--village", id], 3);
        }
        s.rejects(
            &[
                "household",
                "add",
                "--village",
                id,
                "--head",
                "x",
                "--size",
                "1",
            ],
            3,
        );
        s.rejects(&["log", "--village", id], 3)
            .stderr_has("is not a valid id");
        s.rejects(&["verify", "--village", id], 3)
            .stderr_has("is not a valid id");
    }
}

#[test]
fn verify_never_shows_an_id_number() {
    let s = store_with_history();
    edit_line(&s, "villages/V1/households.jsonl", 1, |l| {
        l.replace("11010519491231002X", "110105194912310038")
    });
    for format in ["table", "json"] {
        let run = s.run(&["--format", format, "verify"]).status(1);
        assert!(!run.stdout().contains("1101051949123"), "{}", run.stdout());
    }
}

#[test]
fn verify_reports_a_journal_line_about_an_unknown_kind() {
    let s = store_with_history();
    edit_line(&s, "villages/V1/journal.jsonl", 1, |l| {
        l.replace(r#""kind":"village""#, r#""kind":"cow""#)
    });
    s.refuses("verify", 1).stdout_has(
        "villages/V1/journal.jsonl:1: damage: the line is not a journal entry: unknown kind \
         `cow`, expected one of person, village,",
    );
    // `log` does not guess what the line was about.
    s.refuses("log", 4)
        .stderr_has("run `bangfu verify` to see the damage");
}

#[test]
fn records_added_or_moved_by_hand_are_found_by_the_commands_that_change_them() {
    let s = store_with_history();
    s.ok("village add --id V2 --name 小河村 --county 普定县 --township 马官镇");
    // H000009 added by hand in V1, then another household added by a command: the
    // command's write does not hide the hand edit from the index.
    let line = s
        .read("villages/V1/households.jsonl")
        .lines()
        .next()
        .unwrap()
        .to_string();
    append(
        &s,
        "villages/V1/households.jsonl",
        &format!("{}\n", line.replace("H000001", "H000009")),
    );
    s.ok("household add --village V2 --head 王二 --size 2")
        .stdout_is("H000002\n");
    s.ok("household update H000009 --size 3");
    s.ok("household assign H000009 --helper P2");
    s.ok("member add --household H000009 --name 陈小 --relation child")
        .stdout_is("M000001\n");
    // The boundary: an id in no file is still unknown.
    s.refuses("household update H000008 --size 3", 3)
        .stderr_has("household H000008 does not exist");
    s.refuses(
        "member add --household H000008 --name 陈小 --relation child",
        3,
    )
    .stderr_has("--household H000008");
    // H000001 moved by hand from V1 to V2: it is changed where it now is.
    let v1 = s.read("villages/V1/households.jsonl");
    let (moved, kept): (Vec<&str>, Vec<&str>) = v1.lines().partition(|l| l.contains("\"H000001\""));
    std::fs::write(
        s.file("villages/V1/households.jsonl"),
        kept.join("\n") + "\n",
    )
    .unwrap();
    let moved = moved[0].replace(r#""village":"V1""#, r#""village":"V2""#);
    append(&s, "villages/V2/households.jsonl", &format!("{moved}\n"));
    s.ok("household update H000001 --size 7");
    assert!(
        s.read("villages/V2/households.jsonl")
            .contains(r#""size":7"#)
    );
    assert!(!s.read("villages/V1/households.jsonl").contains("H000001"));
    // And removed by hand: the index no longer places it anywhere.
    let v2 = s.read("villages/V2/households.jsonl");
    let rest: Vec<&str> = v2.lines().filter(|l| !l.contains("\"H000001\"")).collect();
    std::fs::write(
        s.file("villages/V2/households.jsonl"),
        rest.join("\n") + "\n",
    )
    .unwrap();
    s.refuses("household update H000001 --size 3", 3)
        .stderr_has("household H000001 does not exist");
    // V1's last households moved to V2 by hand, V1's file gone with them (as a pull takes
    // away a file emptied in the other copy).
    let v1 = s.read("villages/V1/households.jsonl");
    std::fs::remove_file(s.file("villages/V1/households.jsonl")).unwrap();
    append(
        &s,
        "villages/V2/households.jsonl",
        &v1.replace(r#""village":"V1""#, r#""village":"V2""#),
    );
    s.ok("household update H000009 --size 4");
    assert!(
        s.read("villages/V2/households.jsonl")
            .contains(r#""id":"H000009""#)
    );
}

#[test]
fn a_record_added_by_hand_in_one_village_of_many_is_entered_without_building_the_index_again() {
    use std::os::unix::fs::MetadataExt;
    let s = store_with_history();
    for v in ["V2", "V3", "V4", "V5", "V6", "V7", "V8"] {
        s.ok(&format!(
            "village add --id {v} --name 小河村 --county 普定县 --township 马官镇"
        ));
    }
    // The households' index built afresh, after every file it reads was last changed.
    std::thread::sleep(std::time::Duration::from_millis(1100));
    std::fs::remove_dir_all(s.file(".cache/index")).unwrap();
    s.ok("household show H000001");
    let ready = || {
        std::fs::metadata(s.file(".cache/index/households/ready"))
            .unwrap()
            .ino()
    };
    let built = ready();
    let line = s.read("villages/V1/households.jsonl");
    append(
        &s,
        "villages/V1/households.jsonl",
        &line.replace("H000001", "H000009"),
    );
    // One file of eight changed since: the lookup reads it, not all of them.
    s.ok("household update H000009 --size 3");
    assert_eq!(ready(), built, "the index was built again");
    s.ok("household show H000009").stdout_has("H000009");
    s.refuses("household update H000008 --size 3", 3);
    s.ok("verify");
}

#[test]
fn repair_registers_an_older_stores_villages_in_the_name_of_who_ran_it() {
    let s = TestStore::new();
    s.ok("village add --id V1 --name 石头寨村 --county 普定县 --township 马官镇");
    // A store of villages alone, written before the store-level journal recorded them.
    std::fs::remove_file(s.file("journal.jsonl")).unwrap();
    s.ok("--actor 审计员 verify --repair");
    let line = s.read("journal.jsonl");
    let entry: serde_json::Value = serde_json::from_str(line.trim()).unwrap();
    assert_eq!(
        (
            entry["op"].as_str(),
            entry["id"].as_str(),
            entry["actor"].as_str()
        ),
        (Some("register"), Some("V1"), Some("审计员"))
    );
    s.ok("verify").stdout_has("no damage");
}

//! Several offices, one registry (README, "Several offices"): office codes, ids never reused,
//! and copies of a store merged by real `git` runs through bangfu's merge driver.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::common::{Run, TestStore, bangfu};

/// One office's copy of the store: a git repository whose top is the store.
struct Copy {
    dir: PathBuf,
}

fn git_in(dir: &Path, args: &[&str]) -> std::process::Output {
    Command::new("git")
        .current_dir(dir)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("BANGFU_ACTOR", "merger")
        .args([
            "-c",
            "user.name=clerk",
            "-c",
            "user.email=clerk@example.org",
        ])
        .args(["-c", "init.defaultBranch=main", "-c", "pull.rebase=false"])
        .args(args)
        .output()
        .expect("run git")
}

impl Copy {
    /// `bangfu init DIR --office CODE`, `git init`, `git-setup`, first commit.
    fn county(root: &Path, name: &str, office: &str) -> Copy {
        let dir = root.join(name);
        let run = Run::new(
            bangfu()
                .arg("init")
                .arg(&dir)
                .args(["--name", "青山县", "--office", office])
                .output()
                .expect("run bangfu"),
            &["init"],
        );
        run.success();
        let copy = Copy { dir };
        copy.git_ok(&["init", "-q"]);
        copy.run(&["git-setup"]).success();
        copy.commit("start");
        copy
    }

    /// `git clone`, `git-setup`, `office set CODE`.
    fn clone_of(from: &Copy, root: &Path, name: &str, office: &str) -> Copy {
        let dir = root.join(name);
        let out = git_in(
            root,
            &[
                "clone",
                "-q",
                from.dir.to_str().unwrap(),
                dir.to_str().unwrap(),
            ],
        );
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let copy = Copy { dir };
        copy.run(&["git-setup"]).success();
        copy.run(&["office", "set", office]).success();
        copy
    }

    fn run(&self, args: &[&str]) -> Run {
        let mut cmd = bangfu();
        cmd.arg("--store").arg(&self.dir).args(args);
        Run::new(cmd.output().expect("run bangfu"), args)
    }

    fn git(&self, args: &[&str]) -> std::process::Output {
        git_in(&self.dir, args)
    }

    fn git_ok(&self, args: &[&str]) -> String {
        let out = self.git(args);
        assert!(
            out.status.success(),
            "git {} failed:\n{}{}",
            args.join(" "),
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    fn commit(&self, message: &str) {
        self.git_ok(&["add", "-A"]);
        self.git_ok(&["commit", "-q", "--allow-empty", "-m", message]);
    }

    /// `git pull` from another copy; the merge's output.
    fn pull(&self, from: &Copy) -> std::process::Output {
        self.git(&["pull", "--no-edit", from.dir.to_str().unwrap(), "main"])
    }

    fn pull_ok(&self, from: &Copy) {
        let out = self.pull(from);
        assert!(
            out.status.success(),
            "git pull failed:\n{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    }

    fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.dir.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
    }

    fn ids(&self, kind: &str) -> Vec<String> {
        self.run(&[kind, "list", "--format", "json"])
            .success()
            .json()
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["id"].as_str().unwrap().to_string())
            .collect()
    }

    fn household(&self, village: &str, head: &str) -> String {
        let run = self
            .run(&[
                "household",
                "add",
                "--village",
                village,
                "--head",
                head,
                "--size",
                "3",
            ])
            .success();
        run.stdout().trim().to_string()
    }

    /// `member add` to `household`; the new member's id.
    fn member(&self, household: &str, name: &str) -> String {
        let args = ["member", "add", "--household", household, "--name", name];
        let run = self
            .run(&[&args[..], &["--relation", "head"]].concat())
            .success();
        run.stdout().trim().to_string()
    }

    /// `household update ID --size SIZE`.
    fn resize(&self, id: &str, size: &str) {
        self.run(&["household", "update", id, "--size", size])
            .success();
    }

    fn village(&self, id: &str) {
        self.run(&[
            "village",
            "add",
            "--id",
            id,
            "--name",
            "村",
            "--county",
            "青山县",
            "--township",
            "镇",
        ])
        .success();
    }

    fn size_of(&self, id: &str) -> i64 {
        self.run(&["household", "show", id, "--format", "json"])
            .success()
            .json()["size"]
            .as_i64()
            .unwrap()
    }

    fn verify_clean(&self) {
        self.run(&["verify"]).success().stdout_has("no damage");
    }
}

fn root() -> tempfile::TempDir {
    tempfile::tempdir().expect("temp dir")
}

/// A county with villages V1 and V2 and households H1..H3 in V1, and a township's clone.
fn county_and_township(root: &Path) -> (Copy, Copy) {
    let county = Copy::county(root, "county", "522799");
    county.village("V1");
    county.village("V2");
    for id in ["H1", "H2", "H3"] {
        county
            .run(&[
                "household",
                "add",
                "--id",
                id,
                "--village",
                "V1",
                "--head",
                "王",
                "--size",
                "3",
            ])
            .success();
    }
    county.commit("villages");
    let town = Copy::clone_of(&county, root, "town", "522799101");
    (county, town)
}

#[test]
fn init_writes_the_git_files_and_the_office_code() {
    let s = TestStore::empty();
    let dir = s.path().join("county");
    let d = dir.to_str().unwrap();
    Run::new(
        bangfu()
            .args(["init", d, "--office", "522799"])
            .output()
            .unwrap(),
        &["init"],
    )
    .success();
    let ignore = std::fs::read_to_string(dir.join(".gitignore")).unwrap();
    for entry in ["/.cache/", "/.bangfu/", "/.lock", ".*.tmp-*"] {
        assert!(ignore.lines().any(|l| l == entry), "{entry} in {ignore}");
    }
    let attributes = std::fs::read_to_string(dir.join(".gitattributes")).unwrap();
    for entry in [
        "*.jsonl merge=bangfu",
        "bangfu.json merge=bangfu",
        "village.json merge=bangfu",
    ] {
        assert!(attributes.lines().any(|l| l == entry), "{entry}");
    }
    let copy = Copy { dir: dir.clone() };
    copy.run(&["office", "show"])
        .success()
        .stdout_is("522799\n");
    assert_eq!(
        std::fs::read_to_string(dir.join(".bangfu/office")).unwrap(),
        "522799\n"
    );
    copy.run(&["office", "set", "522799101"]).success();
    copy.run(&["office", "show"])
        .success()
        .stdout_is("522799101\n");
    copy.run(&["verify"]).success().stdout_has("no damage");
}

#[test]
fn a_bad_office_code_is_rejected_and_none_is_no_code() {
    let s = TestStore::new();
    s.run(&["office", "show"])
        .success()
        .stdout_has("no office code is set");
    s.rejects(&["office", "set", "52-27"], 3)
        .stderr_has("office code \"52-27\": expected 1 to 16 letters or digits");
    s.rejects(&["office", "set", ""], 3);
    let empty = TestStore::empty();
    let dir = empty.path().join("x");
    Run::new(
        bangfu()
            .args(["init", dir.to_str().unwrap(), "--office", "a b"])
            .output()
            .unwrap(),
        &["init"],
    )
    .status(3);
    assert!(!dir.join("bangfu.json").exists(), "no store is created");
}

#[test]
fn automatic_ids_carry_the_office_code_and_explicit_ids_do_not() {
    let s = TestStore::new();
    s.village("V1", "村", "县", "镇");
    let add = || {
        s.run(&[
            "household",
            "add",
            "--village",
            "V1",
            "--head",
            "王",
            "--size",
            "3",
        ])
        .success()
        .stdout()
    };
    assert_eq!(add(), "H000001\n");
    s.run(&["office", "set", "522799"]).success();
    assert_eq!(add(), "H522799-000001\n");
    assert_eq!(add(), "H522799-000002\n");
    s.household("H7", "V1", "李");
    // An id of the office's form given explicitly (an import, say) moves its mark on.
    s.household("H522799-000050", "V1", "李");
    assert_eq!(add(), "H522799-000051\n");
    s.run(&["person", "add", "--name", "张"])
        .success()
        .stdout_is("P522799-000001\n");
    let manifest: serde_json::Value = serde_json::from_str(&s.read("bangfu.json")).unwrap();
    assert_eq!(
        manifest["last_ids"],
        serde_json::json!({"H": 1, "H522799-": 51, "P522799-": 1})
    );
    s.run(&["verify"]).success();
}

#[test]
fn a_removed_records_automatic_id_is_never_handed_out_again() {
    let s = TestStore::new();
    let add = || {
        s.run(&["person", "add", "--name", "张"])
            .success()
            .stdout()
            .trim()
            .to_string()
    };
    assert_eq!(add(), "P000001");
    assert_eq!(add(), "P000002");
    s.run(&["person", "remove", "P000002"]).success();
    assert_eq!(add(), "P000003", "not P000002 again");
    // The boundary: ids the high-water mark never saw still count (a hand edit, an import
    // with explicit ids), so the next is past them.
    s.person("P000009", "李");
    assert_eq!(add(), "P000010");
    s.village("V1", "村", "县", "镇");
    s.household("H000001", "V1", "王");
    s.run(&["household", "remove", "H000001"]).success();
    s.run(&[
        "household",
        "add",
        "--village",
        "V1",
        "--head",
        "王",
        "--size",
        "3",
    ])
    .success()
    .stdout_is("H000002\n");
}

#[test]
fn two_offices_add_in_the_same_and_other_villages_and_merge_without_conflict() {
    let tmp = root();
    let (county, town) = county_and_township(tmp.path());
    let t1 = town.household("V1", "王一");
    let t2 = town.household("V2", "王二");
    assert_eq!(t1, "H522799101-000001");
    town.run(&["person", "add", "--name", "镇干部"]).success();
    town.commit("township");
    let c1 = county.household("V1", "李一");
    assert_eq!(c1, "H522799-000001");
    county.run(&["person", "add", "--name", "县干部"]).success();
    county
        .run(&["policy", "set", "max_households_per_helper", "8"])
        .success();
    county.commit("county");

    town.pull_ok(&county);
    town.verify_clean();
    county.pull_ok(&town);
    county.verify_clean();
    for copy in [&county, &town] {
        assert_eq!(
            copy.ids("household"),
            ["H1", "H2", "H3", "H522799-000001", &t1, &t2]
        );
        assert_eq!(copy.ids("person"), ["P522799-000001", "P522799101-000001"]);
        copy.run(&["policy", "show"]).success().stdout_has("8");
    }
    assert_eq!(
        county.read("villages/V1/households.jsonl"),
        town.read("villages/V1/households.jsonl")
    );
    // The merged journal: ours, theirs re-chained, and a merge line naming their hashes.
    let journal = town.read("villages/V1/journal.jsonl");
    let last: serde_json::Value = serde_json::from_str(journal.lines().last().unwrap()).unwrap();
    assert_eq!(last["op"], "merge");
    assert_eq!(last["kind"], "journal");
    assert!(last["after"]["original_first"].is_string());
    assert!(last["after"]["original_last"].is_string());
    // Both copies agree after they pulled from each other: the merge commit is shared.
    assert_eq!(
        county.git_ok(&["rev-parse", "HEAD"]),
        town.git_ok(&["rev-parse", "HEAD"])
    );
}

#[test]
fn three_copies_merge_in_any_order_and_end_the_same() {
    let tmp = root();
    let (county, a) = county_and_township(tmp.path());
    let b = Copy::clone_of(&county, tmp.path(), "b", "522799102");
    a.household("V1", "甲");
    a.commit("a");
    b.household("V1", "乙");
    b.household("V2", "乙二");
    b.commit("b");
    county.household("V2", "县");
    county.commit("county");
    a.pull_ok(&b);
    a.verify_clean();
    county.pull_ok(&a);
    county.verify_clean();
    b.pull_ok(&county);
    b.verify_clean();
    a.pull_ok(&county);
    a.verify_clean();
    let all = county.ids("household");
    assert_eq!(all.len(), 3 + 4);
    assert_eq!(a.ids("household"), all);
    assert_eq!(b.ids("household"), all);
    assert_eq!(
        county.read("villages/V2/journal.jsonl"),
        b.read("villages/V2/journal.jsonl")
    );
}

#[test]
fn added_changed_and_removed_on_one_side_are_taken() {
    let tmp = root();
    let (county, town) = county_and_township(tmp.path());
    let added = town.household("V1", "新");
    town.run(&["household", "update", "H1", "--size", "5"])
        .success();
    town.run(&["household", "remove", "H2"]).success();
    town.commit("township");
    county.run(&["person", "add", "--name", "县"]).success();
    county.commit("county");
    county.pull_ok(&town);
    county.verify_clean();
    assert_eq!(county.ids("household"), ["H1", "H3", added.as_str()]);
    assert_eq!(county.size_of("H1"), 5);
    // And the other way round: the copy that made the changes keeps them.
    town.pull_ok(&county);
    town.verify_clean();
    assert_eq!(town.ids("household"), ["H1", "H3", added.as_str()]);
}

#[test]
fn the_same_change_on_both_sides_is_taken_once() {
    let tmp = root();
    let (county, town) = county_and_township(tmp.path());
    for copy in [&county, &town] {
        copy.run(&["household", "update", "H1", "--size", "5"])
            .success();
        copy.run(&["household", "remove", "H2"]).success();
        copy.commit("same");
    }
    county.pull_ok(&town);
    county.verify_clean();
    assert_eq!(county.ids("household"), ["H1", "H3"]);
    assert_eq!(county.size_of("H1"), 5);
    county
        .run(&["conflicts"])
        .success()
        .stdout_is("no conflicts\n");
}

#[test]
fn different_changes_to_one_record_are_a_conflict_resolved_through_the_journal() {
    let tmp = root();
    let (county, town) = county_and_township(tmp.path());
    county.resize("H1", "5");
    county.resize("H3", "4");
    county.commit("county");
    town.resize("H1", "6");
    town.commit("township");

    let out = county.pull(&town);
    assert!(!out.status.success(), "git reports the conflict");
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(
        said.contains("household H1 was changed differently"),
        "{said}"
    );
    // The file is valid and holds our version; H3, changed on one side only, is merged.
    assert_eq!(county.size_of("H1"), 5);
    assert_eq!(county.size_of("H3"), 4);
    county
        .run(&["conflicts"])
        .success()
        .stdout_has("household H1 (villages/V1/households.jsonl):")
        .stdout_has("*size")
        .stdout_has("3     5     6");
    let zh = county
        .run(&["--lang", "zh", "conflicts"])
        .success()
        .stdout_has("贫困户 H1（villages/V1/households.jsonl）：")
        .stdout_has("字段")
        .stdout_has("1 处冲突：逐一用 `bangfu resolve ID --take ours|theirs` 解决")
        .stdout();
    // The versions compared are shown as stored: field names and values stay as in the file.
    let words = zh.replace("villages/V1/households.jsonl", "");
    let stored = [
        "size",
        "head",
        "village",
        "status",
        "id",
        "relations",
        "causes",
        "measures",
        "poor",
    ];
    let words = stored.iter().fold(words, |w, f| w.replace(f, ""));
    assert_eq!(bangfu::lang::english_word_in(&words), None, "{zh}");
    let json = county
        .run(&["conflicts", "--format", "json"])
        .success()
        .json();
    assert_eq!(json[0]["ours"]["size"], 5);
    assert_eq!(json[0]["theirs"]["size"], 6);
    county
        .run(&["verify"])
        .status(1)
        .stdout_has("household H1 was changed differently")
        .stdout_has("bangfu conflicts");
    county.run(&["resolve", "H9", "--take", "theirs"]).status(3);
    county
        .run(&["--lang", "zh", "resolve", "H1", "--take", "theirs"])
        .success()
        .stdout_is("已解决 贫困户 H1：采用对方的版本\n");
    assert_eq!(county.size_of("H1"), 6);
    county
        .run(&["conflicts"])
        .success()
        .stdout_is("no conflicts\n");
    county.verify_clean();
    county.commit("merge");
    let log = county.run(&["log", "--format", "json"]).success().json();
    let newest = &log[0];
    assert_eq!(newest["id"], "H1");
    assert_eq!(newest["op"], "update");
    // The other copy takes the settled merge without a conflict.
    town.pull_ok(&county);
    town.verify_clean();
    assert_eq!(town.size_of("H1"), 6);
}

#[test]
fn taking_ours_keeps_our_version_and_clears_the_conflict() {
    let tmp = root();
    let (county, town) = county_and_township(tmp.path());
    county.resize("H1", "5");
    county.commit("county");
    town.run(&["household", "remove", "H1"]).success();
    town.commit("township");
    assert!(!county.pull(&town).status.success());
    county.run(&["conflicts"]).success().stdout_has("(absent)");
    county.run(&["resolve", "H1", "--take", "ours"]).success();
    assert_eq!(county.size_of("H1"), 5);
    county.verify_clean();
}

#[test]
fn a_village_added_on_one_side_gets_households_from_the_other() {
    let tmp = root();
    let (county, town) = county_and_township(tmp.path());
    county.village("V3");
    county.commit("V3");
    town.pull_ok(&county);
    // Both copies now work in the new village at once.
    let t = town.household("V3", "镇");
    town.commit("township");
    let c = county.household("V3", "县");
    county
        .run(&["village", "update", "V3", "--population", "800"])
        .success();
    county.commit("county");
    county.pull_ok(&town);
    county.verify_clean();
    assert_eq!(
        county.ids("household"),
        ["H1", "H2", "H3", c.as_str(), t.as_str()]
    );
    // And a village added on one side and filled there merges as a new directory.
    town.village("V4");
    let t4 = town.household("V4", "镇四");
    town.commit("V4");
    county.household("V1", "县一");
    county.commit("county again");
    county.pull_ok(&town);
    county.verify_clean();
    assert!(county.ids("household").contains(&t4));
}

#[test]
fn malformed_driver_input_fails_clearly_and_leaves_ours_as_it_was() {
    let tmp = root();
    let dir = tmp.path();
    let base = dir.join("base");
    let ours = dir.join("ours");
    let theirs = dir.join("theirs");
    std::fs::write(&base, "{\"id\":\"H1\",\"size\":3}\n").unwrap();
    std::fs::write(&ours, "{\"id\":\"H1\",\"size\":4}\n").unwrap();
    std::fs::write(&theirs, "{\"id\":\"H1\",\"size\":3\n").unwrap();
    let driver = |name: &str| {
        let mut cmd = bangfu();
        cmd.current_dir(dir)
            .arg("merge-file")
            .args([&base, &ours, &theirs])
            .arg(name);
        Run::new(cmd.output().unwrap(), &["merge-file"])
    };
    driver("villages/V1/households.jsonl")
        .status(3)
        .stderr_has("merge-file villages/V1/households.jsonl: THEIRS:1: is not a JSON record");
    assert_eq!(
        std::fs::read_to_string(&ours).unwrap(),
        "{\"id\":\"H1\",\"size\":4}\n"
    );
    // A journal whose history was rewritten, and a file bangfu does not merge.
    std::fs::write(&theirs, "{\"id\":\"H1\"}\n{\"id\":\"H1\"}\n").unwrap();
    driver("people.jsonl")
        .status(3)
        .stderr_has("id H1 appears twice");
    driver("villages/V1/journal.jsonl")
        .status(3)
        .stderr_has("is not a journal line as bangfu writes it");
    driver("notes.txt")
        .status(3)
        .stderr_has("not a file bangfu merges");
    assert_eq!(
        std::fs::read_to_string(&ours).unwrap(),
        "{\"id\":\"H1\",\"size\":4}\n"
    );
    // The boundary: well-formed input merges.
    std::fs::write(
        &theirs,
        "{\"id\":\"H1\",\"size\":3}\n{\"id\":\"H2\",\"size\":1}\n",
    )
    .unwrap();
    driver("villages/V1/households.jsonl").success();
    assert_eq!(
        std::fs::read_to_string(&ours).unwrap(),
        "{\"id\":\"H1\",\"size\":4}\n{\"id\":\"H2\",\"size\":1}\n"
    );
}

#[test]
fn a_rewritten_journal_in_a_real_merge_leaves_gits_conflict() {
    let tmp = root();
    let (county, town) = county_and_township(tmp.path());
    county.household("V1", "县");
    county.commit("county");
    town.household("V1", "镇");
    // Rewrite the township's history: drop the first journal line.
    let path = town.dir.join("villages/V1/journal.jsonl");
    let text = std::fs::read_to_string(&path).unwrap();
    let rest = text.split_inclusive('\n').skip(1).collect::<String>();
    std::fs::write(&path, rest).unwrap();
    town.commit("township");
    let out = county.pull(&town);
    assert!(!out.status.success());
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(
        said.contains("the theirs journal lacks line 1 of the common ancestor"),
        "{said}"
    );
}

#[test]
fn a_seal_taken_in_either_copy_before_a_merge_passes_after_it() {
    let tmp = root();
    let (county, town) = county_and_township(tmp.path());
    town.household("V1", "镇");
    town.household("V2", "镇二");
    let town_seal = town.run(&["seal"]).success().stdout().trim().to_string();
    town.commit("township");
    county.household("V1", "县");
    county.run(&["person", "add", "--name", "县"]).success();
    let county_seal = county.run(&["seal"]).success().stdout().trim().to_string();
    county.commit("county");
    county.pull_ok(&town);
    county.verify_clean();
    for digest in [&town_seal, &county_seal] {
        county
            .run(&["verify", "--seal", digest])
            .success()
            .stdout_has("no damage");
    }
    // Once more, from the other side, and a third merge on top.
    town.household("V1", "镇三");
    town.commit("township again");
    town.pull_ok(&county);
    town.verify_clean();
    for digest in [&town_seal, &county_seal] {
        town.run(&["verify", "--seal", digest]).success();
    }
}

#[test]
fn verify_checks_merge_lines_against_the_lines_they_re_chained() {
    let tmp = root();
    let (county, town) = county_and_township(tmp.path());
    town.household("V1", "镇");
    town.commit("township");
    county.household("V1", "县");
    county.commit("county");
    county.pull_ok(&town);
    county.verify_clean();
    // Edit a re-chained line and recompute the chain: the chain holds, the merge line does
    // not.
    let path = county.dir.join("villages/V1/journal.jsonl");
    let text = std::fs::read_to_string(&path).unwrap();
    let n = text.lines().count();
    let forged = crate::seal::forge(&text, |i, body| {
        if i == n - 2 {
            body.replace("\"head\":\"镇\"", "\"head\":\"改\"")
        } else {
            body.to_string()
        }
    });
    assert_ne!(forged, text);
    std::fs::write(&path, forged).unwrap();
    county.run(&["verify"]).status(1).stdout_has(&format!(
        "villages/V1/journal.jsonl:{n}: damage: the merge line says"
    ));
}

#[test]
fn a_record_moved_on_one_side_and_changed_on_the_other_ends_up_once_with_both_changes() {
    for movers_pull in [true, false] {
        let tmp = root();
        let (county, town) = county_and_township(tmp.path());
        // The town's clone moved after `git-setup`: its post-merge hook still finds the store.
        let elsewhere = tmp.path().join("elsewhere");
        std::fs::rename(&town.dir, &elsewhere).unwrap();
        let town = Copy { dir: elsewhere };
        county
            .run(&["household", "update", "H1", "--village", "V2"])
            .success();
        county.commit("move H1");
        town.run(&["household", "update", "H1", "--size", "7"])
            .success();
        town.commit("change H1");
        let (puller, other) = if movers_pull {
            (&county, &town)
        } else {
            (&town, &county)
        };
        // git completes the merge; its post-merge hook writes the change in the new village.
        puller.pull_ok(other);
        let shown = puller
            .run(&["household", "show", "H1", "--format", "json"])
            .success()
            .json();
        assert_eq!(shown["village"], "V2", "movers_pull={movers_pull}");
        assert_eq!(shown["size"], 7, "movers_pull={movers_pull}");
        assert!(
            !puller
                .read("villages/V1/households.jsonl")
                .contains("\"H1\"")
        );
        puller.verify_clean();
        puller
            .run(&["conflicts"])
            .success()
            .stdout_is("no conflicts\n");
        puller.commit("reconcile");
        other.pull_ok(puller);
        other.verify_clean();
        assert_eq!(other.size_of("H1"), 7);
    }
}

#[test]
fn a_member_added_in_one_copy_to_a_household_the_other_moved_is_named_by_verify() {
    let tmp = root();
    let (county, town) = county_and_township(tmp.path());
    county
        .run(&["household", "update", "H1", "--village", "V2"])
        .success();
    county.commit("move H1");
    let member = town.member("H1", "新成员");
    town.commit("add a member");
    // git merges each village's files cleanly: the member stays in V1, its household is in V2.
    county.pull_ok(&town);
    assert!(county.read("villages/V1/members.jsonl").contains(&member));
    let said = county.run(&["verify"]).status(1).stdout();
    assert!(
        said.contains(&format!(
            "member {member} belongs to household H1, which is not in village V1, where it lies"
        )),
        "{said}"
    );
    // The boundary: the town's own copy, where both lie in V1, is clean.
    town.verify_clean();
}

#[test]
fn a_record_moved_on_one_side_with_the_same_field_changed_on_the_other_is_a_conflict() {
    let tmp = root();
    let (county, town) = county_and_township(tmp.path());
    county
        .run(&[
            "household",
            "update",
            "H1",
            "--village",
            "V2",
            "--size",
            "5",
        ])
        .success();
    county.commit("move H1");
    town.run(&["household", "update", "H1", "--size", "7"])
        .success();
    town.commit("change H1");
    assert!(!county.pull(&town).status.success());
    county
        .run(&["conflicts"])
        .success()
        .stdout_has("household H1 moved to village V2 in one copy, and both copies changed");
    county.run(&["verify"]).status(1);
    county.run(&["resolve", "H1", "--take", "ours"]).success();
    let shown = county
        .run(&["household", "show", "H1", "--format", "json"])
        .success()
        .json();
    assert_eq!(
        (shown["village"].as_str(), shown["size"].as_i64()),
        (Some("V2"), Some(5))
    );
    county.verify_clean();
}

#[test]
fn policy_settings_merge_key_by_key_and_a_setting_changed_twice_is_a_conflict() {
    let tmp = root();
    let (county, town) = county_and_township(tmp.path());
    county
        .run(&["policy", "set", "max_households_per_helper", "8"])
        .success();
    county.commit("county policy");
    town.run(&["policy", "set", "min_team_members", "4"])
        .success();
    town.commit("township policy");
    county.pull_ok(&town);
    county.verify_clean();
    let manifest: serde_json::Value = serde_json::from_str(&county.read("bangfu.json")).unwrap();
    assert_eq!(
        manifest["policy"],
        serde_json::json!({"max_households_per_helper": 8, "min_team_members": 4})
    );
    // The same setting changed to different values in the two copies.
    county
        .run(&["policy", "set", "min_team_members", "5"])
        .success();
    county.commit("county again");
    town.pull_ok(&county);
    town.run(&["policy", "set", "min_team_members", "6"])
        .success();
    town.commit("township again");
    county
        .run(&["policy", "set", "min_team_members", "2"])
        .success();
    county.commit("county a third time");
    assert!(!county.pull(&town).status.success());
    county
        .run(&["conflicts"])
        .success()
        .stdout_has("policy min_team_members (bangfu.json):");
    county
        .run(&["--lang", "zh", "conflicts"])
        .success()
        .stdout_has("政策 min_team_members（bangfu.json）：");
    county
        .run(&["--lang", "zh", "verify"])
        .status(1)
        .stdout_has("政策 min_team_members");
    county.run(&["verify"]).status(1);
    county
        .run(&["resolve", "min_team_members", "--take", "theirs"])
        .success();
    county.verify_clean();
    let manifest: serde_json::Value = serde_json::from_str(&county.read("bangfu.json")).unwrap();
    assert_eq!(manifest["policy"]["min_team_members"], 6);
}

#[test]
fn conflicts_show_both_versions_masked_unless_unmask() {
    let tmp = root();
    let (county, town) = county_and_township(tmp.path());
    let first = crate::common::id_number("52279919800101123");
    let second = crate::common::id_number("52279919900202456");
    county
        .run(&["household", "update", "H1", "--id-number", &first])
        .success();
    county.commit("county");
    town.run(&["household", "update", "H1", "--id-number", &second])
        .success();
    town.commit("township");
    assert!(!county.pull(&town).status.success());
    county
        .run(&["conflicts"])
        .success()
        .stdout_lacks(&first)
        .stdout_lacks(&second)
        .stdout_has("522799********");
    county
        .run(&["--unmask", "conflicts"])
        .success()
        .stdout_has(&first)
        .stdout_has(&second);
    let json = county
        .run(&["conflicts", "--format", "json"])
        .success()
        .json();
    assert!(
        json[0]["theirs"]["id_number"]
            .as_str()
            .unwrap()
            .contains('*')
    );
}

#[test]
fn a_village_and_a_person_changed_differently_are_conflicts_too() {
    let tmp = root();
    let (county, town) = county_and_township(tmp.path());
    county
        .run(&["person", "add", "--id", "P1", "--name", "张"])
        .success();
    county.commit("person");
    town.pull_ok(&county);
    county
        .run(&["village", "update", "V1", "--population", "900"])
        .success();
    county
        .run(&["person", "update", "P1", "--name", "张三"])
        .success();
    county.commit("county");
    town.run(&["village", "update", "V1", "--population", "950"])
        .success();
    town.run(&["person", "update", "P1", "--name", "张四"])
        .success();
    town.commit("township");
    assert!(!county.pull(&town).status.success());
    let listed = county
        .run(&["conflicts", "--format", "json"])
        .success()
        .json();
    let kinds: Vec<&str> = listed
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["person", "village"]);
    county.run(&["resolve", "V1", "--take", "theirs"]).success();
    county.run(&["resolve", "P1", "--take", "ours"]).success();
    county.verify_clean();
    county
        .run(&["village", "show", "V1", "--format", "json"])
        .success()
        .stdout_has("950");
    county
        .run(&["person", "show", "P1", "--format", "json"])
        .success()
        .stdout_has("张三");
}

#[test]
fn checks_on_the_merged_store_match_a_store_given_both_copies_changes_in_order() {
    let tmp = root();
    let (county, town) = county_and_township(tmp.path());
    let t = town.household("V2", "镇");
    town.run(&["household", "update", "H1", "--size", "9"])
        .success();
    town.commit("township");
    let c = county.household("V1", "县");
    county.run(&["household", "remove", "H3"]).success();
    county.commit("county");
    county.pull_ok(&town);
    county.verify_clean();

    let reference = TestStore::new();
    reference.village("V1", "村", "青山县", "镇");
    reference.village("V2", "村", "青山县", "镇");
    for id in ["H1", "H2", "H3"] {
        reference.household(id, "V1", "王");
    }
    reference.household(&c, "V1", "县");
    reference.run(&["household", "remove", "H3"]).success();
    reference.household(&t, "V2", "镇");
    reference
        .run(&["household", "update", "H1", "--size", "9"])
        .success();
    let findings = |run: Run| run.stdout();
    assert_eq!(
        findings(county.run(&["check", "--format", "json"])),
        findings(reference.run(&["check", "--format", "json"]))
    );
    assert_eq!(
        county
            .run(&["household", "list", "--format", "json"])
            .stdout(),
        reference
            .run(&["household", "list", "--format", "json"])
            .stdout()
    );
}

#[test]
fn git_setup_outside_a_git_repository_says_what_to_do() {
    let s = TestStore::new();
    s.run(&["git-setup"])
        .status(4)
        .stderr_has("run `git init` there first");
    // The boundary: inside a repository it registers the driver and the hook.
    let out = git_in(s.path(), &["init", "-q"]);
    assert!(out.status.success());
    s.run(&["git-setup"]).success();
    let config = git_in(s.path(), &["config", "merge.bangfu.driver"]);
    let driver = String::from_utf8_lossy(&config.stdout);
    assert!(
        driver.trim_end().ends_with(" merge-file %O %A %B %P"),
        "{driver}"
    );
    let hook = std::fs::read_to_string(s.path().join(".git/hooks/post-merge")).unwrap();
    assert!(hook.contains("reconcile"), "{hook}");
}

#[test]
fn init_keeps_a_gitignore_already_there_and_git_setup_adds_missing_git_files() {
    let s = TestStore::empty();
    let dir = s.path().join("repo");
    std::fs::create_dir(&dir).unwrap();
    std::fs::write(dir.join(".gitignore"), "notes/\n").unwrap();
    Run::new(bangfu().arg("init").arg(&dir).output().unwrap(), &["init"]).success();
    let ignore = std::fs::read_to_string(dir.join(".gitignore")).unwrap();
    assert!(ignore.starts_with("notes/\n# bangfu:"), "{ignore}");
    // A store from before: no git files. git-setup writes them, once.
    std::fs::remove_file(dir.join(".gitattributes")).unwrap();
    assert!(git_in(&dir, &["init", "-q"]).status.success());
    let copy = Copy { dir: dir.clone() };
    copy.run(&["git-setup"])
        .success()
        .stdout_has("wrote bangfu's lines into .gitattributes");
    assert!(
        std::fs::read_to_string(dir.join(".gitattributes"))
            .unwrap()
            .contains("*.jsonl merge=bangfu")
    );
    copy.run(&["git-setup"]).success().stdout_lacks("wrote");
    assert_eq!(
        std::fs::read_to_string(dir.join(".gitignore")).unwrap(),
        ignore
    );
}

#[test]
fn a_criss_cross_merge_is_clean_and_records_no_stray_conflict() {
    let tmp = root();
    let (county, town) = county_and_township(tmp.path());
    town.household("V1", "镇一");
    town.commit("township one");
    county.household("V1", "县一");
    county.commit("county one");
    // Each copy merges the other's commit of this moment: two merge bases from now on.
    let county_head = county.git_ok(&["rev-parse", "HEAD"]);
    county.pull_ok(&town);
    town.git_ok(&[
        "fetch",
        "-q",
        county.dir.to_str().unwrap(),
        county_head.trim(),
    ]);
    town.git_ok(&["merge", "-q", "--no-edit", "FETCH_HEAD"]);
    town.household("V1", "镇二");
    town.commit("township two");
    county.household("V1", "县二");
    county.commit("county two");
    county.pull_ok(&town);
    county.verify_clean();
    assert_eq!(county.ids("household").len(), 3 + 4);
    assert!(!county.dir.join(".bangfu/conflicts").exists());
}

#[test]
fn a_villages_last_record_moved_away_and_changed_elsewhere_is_reconciled_after_gits_conflict() {
    let tmp = root();
    let (county, town) = county_and_township(tmp.path());
    county.village("V3");
    county
        .run(&[
            "household",
            "add",
            "--id",
            "H9",
            "--village",
            "V3",
            "--head",
            "石",
            "--size",
            "2",
        ])
        .success();
    county.commit("V3");
    town.pull_ok(&county);
    // The county moves V3's only household away, so its households file goes.
    county
        .run(&["household", "update", "H9", "--village", "V2"])
        .success();
    county.commit("move H9");
    assert!(!county.dir.join("villages/V3/households.jsonl").exists());
    town.run(&["household", "update", "H9", "--size", "6"])
        .success();
    town.commit("change H9");
    // git calls no driver for a file deleted on one side: its own modify/delete conflict.
    let out = county.pull(&town);
    assert!(!out.status.success());
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(said.contains("CONFLICT (modify/delete)"), "{said}");
    // The journal's merge found the move all the same.
    county
        .run(&["conflicts"])
        .success()
        .stdout_has("household H9 moved to village V2 in one copy and changed in the other");
    county.git_ok(&["rm", "-q", "villages/V3/households.jsonl"]);
    county.run(&["reconcile"]).success();
    let shown = county
        .run(&["household", "show", "H9", "--format", "json"])
        .success()
        .json();
    assert_eq!(
        (shown["village"].as_str(), shown["size"].as_i64()),
        (Some("V2"), Some(6))
    );
    county.verify_clean();
    county.commit("merge");
}

#[test]
fn records_a_fast_forward_brought_are_changed_and_moved_like_any_other() {
    let root = root();
    let (county, town) = county_and_township(root.path());
    let member = town.member("H2", "王贰");
    let added = town.household("V1", "李");
    town.commit("town");
    // A fast-forward runs no merge driver; a write in between runs no lookup.
    county.pull_ok(&town);
    county.household("V2", "赵");
    county
        .run(&["household", "update", &added, "--size", "6"])
        .success();
    assert_eq!(county.size_of(&added), 6);
    // Moving H2 moves the member the pull brought with it.
    county
        .run(&["household", "update", "H2", "--village", "V2"])
        .success();
    assert!(county.read("villages/V2/members.jsonl").contains(&member));
    county.verify_clean();
}

#[test]
fn a_villages_last_member_moved_to_a_village_without_members_and_changed_elsewhere_is_journaled() {
    let tmp = root();
    let (county, town) = county_and_township(tmp.path());
    let member = county.member("H1", "王一");
    county.commit("member");
    town.pull_ok(&county);
    // Moving H1 takes V1's only member to V2, which had no members' file: to git, with
    // rename detection, the file was renamed.
    county
        .run(&["household", "update", "H1", "--village", "V2"])
        .success();
    county.commit("move H1");
    town.run(&["member", "update", &member, "--name", "王壹"])
        .success();
    town.commit("rename");
    // git takes the members' file as renamed and carries the new name into V2's file; the
    // post-merge hook journals it there.
    county.pull_ok(&town);
    let shown = county
        .run(&["member", "show", &member, "--format", "json"])
        .success()
        .json();
    assert_eq!(shown["name"], "王壹");
    assert!(county.read("villages/V2/members.jsonl").contains("王壹"));
    // The change is in the journal: verify finds every record as its journal last left it.
    county.verify_clean();
    county.commit("merge");
}

#[test]
fn the_merge_driver_speaks_chinese_in_a_chinese_locale() {
    let tmp = root();
    let (county, town) = county_and_township(tmp.path());
    county.resize("H1", "5");
    county.commit("county");
    town.resize("H1", "7");
    town.commit("town");
    let out = Command::new("git")
        .current_dir(&county.dir)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("LC_ALL", "zh_CN.UTF-8")
        .args([
            "-c",
            "user.name=clerk",
            "-c",
            "user.email=clerk@example.org",
        ])
        .args(["-c", "pull.rebase=false", "pull", "--no-edit"])
        .arg(&town.dir)
        .arg("main")
        .output()
        .expect("run git");
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(
        said.contains("bangfu: 冲突：贫困户 H1 在两份副本中被改得不同"),
        "{said}"
    );
    assert!(!said.contains("changed differently"), "{said}");
    county
        .run(&["--lang", "zh", "git-setup"])
        .success()
        .stdout_has("登记合并驱动：");
}

#[test]
fn a_policy_setting_by_year_or_by_rule_merges_entry_by_entry() {
    let tmp = root();
    let (county, town) = county_and_township(tmp.path());
    let set = |copy: &Copy, key: &str, value: &str| {
        copy.run(&["policy", "set", key, value]).success();
    };
    set(&county, "monitoring_line_yuan.2025", "8700");
    set(&county, "rules.BF110", "info");
    county.commit("county policy");
    set(&town, "monitoring_line_yuan.2026", "9000");
    set(&town, "rules.BF107", "off");
    town.commit("township policy");
    county.pull_ok(&town);
    county.verify_clean();
    let policy = |copy: &Copy| -> serde_json::Value {
        serde_json::from_str::<serde_json::Value>(&copy.read("bangfu.json")).unwrap()["policy"]
            .clone()
    };
    assert_eq!(
        policy(&county)["monitoring_line_yuan"],
        serde_json::json!({"2025": 8700, "2026": 9000})
    );
    assert_eq!(
        policy(&county)["rules"],
        serde_json::json!({"BF110": "info", "BF107": "off"})
    );
    county.commit("merged");
    town.pull_ok(&county);
    town.verify_clean();
    // The same year set to different lines in the two copies is a conflict.
    set(&county, "monitoring_line_yuan.2026", "9100");
    county.commit("county line");
    set(&town, "monitoring_line_yuan.2026", "9200");
    town.commit("township line");
    assert!(!county.pull(&town).status.success());
    county
        .run(&["conflicts"])
        .success()
        .stdout_has("policy monitoring_line_yuan (bangfu.json):");
}

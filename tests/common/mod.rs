//! The test harness: a fresh store in a temporary directory, the real binary, and fluent
//! assertions on status, stdout, stderr and the files on disk.

#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Output;

use assert_cmd::Command;
use tempfile::TempDir;

/// A fresh store made by `bangfu init`.
pub struct TestStore {
    dir: TempDir,
}

impl TestStore {
    pub fn new() -> TestStore {
        let dir = tempfile::tempdir().expect("temp dir");
        let s = TestStore { dir };
        s.run(&["init", s.path().to_str().unwrap(), "--name", "测试县"])
            .success();
        s
    }

    /// A temporary directory with no store in it.
    pub fn empty() -> TestStore {
        TestStore {
            dir: tempfile::tempdir().expect("temp dir"),
        }
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn file(&self, rel: &str) -> PathBuf {
        self.path().join(rel)
    }

    pub fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.file(rel)).unwrap_or_else(|e| panic!("read {rel}: {e}"))
    }

    /// `bangfu --store <this> LINE`, the command line as a user types it: words apart by
    /// spaces, a word with spaces in double quotes.
    pub fn cmd(&self, line: &str) -> Run {
        let words = split_line(line);
        let args: Vec<&str> = words.iter().map(String::as_str).collect();
        self.run(&args)
    }

    /// `cmd(line)`, which must succeed.
    pub fn ok(&self, line: &str) -> Run {
        self.cmd(line).success()
    }

    /// `bangfu --store <this> ARGS...`
    pub fn run(&self, args: &[&str]) -> Run {
        self.run_with(args, &[], None)
    }

    /// Runs with extra environment variables and optional standard input.
    pub fn run_with(&self, args: &[&str], env: &[(&str, &str)], stdin: Option<&[u8]>) -> Run {
        let mut cmd = bangfu();
        cmd.arg("--store").arg(self.path()).args(args);
        for (k, v) in env {
            cmd.env(k, v);
        }
        if let Some(input) = stdin {
            cmd.write_stdin(input.to_vec());
        }
        Run::new(cmd.output().expect("run bangfu"), args)
    }

    /// Every file of the store with its bytes, to compare before and after: not `.lock`, nor
    /// the derived data under `.cache/`, which a command that reads the registry may fill
    /// whatever it ends with (README, "Derived data").
    pub fn snapshot(&self) -> BTreeMap<PathBuf, Vec<u8>> {
        let mut out = BTreeMap::new();
        let mut stack = vec![self.path().to_path_buf()];
        while let Some(dir) = stack.pop() {
            for entry in std::fs::read_dir(&dir).unwrap() {
                let path = entry.unwrap().path();
                if path == self.path().join(".cache") {
                    continue;
                }
                if path.is_dir() {
                    stack.push(path);
                } else if path.file_name().is_some_and(|n| n != ".lock") {
                    let rel = path.strip_prefix(self.path()).unwrap().to_path_buf();
                    out.insert(rel, std::fs::read(&path).unwrap());
                }
            }
        }
        out
    }

    /// The ids that `bangfu KIND list --format json ARGS...` prints, in order.
    pub fn listed(&self, kind: &str, args: &[&str]) -> Vec<String> {
        let mut full = vec![kind, "list", "--format", "json"];
        full.extend_from_slice(args);
        self.run(&full)
            .success()
            .json()
            .as_array()
            .expect("a JSON array")
            .iter()
            .map(|r| r["id"].as_str().expect("an id").to_string())
            .collect()
    }

    /// Runs a command that must be rejected with `status`, and checks that no file changed.
    pub fn rejects(&self, args: &[&str], status: i32) -> Run {
        let before = self.snapshot();
        let run = self.run(args).status(status);
        let after = self.snapshot();
        assert!(
            before == after,
            "`{}` changed the store: {:?}",
            args.join(" "),
            diff_keys(&before, &after)
        );
        run
    }

    /// `rejects` of a command line as typed (see `cmd`).
    pub fn refuses(&self, line: &str, status: i32) -> Run {
        let words = split_line(line);
        let args: Vec<&str> = words.iter().map(String::as_str).collect();
        self.rejects(&args, status)
    }

    /// Adds a village, a team of three, and returns nothing: the common ground of many tests.
    /// Village V1 (县 西秀区, 乡 旧州镇), people P1 P2 P3, team T1 dispatched 2014-03-01.
    pub fn with_village_and_team(&self) -> &Self {
        self.village("V1", "大坪村", "西秀区", "旧州镇");
        for (id, name) in [("P1", "王芳"), ("P2", "李明"), ("P3", "张伟")] {
            self.run(&[
                "person",
                "add",
                "--id",
                id,
                "--name",
                name,
                "--unit",
                "省交通运输厅",
            ])
            .success();
        }
        self.run(&[
            "team",
            "add",
            "--id",
            "T1",
            "--village",
            "V1",
            "--unit",
            "省交通运输厅",
            "--leader",
            "P1",
            "--member",
            "P1",
            "--member",
            "P2",
            "--member",
            "P3",
            "--dispatched-on",
            "2014-03-01",
        ])
        .success();
        self
    }
}

fn diff_keys(a: &BTreeMap<PathBuf, Vec<u8>>, b: &BTreeMap<PathBuf, Vec<u8>>) -> Vec<PathBuf> {
    a.keys()
        .chain(b.keys())
        .filter(|k| a.get(*k) != b.get(*k))
        .cloned()
        .collect()
}

/// A temporary directory outside every store, for exported files (bangfu refuses to write
/// an export inside the store).
pub fn scratch() -> TempDir {
    tempfile::tempdir().expect("temp dir")
}

/// The binary under test.
pub fn bangfu() -> Command {
    let mut cmd = Command::cargo_bin("bangfu").expect("binary");
    // English unless a test asks for Chinese: the locale of the machine must not decide.
    cmd.env_remove("BANGFU_STORE")
        .env_remove("BANGFU_ACTOR")
        .env_remove("NO_COLOR")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env("LANG", "C")
        .env("USER", "tester");
    cmd
}

/// A finished run, with assertions that return it for chaining.
pub struct Run {
    pub output: Output,
    pub args: String,
}

impl Run {
    pub fn new(output: Output, args: &[&str]) -> Run {
        Run {
            output,
            args: args.join(" "),
        }
    }

    pub fn stdout(&self) -> String {
        String::from_utf8_lossy(&self.output.stdout).into_owned()
    }

    pub fn stderr(&self) -> String {
        String::from_utf8_lossy(&self.output.stderr).into_owned()
    }

    pub fn code(&self) -> i32 {
        self.output.status.code().unwrap_or(-1)
    }

    pub fn status(self, expected: i32) -> Run {
        assert_eq!(
            self.code(),
            expected,
            "`{}` exited {} (expected {expected})\nstdout:\n{}\nstderr:\n{}",
            self.args,
            self.code(),
            self.stdout(),
            self.stderr()
        );
        self
    }

    pub fn success(self) -> Run {
        self.status(0)
    }

    pub fn stdout_is(self, expected: &str) -> Run {
        assert_eq!(self.stdout(), expected, "stdout of `{}`", self.args);
        self
    }

    pub fn stdout_has(self, needle: &str) -> Run {
        assert!(
            self.stdout().contains(needle),
            "stdout of `{}` lacks {needle:?}:\n{}",
            self.args,
            self.stdout()
        );
        self
    }

    pub fn stdout_lacks(self, needle: &str) -> Run {
        assert!(
            !self.stdout().contains(needle),
            "stdout of `{}` has {needle:?}:\n{}",
            self.args,
            self.stdout()
        );
        self
    }

    pub fn stderr_is(self, expected: &str) -> Run {
        assert_eq!(self.stderr(), expected, "stderr of `{}`", self.args);
        self
    }

    pub fn stderr_has(self, needle: &str) -> Run {
        assert!(
            self.stderr().contains(needle),
            "stderr of `{}` lacks {needle:?}:\n{}",
            self.args,
            self.stderr()
        );
        self
    }

    pub fn stderr_lacks(self, needle: &str) -> Run {
        assert!(
            !self.stderr().contains(needle),
            "stderr of `{}` has {needle:?}:\n{}",
            self.args,
            self.stderr()
        );
        self
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.stdout()).unwrap_or_else(|e| {
            panic!(
                "stdout of `{}` is not JSON ({e}):\n{}",
                self.args,
                self.stdout()
            )
        })
    }
}

/// A resident ID number from its first 17 digits, with the ISO 7064 MOD 11-2 check character
/// computed here (independently of the code under test).
pub fn id_number(first17: &str) -> String {
    assert_eq!(first17.len(), 17, "{first17}");
    let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    let sum: u32 = first17
        .bytes()
        .zip(weights)
        .map(|(b, w)| u32::from(b - b'0') * w)
        .sum();
    let check = b"10X98765432"[(sum % 11) as usize] as char;
    format!("{first17}{check}")
}

/// A command line's words: split at spaces, except inside double quotes.
pub fn split_line(line: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut quoted = false;
    for c in line.chars() {
        match c {
            '"' => quoted = !quoted,
            ' ' if !quoted => {
                if !word.is_empty() {
                    words.push(std::mem::take(&mut word));
                }
            }
            c => word.push(c),
        }
    }
    if !word.is_empty() {
        words.push(word);
    }
    words
}

/// Runs `bangfu ARGS...` in `dir` without `--store`, so that the store is discovered.
pub fn run_in(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Run {
    let mut cmd = bangfu();
    cmd.current_dir(dir).args(args);
    for (k, v) in env {
        cmd.env(k, v);
    }
    Run::new(cmd.output().expect("run bangfu"), args)
}

/// The path of the binary under test, for shell pipelines.
pub fn bangfu_path() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_bangfu"))
}

impl TestStore {
    /// Adds household `id` to `village` with the given head and size.
    pub fn household(&self, id: &str, village: &str, head: &str) -> &Self {
        self.run(&[
            "household",
            "add",
            "--id",
            id,
            "--village",
            village,
            "--head",
            head,
            "--size",
            "3",
        ])
        .success();
        self
    }

    /// Adds village `id` in county `county`, township `township`.
    pub fn village(&self, id: &str, name: &str, county: &str, township: &str) -> &Self {
        self.run(&[
            "village",
            "add",
            "--id",
            id,
            "--name",
            name,
            "--county",
            county,
            "--township",
            township,
        ])
        .success();
        self
    }

    /// Adds person `id` named `name`.
    pub fn person(&self, id: &str, name: &str) -> &Self {
        self.run(&["person", "add", "--id", id, "--name", name])
            .success();
        self
    }

    /// Every line of a store file.
    pub fn lines(&self, rel: &str) -> Vec<String> {
        self.read(rel).lines().map(str::to_string).collect()
    }

    /// A stored `.jsonl` file as JSON values.
    pub fn records(&self, rel: &str) -> Vec<serde_json::Value> {
        self.lines(rel)
            .iter()
            .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{rel}: {e}: {l}")))
            .collect()
    }
}

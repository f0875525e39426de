//! `--lang zh|en`: the language from the locale, Chinese findings, explanations, stats,
//! errors and enumeration values, English JSON, and masking in both languages.

use bangfu::lang::english_word_in;

use crate::common::{TestStore, id_number};

const AS_OF: &str = "2016-06-30";

/// V1 (大坪村), a poor village without a team, and household H1 that needs help: poor,
/// 特困供养, 缺技术, no helper, with its head's ID number.
fn store() -> TestStore {
    let s = TestStore::new();
    s.village("V1", "大坪村", "西秀区", "旧州镇");
    let number = id_number("52040219800101123");
    s.run(&[
        "household",
        "add",
        "--id",
        "H1",
        "--village",
        "V1",
        "--head",
        "陈大山",
        "--size",
        "4",
        "--status",
        "poor",
        "--category",
        "tekun",
        "--cause",
        "lack_of_skills",
        "--measure",
        "health",
        "--id-number",
        &number,
    ])
    .success();
    s
}

/// `check` of an empty store as of AS_OF, with these environment variables and arguments.
fn summary(s: &TestStore, env: &[(&str, &str)], args: &[&str]) -> String {
    let mut all = args.to_vec();
    all.extend(["check", "--as-of", AS_OF]);
    s.run_with(&all, env, None).success().stdout()
}

// ------------------------------------------------------------------ which language

#[test]
fn lang_is_chinese_when_the_locale_says_zh_and_english_otherwise() {
    let s = TestStore::new();
    let zh = "截至 2016-06-30 没有发现问题\n";
    let en = "no findings as of 2016-06-30\n";
    assert_eq!(summary(&s, &[("LANG", "zh_CN.UTF-8")], &[]), zh);
    assert_eq!(summary(&s, &[("LANG", "en_US.UTF-8")], &[]), en);
    assert_eq!(summary(&s, &[("LANG", "C")], &[]), en);
    // Not `zh` at the start: a locale that only mentions it is not Chinese.
    assert_eq!(summary(&s, &[("LANG", "en_ZH")], &[]), en);
}

#[test]
fn lc_all_then_lc_messages_then_lang_the_first_non_empty_decides() {
    let s = TestStore::new();
    let zh = "截至 2016-06-30 没有发现问题\n";
    let en = "no findings as of 2016-06-30\n";
    let both = [("LC_ALL", "C"), ("LANG", "zh_CN.UTF-8")];
    assert_eq!(summary(&s, &both, &[]), en);
    let both = [("LC_ALL", "zh_TW.UTF-8"), ("LANG", "C")];
    assert_eq!(summary(&s, &both, &[]), zh);
    let messages = [("LC_MESSAGES", "zh_CN.UTF-8"), ("LANG", "C")];
    assert_eq!(summary(&s, &messages, &[]), zh);
    // An empty LC_ALL is not set: the next one decides.
    let empty = [("LC_ALL", ""), ("LC_MESSAGES", ""), ("LANG", "zh_CN.UTF-8")];
    assert_eq!(summary(&s, &empty, &[]), zh);
}

#[test]
fn lang_flag_overrides_the_locale_and_takes_only_zh_or_en() {
    let s = TestStore::new();
    let zh_env = [("LANG", "zh_CN.UTF-8")];
    assert_eq!(
        summary(&s, &zh_env, &["--lang", "en"]),
        "no findings as of 2016-06-30\n"
    );
    assert_eq!(
        summary(&s, &[], &["--lang", "zh"]),
        "截至 2016-06-30 没有发现问题\n"
    );
    s.refuses("--lang fr check", 2)
        .stderr_has("invalid value 'fr' for '--lang <LANG>'");
    s.refuses("--lang zh_CN stats", 2);
}

// ------------------------------------------------------------------ findings

#[test]
fn findings_are_chinese_in_the_table_with_a_chinese_summary() {
    let s = store();
    s.run(&["--lang", "zh", "check", "--as-of", AS_OF])
        .status(1)
        .stdout_is(
            "V1 大坪村 · 西秀区 旧州镇\n\
             \x20 错误  BF101  贫困村 V1（大坪村）在 2016-06-30 没有在岗的驻村工作队\n\
             \x20 错误  BF201  贫困户 H1（陈大山）需要帮扶，但没有帮扶责任人\n\
             \n\
             截至 2016-06-30 共 2 条问题：错误 2 条，警告 0 条，提示 0 条\n",
        );
    s.run(&["--lang", "en", "check", "--as-of", AS_OF])
        .status(1)
        .stdout_has("  error  BF201  household H1 (陈大山) needs help but has no helper\n")
        .stdout_has("2 findings as of 2016-06-30: 2 errors, 0 warnings, 0 info\n");
}

#[test]
fn findings_csv_keeps_code_and_rule_and_labels_everything_else() {
    let s = store();
    let csv = s
        .run(&[
            "--lang", "zh", "--format", "csv", "check", "--as-of", AS_OF, "--rule", "BF201",
        ])
        .status(1)
        .stdout();
    assert_eq!(
        csv,
        "代码,规则,严重程度,村,类型,编号,说明\n\
         BF201,household-without-helper,错误,V1,贫困户,H1,贫困户 H1（陈大山）需要帮扶，但没有帮扶责任人\n"
    );
    let en = s
        .run(&[
            "--lang", "en", "--format", "csv", "check", "--as-of", AS_OF, "--rule", "BF201",
        ])
        .status(1)
        .stdout();
    assert_eq!(
        en,
        "code,rule,severity,village,kind,id,message\n\
         BF201,household-without-helper,error,V1,household,H1,household H1 (陈大山) needs help but has no helper\n"
    );
}

#[test]
fn findings_json_is_stored_english_but_for_the_message() {
    let s = store();
    let zh = s
        .run(&[
            "--lang", "zh", "--format", "json", "check", "--as-of", AS_OF, "--rule", "BF201",
        ])
        .status(1)
        .json();
    assert_eq!(
        zh,
        serde_json::json!({
            "as_of": AS_OF,
            "summary": {"error": 1, "warning": 0, "info": 0},
            "findings": [{
                "code": "BF201", "rule": "household-without-helper", "severity": "error",
                "village": "V1", "kind": "household", "id": "H1",
                "message": "贫困户 H1（陈大山）需要帮扶，但没有帮扶责任人"
            }]
        })
    );
}

#[test]
fn exported_findings_name_columns_by_the_headers_and_speak_the_language() {
    let s = store();
    let zh = s
        .run(&["--lang", "zh", "export", "findings", "--as-of", AS_OF])
        .success()
        .stdout();
    assert!(
        zh.starts_with("代码,规则,严重程度,村,类型,编号,说明\n"),
        "{zh}"
    );
    let row = "BF101,village-without-team,错误,V1,村,V1,贫困村 V1（大坪村）";
    assert!(zh.contains(row), "{zh}");
    // SPEC 4: `--headers` decides the column names only; severity, kind and message follow
    // the language.
    let mixed = s
        .run(&[
            "--lang",
            "zh",
            "export",
            "findings",
            "--as-of",
            AS_OF,
            "--headers",
            "en",
        ])
        .success()
        .stdout();
    assert!(
        mixed.starts_with("code,rule,severity,village,kind,id,message\n"),
        "{mixed}"
    );
    assert!(mixed.contains(row), "{mixed}");
    let en = s
        .run(&[
            "--lang",
            "en",
            "export",
            "findings",
            "--as-of",
            AS_OF,
            "--headers",
            "zh",
        ])
        .success()
        .stdout();
    assert!(en.starts_with("代码,规则,严重程度,"), "{en}");
    assert!(
        en.contains("BF101,village-without-team,error,V1,village,V1,poor village V1 (大坪村)"),
        "{en}"
    );
}

// ------------------------------------------------------------------ rules

#[test]
fn rules_explains_a_rule_in_chinese_without_english_words() {
    let s = TestStore::new();
    let out = s.ok("--lang zh rules BF201").stdout();
    assert!(
        out.starts_with(
            "BF201 贫困户无帮扶责任人 household-without-helper\n\n\
             默认严重程度：错误；本库：错误；问题记录：贫困户\n\n检查什么\n  需要帮扶"
        ),
        "{out}"
    );
    assert!(out.contains("\n为什么重要\n  ") && out.contains("\n如何处理\n  "));
    let body = out.split_once("\n\n").unwrap().1;
    assert_eq!(english_word_in(body), None, "{body}");
    // The Chinese label finds the rule too.
    s.ok("--lang zh rules 贫困户无帮扶责任人").stdout_is(&out);
}

#[test]
fn every_rule_explanation_is_chinese_under_lang_zh() {
    let s = TestStore::new();
    let list = s.ok("--format json rules").json();
    for rule in list.as_array().unwrap() {
        let code = rule["code"].as_str().unwrap();
        let json = s
            .run(&["--lang", "zh", "--format", "json", "rules", code])
            .success()
            .json();
        assert_eq!(json["default"], rule["default"], "{code}: stored severity");
        for key in ["label", "what", "why", "fix"] {
            let text = json[key].as_str().unwrap();
            assert!(!text.is_empty(), "{code}: {key}");
            assert_eq!(english_word_in(text), None, "{code} {key}: {text}");
        }
    }
}

#[test]
fn rules_table_in_chinese_keeps_codes_and_names() {
    let s = TestStore::new();
    s.ok("policy set rules.BF107 off");
    let out = s.ok("--lang zh rules").stdout();
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(
        lines[0].split_whitespace().collect::<Vec<_>>(),
        ["代码", "规则", "名称", "默认", "本库", "问题记录"]
    );
    assert_eq!(
        lines[7].split_whitespace().collect::<Vec<_>>(),
        [
            "BF107",
            "member-tied-to-village",
            "队员与所驻村有利害关系",
            "警告",
            "关闭",
            "人员"
        ]
    );
}

// ------------------------------------------------------------------ stats, show, CSV

#[test]
fn stats_are_in_chinese_alone() {
    let s = store();
    let out = s.ok("--lang zh stats").stdout();
    for line in [
        "村",
        "  贫困村",
        "贫困户",
        "  未脱贫",
        "  需帮扶",
        "问题",
        "  错误",
    ] {
        assert!(
            out.lines().any(|l| l.starts_with(&format!("{line}  "))),
            "{line}: {out}"
        );
    }
    assert_eq!(english_word_in(&out), None, "{out}");
    let en = s.ok("--lang en stats").stdout();
    assert!(
        en.contains("households 贫困户") && en.contains("  poor 未脱贫"),
        "{en}"
    );
}

#[test]
fn show_prints_enumerations_in_the_language() {
    let s = store();
    let zh = s.ok("--lang zh household show H1").stdout();
    for (field, value) in [
        ("status 状态", "未脱贫"),
        ("category 贫困户属性", "特困供养贫困户"),
        ("causes 致贫原因", "缺技术"),
    ] {
        assert!(
            zh.lines()
                .any(|l| l.starts_with(field) && l.ends_with(&format!("  {value}"))),
            "{field}: {zh}"
        );
    }
    let en = s.ok("--lang en household show H1").stdout();
    assert!(
        en.lines()
            .any(|l| l.starts_with("status") && l.ends_with("  poor"))
    );
    assert!(
        en.lines()
            .any(|l| l.starts_with("causes") && l.ends_with("  lack_of_skills"))
    );
}

#[test]
fn csv_values_follow_the_language_and_headers_name_the_columns() {
    let s = store();
    let zh = s.ok("--lang zh export households").stdout();
    let rows: Vec<&str> = zh.lines().collect();
    assert!(rows[0].starts_with("户编号,村,户主,户主身份证号,人口数,状态,贫困户属性,致贫原因"));
    let zh_values = ",4,未脱贫,特困供养贫困户,缺技术,健康扶贫,";
    assert!(rows[1].contains(zh_values), "{}", rows[1]);
    let en = s.ok("--lang en export households").stdout();
    let rows: Vec<&str> = en.lines().collect();
    assert!(rows[0].starts_with("id,village,head,id_number,size,status,category,causes"));
    let en_values = ",4,poor,tekun,lack_of_skills,health,";
    assert!(rows[1].contains(en_values), "{}", rows[1]);
    // `--headers` names the columns; the values stay in the language (SPEC 4).
    let mixed = s.ok("--lang zh export households --headers en").stdout();
    let rows: Vec<&str> = mixed.lines().collect();
    assert!(rows[0].starts_with("id,village,head,"), "{}", rows[0]);
    assert!(rows[1].contains(zh_values), "{}", rows[1]);
    let mixed = s.ok("--lang en export households --headers zh").stdout();
    let rows: Vec<&str> = mixed.lines().collect();
    assert!(rows[0].starts_with("户编号,村,户主,"), "{}", rows[0]);
    assert!(rows[1].contains(en_values), "{}", rows[1]);
    let list = s.ok("--lang zh --format csv household list").stdout();
    assert!(list.contains(",未脱贫,特困供养贫困户,缺技术,"), "{list}");
}

#[test]
fn json_keeps_the_stored_english_forms_in_chinese() {
    let s = store();
    let list = s.ok("--lang zh --format json household list").json();
    assert_eq!(list[0]["status"], "poor");
    assert_eq!(list[0]["category"], "tekun");
    assert_eq!(list[0]["causes"], serde_json::json!(["lack_of_skills"]));
    let shown = s.ok("--lang zh --format json household show H1").json();
    assert_eq!(shown["status"], "poor");
    let export = s.ok("--lang zh --format json export households").json();
    assert_eq!(export[0]["status"], "poor", "{export}");
    let stats = s.ok("--lang zh --format json stats").json();
    assert_eq!(stats["households"]["by_status"]["poor"], 1);
}

#[test]
fn a_chinese_export_all_imports_back_to_the_same_records() {
    let s = store();
    s.person("P1", "王芳");
    s.ok("household assign H1 --helper P1");
    s.ok("household relate H1 --person P1 --relation sibling");
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("all");
    s.run(&[
        "--lang",
        "zh",
        "--unmask",
        "export",
        "all",
        "-o",
        out.to_str().unwrap(),
    ])
    .success();
    let households = std::fs::read_to_string(out.join("households.csv")).unwrap();
    assert!(households.contains("P1:兄弟姐妹"), "{households}");
    let fresh = TestStore::new();
    fresh
        .run(&["--lang", "zh", "import", "all", out.to_str().unwrap()])
        .success()
        .stdout_is("已导入村 1 条，人员 1 条，驻村工作队 0 条，贫困户 1 条，扶贫资源 0 条，发展规划 0 条，家庭成员 0 条，监测对象 0 条，考勤 0 条，请假 0 条，年度考核 0 条\n");
    let list = |t: &TestStore, kind: &str| {
        t.run(&["--unmask", "--format", "json", kind, "list"])
            .success()
            .json()
    };
    for kind in ["village", "person", "household"] {
        assert_eq!(list(&s, kind), list(&fresh, kind), "{kind}");
    }
}

// ------------------------------------------------------------------ masking

#[test]
fn id_numbers_are_masked_in_both_languages() {
    let s = store();
    let full = id_number("52040219800101123");
    let masked = format!("520402********{}", &full[14..]);
    for lang in ["zh", "en"] {
        for args in [
            vec!["--lang", lang, "household", "show", "H1"],
            vec!["--lang", lang, "household", "list"],
            vec!["--lang", lang, "export", "households"],
            vec!["--lang", lang, "--format", "csv", "household", "list"],
        ] {
            s.run(&args)
                .success()
                .stdout_has(&masked)
                .stdout_lacks(&full);
        }
        s.run(&["--lang", lang, "--unmask", "export", "households"])
            .success()
            .stdout_has(&full);
    }
}

// ------------------------------------------------------------------ errors

#[test]
fn errors_keep_the_prefix_and_speak_the_language() {
    let s = store();
    s.refuses("--lang zh check --as-of bad", 3)
        .stderr_is("bangfu: error: --as-of bad 不是有效的日期；应为 YYYY-MM-DD\n");
    s.refuses("--lang en check --as-of bad", 3)
        .stderr_is("bangfu: error: --as-of bad is not a valid date; expected YYYY-MM-DD\n");
    s.refuses("--lang zh rules BF999", 3)
        .stderr_has("bangfu: error: BF999 不是已知的规则");
    // A report or kind that does not exist is clap's to refuse, with the list of values,
    // and clap's refusals are worded in the language too.
    s.refuses("--lang zh export nothing", 2)
        .stderr_has("bangfu: error: '<REPORT>' 的值 'nothing' 无效；可选值：")
        .stderr_has("households")
        .stderr_has("更多信息请运行 '--help'。");
    s.refuses("--lang zh import nothing x.csv", 2)
        .stderr_has("bangfu: error: '<KIND>' 的值 'nothing' 无效");
    s.refuses("--lang en export nothing", 2)
        .stderr_has("bangfu: error: invalid value 'nothing' for '<REPORT>'");
    s.refuses("--lang zh household list --bogus", 2)
        .stderr_has("bangfu: error: 无法识别的参数 '--bogus'")
        .stderr_has("用法：bangfu household list");
    s.refuses("--lang=zh import households", 2)
        .stderr_has("bangfu: error: 缺少必需的参数：");
    s.refuses("--lang zh househld list", 2)
        .stderr_has("bangfu: error: 无法识别的子命令 'househld'")
        .stderr_has("提示：有相近的子命令 '")
        .stderr_has("household'");
    s.refuses("--lang zh household update H1 --head -2+3", 2)
        .stderr_has("例如 --head=-2+3")
        .stderr_lacks("'-- -2");
    let run = s.cmd("--lang zh --format xml check").status(2);
    assert!(
        run.stderr()
            .starts_with("bangfu: error: '--format <FORMAT>' 的值 'xml' 无效；可选值："),
        "{}",
        run.stderr()
    );
    assert!(!run.stderr().contains("invalid value"), "{}", run.stderr());
    s.refuses("--lang zh policy set min_team_members 0", 3)
        .stderr_is("bangfu: error: 政策 min_team_members：0 无效；应为1 到 100 之间的整数\n");
    // Value errors of `add`: the record, the flag and the value, then the problem.
    s.refuses("--lang zh household add --id H2 --village V1 --head 王 --size 3 --income 18.505", 3)
    .stderr_is(
        "bangfu: error: 贫困户 H2：--income 18.505 不是以元为单位的金额；应为最多两位小数的数字，如 1234.50\n",
    );
    s.refuses("household add --id H2 --village V1 --head 王 --size 3 --income 18.505", 3)
    .stderr_is(
        "bangfu: error: household H2: --income 18.505 is not an amount of yuan; expected a number with at most two decimals, e.g. 1234.50\n",
    );
    s.refuses("--lang zh household assign H1 --helper P9", 3)
        .stderr_is("bangfu: error: 贫困户 H1：--helper P9 不是已知的人员\n");
    s.refuses("--lang zh household update H9 --size 2", 3)
        .stderr_is("bangfu: error: 贫困户 H9 不存在\n");
    s.refuses("--lang zh household remove H9", 3)
        .stderr_is("bangfu: error: 贫困户 H9 不存在\n");
    s.refuses("--lang zh household show H9", 3);
    s.refuses("--lang zh check --as-of 2020-13-01", 3)
        .stderr_is("bangfu: error: --as-of 2020-13-01 不是有效的日期；应为 YYYY-MM-DD\n");
    s.refuses("--lang zh household list --status 穷", 3)
        .stderr_has("bangfu: error: --status 穷 无法识别；应为以下之一：poor 未脱贫,");
    let empty = TestStore::empty();
    crate::common::bangfu()
        .args(["--lang", "zh", "--store"])
        .arg(empty.path())
        .arg("stats")
        .assert()
        .code(4)
        .stderr(predicates::str::contains(
            "不是 bangfu 存储（没有 bangfu.json）",
        ));
}

#[test]
fn policy_show_and_set_speak_the_language() {
    let s = TestStore::new();
    s.ok("--lang zh policy set min_team_members 2")
        .stdout_is("政策 min_team_members = 2（默认 3）\n");
    s.ok("--lang en policy set min_team_members 2")
        .stdout_is("policy min_team_members = 2 (default 3)\n");
    let zh = s.ok("--lang zh policy show").stdout();
    let first: Vec<&str> = zh.lines().next().unwrap().split_whitespace().collect();
    assert_eq!(first, ["设置项", "值", "默认值", "依据"]);
    assert!(
        zh.lines()
            .any(|l| l.starts_with("min_team_members") && l.contains("每个驻村工作队一般不少于3人")),
        "{zh}"
    );
    assert!(
        zh.ends_with("* 与默认值不同；用 `bangfu policy set KEY VALUE` 修改\n"),
        "{zh}"
    );
}

#[test]
fn a_chinese_workbook_has_chinese_headers_and_values() {
    use calamine::{Data, Reader, Xlsx, open_workbook};

    let s = store();
    let dir = tempfile::tempdir().unwrap();
    let cell = |report: &str, lang: &str, row: u32, col: u32| {
        let path = dir.path().join(format!("{report}-{lang}.xlsx"));
        s.run(&[
            "--lang",
            lang,
            "export",
            report,
            "--as-of",
            AS_OF,
            "-o",
            path.to_str().unwrap(),
        ])
        .success();
        let mut book: Xlsx<_> = open_workbook(&path).unwrap();
        let range = book.worksheet_range(report).unwrap();
        range.get_value((row, col)).cloned().unwrap()
    };
    assert_eq!(cell("households", "zh", 0, 5), Data::String("状态".into()));
    assert_eq!(
        cell("households", "zh", 1, 5),
        Data::String("未脱贫".into())
    );
    assert_eq!(
        cell("households", "zh", 1, 7),
        Data::String("缺技术".into())
    );
    assert_eq!(cell("households", "en", 1, 5), Data::String("poor".into()));
    // Findings: the code and rule stay identifiers, the severity follows the language.
    assert_eq!(cell("findings", "zh", 1, 0), Data::String("BF101".into()));
    assert_eq!(
        cell("findings", "zh", 1, 1),
        Data::String("village-without-team".into())
    );
    assert_eq!(cell("findings", "zh", 1, 2), Data::String("错误".into()));
    assert_eq!(cell("findings", "en", 1, 2), Data::String("error".into()));
    assert_eq!(cell("coverage", "zh", 1, 4), Data::String("贫困村".into()));
}

#[test]
fn notes_of_changes_speak_the_language() {
    let s = store();
    s.ok("--lang zh household update H1 --size 3")
        .stdout_is("已更新贫困户 H1\n");
    s.ok("--lang en household update H1 --size 2")
        .stdout_is("updated household H1\n");
    s.household("H2", "V1", "王五");
    s.ok("--lang zh household remove H2")
        .stdout_is("已删除贫困户 H2\n");
    s.household("H3", "V1", "王六");
    s.ok("--lang en household remove H3")
        .stdout_is("removed household H3\n");
}

#[test]
fn show_summaries_speak_the_language() {
    let s = store();
    s.ok("--lang zh village show V1")
        .stdout_has("\n工作队：无\n贫困户：共 1 户，需帮扶 1 户，其中已落实帮扶责任人 0 户\n");
    s.ok("--lang en village show V1")
        .stdout_has("\nhouseholds 贫困户: 1 in all, 1 needing help, 0 of them with a helper\n");
    s.ok("--lang zh household show H1")
        .stdout_has("\n扶贫资源：无\n");
}

// ------------------------------------------------------------------ every error bilingual

/// Writes `text` into a file beside the store and returns its path as given to bangfu.
fn file_beside(s: &TestStore, name: &str, text: &str) -> String {
    let dir = s.path().parent().unwrap().join(format!(
        "{}-lang",
        s.path().file_name().unwrap().to_string_lossy()
    ));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path.to_str().unwrap().to_string()
}

/// The message of a refusal under `--lang zh`, without the prefix and with `path` (a file
/// the test wrote) left out, for a look for English words.
fn chinese_message(run: &crate::common::Run, path: &str) -> String {
    let err = run.stderr();
    let err = err.strip_prefix("bangfu: error: ").unwrap_or(&err);
    err.replace(path, "文件")
}

#[test]
fn a_bad_date_or_id_number_on_add_is_told_in_chinese_and_in_english() {
    let s = store();
    let good = id_number("11010519491231002");
    let bad = format!(
        "{}{}",
        &good[..17],
        if good.ends_with('0') { '1' } else { '0' }
    );
    let before = s.snapshot();
    s.refuses(
        "--lang zh household add --id H2 --village V1 --head 王 --size 3 --identified-on 2020-02-30",
        3,
    )
    .stderr_is(
        "bangfu: error: 贫困户 H2：--identified-on 2020-02-30 不是有效的日期；应为 YYYY-MM-DD\n",
    );
    s.refuses(
        "--lang en household add --id H2 --village V1 --head 王 --size 3 --identified-on 2020-02-30",
        3,
    )
    .stderr_is(
        "bangfu: error: household H2: --identified-on 2020-02-30 is not a valid date; expected YYYY-MM-DD\n",
    );
    s.refuses(
        &format!("--lang zh household add --id H2 --village V1 --head 王 --size 3 --id-number {bad}"),
        3,
    )
    .stderr_is(&format!(
        "bangfu: error: 贫困户 H2：--id-number 110105********{} 校验码不对；应为这 17 位数字按 MOD 11-2 算出的校验码\n",
        &bad[14..]
    ))
    .stderr_lacks(&bad);
    s.refuses(
        &format!(
            "--lang en household add --id H2 --village V1 --head 王 --size 3 --id-number {bad}"
        ),
        3,
    )
    .stderr_has("--id-number 110105********")
    .stderr_has("has a wrong check character");
    // A date out of the span a record may take, and a text with a control character.
    s.refuses(
        "--lang zh household add --id H2 --village V1 --head 王 --size 3 --identified-on 1899-12-31",
        3,
    )
    .stderr_is("bangfu: error: 贫困户 H2：--identified-on 1899-12-31 超出范围；应为 1900-01-01 到 2100-12-31 之间的日期\n");
    assert_eq!(s.snapshot(), before, "a refused add writes nothing");
    // The boundary: the real date and the right check character go in.
    s.ok(&format!(
        "--lang zh household add --id H2 --village V1 --head 王 --size 3 --identified-on 2020-02-29 --id-number {good}"
    ));
}

#[test]
fn an_unknown_reference_is_told_in_chinese() {
    let s = store();
    s.refuses(
        "--lang zh household add --id H2 --village V9 --head 王 --size 3",
        3,
    )
    .stderr_is("bangfu: error: 贫困户 H2：--village V9 不是已知的村\n");
    s.refuses(
        "--lang en household add --id H2 --village V9 --head 王 --size 3",
        3,
    )
    .stderr_is("bangfu: error: household H2: --village V9 is not a known village\n");
    s.refuses("--lang zh member list --household H9", 3)
        .stderr_is("bangfu: error: --household H9 不是已知的家庭\n");
    s.refuses("--lang zh household list --village V9", 3)
        .stderr_is("bangfu: error: --village V9 不是已知的村\n");
    s.ok("--lang zh household add --id H2 --village V1 --head 王 --size 3");
    s.ok("--lang zh member list --household H2");
}

#[test]
fn a_refused_remove_is_told_in_chinese_and_in_english() {
    let s = store();
    s.person("P1", "王芳").person("P2", "李明");
    s.ok("household assign H1 --helper P1");
    let before = s.snapshot();
    s.refuses("--lang zh person remove P1", 3).stderr_is(
        "bangfu: error: 人员 P1 不能删除：贫困户 H1（--helper）仍引用它；请先修改或删除它们\n",
    );
    s.refuses("--lang en person remove P1", 3).stderr_is(
        "bangfu: error: person P1 cannot be removed: household H1 (helper) still refers to it; change or remove them first\n",
    );
    s.refuses("--lang zh village remove V1", 3)
        .stderr_is("bangfu: error: 村 V1 不能删除：它仍有 1 个贫困户；请先删除或移走它们\n");
    s.refuses("--lang en village remove V1", 3).stderr_is(
        "bangfu: error: village V1 cannot be removed: it still has 1 household; remove or move them first\n",
    );
    assert_eq!(s.snapshot(), before, "a refused remove writes nothing");
    // The boundary: a person nothing refers to goes.
    s.ok("--lang zh person remove P2");
}

#[test]
fn import_problems_are_told_in_chinese_row_by_row() {
    let s = store();
    let file = file_beside(
        &s,
        "h.csv",
        "id,village,head,size,identified_on,helper\n\
         H5,V1,张三,2,2020/13/01,\n\
         H6,V1,李四,x,,\n\
         H7,V9,赵五,2,,P9\n\
         H1,V1,钱六,2,,\n",
    );
    let before = s.snapshot();
    let zh = s.rejects(&["--lang", "zh", "import", "households", &file], 3);
    let expected = [
        "bangfu: error: 导入被拒绝：5 个问题；没有写入任何内容".to_string(),
        format!("{file}:2：identified_on：2020/13/01 不是有效的日期；应为 YYYY-MM-DD"),
        format!("{file}:3：size：x 不是整数；应为 1 到 30 之间的整数"),
        format!("{file}:4：village：V9 不是已知的村"),
        format!("{file}:4：helper：P9 不是已知的人员"),
        format!("{file}:5：id：H1 已在仓库中；导入只添加新记录，不修改已有记录"),
    ];
    assert_eq!(zh.stderr(), expected.join("\n") + "\n");
    s.rejects(&["--lang", "en", "import", "households", &file], 3)
        .stderr_has("bangfu: error: import rejected: 5 problems; nothing was written\n")
        .stderr_has(&format!(
            "{file}:3: size: x is not a whole number; expected a whole number from 1 to 30\n"
        ))
        .stderr_has(&format!("{file}:4: helper: P9 is not a known person\n"));
    // A header without the required columns names them in Chinese.
    let header = file_beside(&s, "header.csv", "户编号,人口数\nH5,2\n");
    let run = s.rejects(&["--lang", "zh", "import", "households", &header], 3);
    let said = chinese_message(&run, &header);
    assert!(
        said.contains("文件:1：村：缺少此列；贫困户的每一行都需要它"),
        "{said}"
    );
    assert!(!said.contains("户编号："), "{said}");
    assert_eq!(s.snapshot(), before, "a refused import writes nothing");
    // The boundary: the same rows made good go in.
    let good = file_beside(
        &s,
        "good.csv",
        "id,village,head,size,identified_on,helper\nH5,V1,张三,2,2020/12/01,\n",
    );
    s.run(&["--lang", "zh", "import", "households", &good])
        .success();
}

#[test]
fn chinese_errors_have_no_english_words() {
    let s = store();
    s.person("P1", "王芳");
    s.ok("household assign H1 --helper P1");
    let file = file_beside(&s, "people.csv", "id,name,phone\nP5,,abc\nP6,王,\nP6,李,\n");
    let lines: Vec<Vec<String>> = [
        "household add --id H2 --village V1 --head 王 --size 31",
        "household add --id H2 --village V1 --head 王 --size 3 --income -1",
        "household add --id H2 --village V1 --size 3",
        "household add --id H1 --village V1 --head 王 --size 3",
        "household update H1 --id H9",
        "household list --county 别县",
        "team list --status poor",
        "member list --status poor",
        "person remove P1",
        "person add --id P7 --name 王 --phone 电话",
        "case list --status open",
    ]
    .iter()
    .map(|l| crate::common::split_line(&format!("--lang zh {l}")))
    .chain([vec![
        "--lang".into(),
        "zh".into(),
        "import".into(),
        "people".into(),
        file.clone(),
    ]])
    .collect();
    let mut english = Vec::new();
    for words in lines {
        let args: Vec<&str> = words.iter().map(String::as_str).collect();
        let run = s.run(&args);
        assert!(run.code() >= 2, "{args:?} should be refused");
        // What the clerk typed (and the file's column names) is quoted as given.
        let mut said = chinese_message(&run, &file);
        for typed in args.iter().chain(&["id", "name", "phone", "abc"]) {
            said = said.replace(typed, "X");
        }
        if let Some(word) = english_word_in(&said) {
            english.push(format!("{word}: {said}"));
        }
    }
    assert!(english.is_empty(), "{}", english.join("\n"));
}

/// The office and conflicts commands, and an import's problems of a whole row or of the
/// header, speak Chinese under `--lang zh`, with no English word outside backquotes.
#[test]
fn office_conflicts_and_import_problems_are_chinese() {
    let s = store();
    let chinese = |text: &str| {
        assert!(english_word_in(text).is_none(), "{text}");
        assert!(text.chars().any(|c| c > '\u{2e80}'), "{text}");
    };
    chinese(&s.ok("--lang zh office show").stdout());
    let set = s.ok("--lang zh office set 522799").stdout();
    assert_eq!(set, "办公室代码 522799：此后自动编号形如 H522799-000001\n");
    assert_eq!(s.ok("--lang zh conflicts").stdout(), "没有冲突\n");
    assert_eq!(s.ok("conflicts").stdout(), "no conflicts\n");
    let dir = crate::common::scratch();
    let short = dir.path().join("短行.csv");
    std::fs::write(&short, "id,village,head,size\nH9,V1,王五\n").unwrap();
    let empty = dir.path().join("空表.csv");
    std::fs::write(&empty, "").unwrap();
    let problem = |file: &std::path::Path| {
        let run = s.rejects(
            &[
                "--lang",
                "zh",
                "import",
                "households",
                file.to_str().unwrap(),
            ],
            3,
        );
        run.stderr()
    };
    let short = problem(&short);
    assert!(short.contains("短行.csv:2：行：有 3 个单元格"), "{short}");
    let empty = problem(&empty);
    assert!(empty.contains("空表.csv:1：表头：缺少表头"), "{empty}");
    let dir = dir.path().to_str().unwrap();
    for text in [short, empty] {
        // The prefix `bangfu: error: ` is the same in every language (README, "Exit
        // statuses").
        let text = text
            .replace("bangfu: error: ", "")
            .replace(dir, "")
            .replace(".csv", "");
        chinese(&text);
    }
}

/// A flag given twice that takes one value is told so in Chinese, not that it cannot be
/// used together with itself.
#[test]
fn a_flag_given_twice_is_told_it_is_taken_once() {
    let s = store();
    s.refuses("--lang zh household update H1 --size 3 --size 4", 2)
        .stderr_has("bangfu: error: 参数 '--size <SIZE>' 只能给一次")
        .stderr_lacks("同时使用");
    s.refuses("--lang en household update H1 --size 3 --size 4", 2)
        .stderr_has("cannot be used multiple times");
}

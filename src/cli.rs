//! Every command-line type of bangfu, with its help text.
//!
//! This module imports nothing else from the crate, so that completions (and a man page) can
//! be generated from it alone. Enumerations and money arrive as strings: the command layer
//! parses them, so that a bad value is "input rejected" (status 3), not "bad usage" (2).

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// Declares the flags of a record kind's `add` and `update`, one struct field per record
/// field, and `given()`, which hands the values given to the command layer by field name.
/// The struct field is named after the record field or its flag; the record's declaration
/// says how each value is parsed.
macro_rules! field_flags {
    (
        $(#[$meta:meta])*
        pub struct $name:ident {
            $( $(#[$fmeta:meta])* pub $f:ident : $t:ty, )+
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Args, Default)]
        pub struct $name {
            /// Id [default: the next free one]
            #[arg(long)]
            pub id: Option<String>,
            $( $(#[$fmeta])* pub $f: $t, )+
        }

        impl FieldFlags for $name {
            fn new_id(&self) -> Option<&String> {
                self.id.as_ref()
            }
            fn given(&self) -> Vec<(&'static str, Vec<String>)> {
                $name::given(self)
            }
        }

        impl $name {
            /// The values given, by field name (`--id` apart).
            pub fn given(&self) -> Vec<(&'static str, Vec<String>)> {
                let mut out = Vec::new();
                $(
                    let values = Given::values(&self.$f);
                    if !values.is_empty() {
                        out.push((stringify!($f), values));
                    }
                )+
                out
            }
        }
    };
}

/// Reports what clap could not parse as every other error is reported (`bangfu: error: …`,
/// status 2); `--help` and `--version` print as they are, with status 0. clap's advice to
/// write `-- -2` does not work for a flag's value, so it is replaced by the form that does.
pub fn usage_error(e: &clap::Error) -> std::process::ExitCode {
    use clap::error::ErrorKind;
    if matches!(e.kind(), ErrorKind::DisplayHelp | ErrorKind::DisplayVersion) {
        let _ = e.print();
        return std::process::ExitCode::SUCCESS;
    }
    let text = e.render().to_string();
    if refused_in_chinese()
        && let Some(zh) = in_chinese(e, &text)
    {
        eprintln!("bangfu: error: {zh}");
        return std::process::ExitCode::from(2);
    }
    let text = text.strip_prefix("error: ").unwrap_or(&text);
    let lines: Vec<String> = text
        .lines()
        .map(|l| {
            if l.trim_start().starts_with("tip: to pass '") && l.contains("use '-- ") {
                "  tip: to give a value that starts with '-', join it to its flag with '=', \
                 e.g. --head=-2+3"
                    .to_string()
            } else {
                l.to_string()
            }
        })
        .collect();
    eprintln!("bangfu: error: {}", lines.join("\n").trim_end());
    std::process::ExitCode::from(2)
}

/// Whether a command line clap refused asked for Chinese: `--lang zh` among its words, else
/// a Chinese locale (README, "Language").
fn refused_in_chinese() -> bool {
    let args: Vec<String> = std::env::args().collect();
    let given = args.iter().enumerate().find_map(|(i, a)| {
        a.strip_prefix("--lang=")
            .map(str::to_string)
            .or_else(|| (a == "--lang").then(|| args.get(i + 1).cloned().unwrap_or_default()))
    });
    match given.as_deref() {
        Some("zh") => true,
        Some("en") => false,
        _ => {
            crate::lang::Lang::from_locale(|name| std::env::var(name).ok()) == crate::lang::Lang::Zh
        }
    }
}

/// clap's refusal in Chinese: the problem from the error's context, clap's suggestion, the
/// usage line and where to read more. None for a kind of refusal not worded here (the
/// English is printed then).
fn in_chinese(e: &clap::Error, english: &str) -> Option<String> {
    use clap::error::{ContextKind as C, ContextValue as V, ErrorKind as K};
    let get = |kind: C| -> Option<String> {
        match e.get(kind)? {
            V::String(s) => Some(s.clone()),
            V::Strings(v) => Some(v.join("、")),
            V::StyledStr(s) => Some(s.to_string()),
            V::StyledStrs(v) => Some(
                v.iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join("、"),
            ),
            V::Number(n) => Some(n.to_string()),
            _ => None,
        }
    };
    let arg = || get(C::InvalidArg).unwrap_or_default();
    let mut lines = vec![match e.kind() {
        K::UnknownArgument => format!("无法识别的参数 '{}'", arg()),
        K::InvalidSubcommand => format!("无法识别的子命令 '{}'", get(C::InvalidSubcommand)?),
        K::InvalidValue => {
            let value = get(C::InvalidValue).unwrap_or_default();
            let problem = if value.is_empty() {
                format!("'{}' 需要一个值", arg())
            } else {
                format!("'{}' 的值 '{value}' 无效", arg())
            };
            match get(C::ValidValue) {
                Some(valid) => format!("{problem}；可选值：{valid}"),
                None => problem,
            }
        }
        K::ValueValidation => {
            let value = get(C::InvalidValue).unwrap_or_default();
            let reason = std::error::Error::source(e)
                .map(ToString::to_string)
                .unwrap_or_default();
            format!("'{}' 的值 '{value}' 无效：{reason}", arg())
        }
        K::MissingRequiredArgument => format!("缺少必需的参数：{}", arg()),
        K::ArgumentConflict => match get(C::PriorArg) {
            // clap's "cannot be used multiple times": the argument conflicts with itself.
            Some(prior) if prior == arg() => format!("参数 '{prior}' 只能给一次"),
            Some(prior) => format!("参数 '{}' 不能与 '{prior}' 同时使用", arg()),
            None => format!("参数 '{}' 不能在此使用", arg()),
        },
        K::TooManyValues => format!("参数 '{}' 的值过多", arg()),
        K::WrongNumberOfValues | K::TooFewValues => format!("参数 '{}' 的值个数不对", arg()),
        K::NoEquals => format!("参数 '{}' 的值须用 '=' 连接", arg()),
        _ => return None,
    }];
    if english.contains("use '-- ") {
        lines.push("  提示：以 '-' 开头的值请用 '=' 连在参数后，例如 --head=-2+3".to_string());
    } else if let Some(similar) = get(C::SuggestedArg) {
        lines.push(format!("  提示：有相近的参数 '{similar}'"));
    } else if let Some(similar) = get(C::SuggestedSubcommand) {
        lines.push(format!("  提示：有相近的子命令 '{similar}'"));
    } else if let Some(similar) = get(C::SuggestedValue) {
        lines.push(format!("  提示：有相近的值 '{similar}'"));
    }
    if let Some(usage) = get(C::Usage) {
        let usage = usage
            .trim()
            .strip_prefix("Usage: ")
            .unwrap_or(usage.trim())
            .to_string();
        lines.push(String::new());
        lines.push(format!("用法：{usage}"));
    }
    lines.push(String::new());
    lines.push("更多信息请运行 '--help'。".to_string());
    Some(lines.join("\n"))
}

/// A flag's values as strings, however many times it was given.
trait Given {
    fn values(&self) -> Vec<String>;
}

impl Given for Option<String> {
    fn values(&self) -> Vec<String> {
        self.iter().cloned().collect()
    }
}

impl Given for Vec<String> {
    fn values(&self) -> Vec<String> {
        self.clone()
    }
}

/// Registry of resident work teams in poor villages (驻村工作队): villages, teams, cadres,
/// poor households with their helpers, relief allocations and development plans.
#[derive(Debug, Parser)]
#[command(name = "bangfu", version, max_term_width = 100)]
pub struct Cli {
    /// The store directory [default: the nearest bangfu.json upward]
    #[arg(long, global = true, value_name = "DIR", env = "BANGFU_STORE")]
    pub store: Option<PathBuf>,

    /// Who makes the change, for the journal [default: $USER, else the login name]
    #[arg(long, global = true, value_name = "NAME", env = "BANGFU_ACTOR")]
    pub actor: Option<String>,

    /// Output format: a table for people unless told; `export` writes CSV unless json (or
    /// what -o's extension names)
    #[arg(
        long,
        global = true,
        value_enum,
        default_value_t = Format::Table,
        hide_default_value = true
    )]
    pub format: Format,

    /// Language for people: zh or en [default: zh when LC_ALL, LC_MESSAGES or LANG says zh_*]
    #[arg(long, global = true, value_enum, value_name = "LANG")]
    pub lang: Option<LangArg>,

    /// Show personal ID numbers and phones in full instead of masked
    #[arg(long, global = true)]
    pub unmask: bool,

    /// Print nothing but errors (and the ids that `add` assigns)
    #[arg(short, long, global = true)]
    pub quiet: bool,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Aligned columns for people
    Table,
    /// JSON for scripts: records in their stored form
    Json,
    /// CSV with the columns of the export reports
    Csv,
}

/// A finding's severity, for `--min-severity`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SeverityArg {
    Info,
    Warning,
    Error,
}

/// The severity from which `check` exits 1, or never.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    Error,
    Warning,
    Info,
    Never,
}

/// The language of `--lang`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LangArg {
    /// Chinese (中文)
    Zh,
    /// English
    En,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create a new, empty store
    Init(InitArgs),
    /// Dispatched cadres and village officials (人员)
    #[command(subcommand)]
    Person(PersonCommand),
    /// Villages (村)
    #[command(subcommand)]
    Village(VillageCommand),
    /// Resident work teams (驻村工作队)
    #[command(subcommand)]
    Team(TeamCommand),
    /// Poor households and their helpers (贫困户)
    #[command(subcommand)]
    Household(HouseholdCommand),
    /// Members of households (家庭成员)
    #[command(subcommand)]
    Member(MemberCommand),
    /// Monitoring cases: households watched for falling back into poverty (监测对象)
    #[command(subcommand)]
    Case(CaseCommand),
    /// Relief resources given out (扶贫资源分配)
    #[command(subcommand)]
    Allocation(AllocationCommand),
    /// Team members' months in the village (考勤)
    #[command(subcommand)]
    Attendance(AttendanceCommand),
    /// Leave of team members (请假)
    #[command(subcommand)]
    Leave(LeaveCommand),
    /// Annual grades of team members (年度考核)
    #[command(subcommand)]
    Assessment(AssessmentCommand),
    /// Items of a village's development plan (发展规划)
    #[command(subcommand)]
    Plan(PlanCommand),
    /// Check the registry against the policy and print one finding per problem
    Check(CheckArgs),
    /// List the rules, or explain one
    Rules(RulesArgs),
    /// Show or change the policy settings of this store
    #[command(subcommand)]
    Policy(PolicyCommand),
    /// Write a report as CSV, JSON or an Excel workbook
    Export(ExportArgs),
    /// Read records from CSV, all or nothing
    Import(ImportArgs),
    /// Print the journal of changes, newest first
    Log(LogArgs),
    /// Check the store files and the journal hash chains for damage
    Verify(VerifyArgs),
    /// The registry at a glance
    Stats,
    /// Print a shell completion script
    Completions(CompletionsArgs),
    /// Print the manual page (roff): `bangfu man > bangfu.1`
    Man,
    /// Show or set this copy's office code, which automatic ids carry
    #[command(subcommand)]
    Office(OfficeCommand),
    /// Register bangfu's merge driver in this clone's git config
    GitSetup,
    /// The git merge driver: merge BASE, OURS and THEIRS of one store file into OURS
    MergeFile(MergeFileArgs),
    /// List the records a merge left in conflict, both versions side by side
    Conflicts,
    /// Settle a merge conflict by taking our or their version, journaled
    Resolve(ResolveArgs),
    /// Write records a merge left pending: moved to another village in one copy and changed
    /// in the other (run by the post-merge hook `git-setup` installs)
    Reconcile,
    /// Print one digest over the heads of every journal, and journal it
    Seal,
}

#[derive(Debug, Subcommand)]
pub enum OfficeCommand {
    /// Print this copy's office code
    Show,
    /// Set this copy's office code (kept in .bangfu/office, not tracked by git)
    Set {
        /// The office code, e.g. the county's 522799
        code: String,
    },
}

#[derive(Debug, Args)]
pub struct MergeFileArgs {
    /// The common ancestor's version (git's %O)
    pub base: PathBuf,
    /// Our version, which receives the result (git's %A)
    pub ours: PathBuf,
    /// Their version (git's %B)
    pub theirs: PathBuf,
    /// The file's path in the repository (git's %P)
    pub path: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Side {
    /// Our version (the copy that ran the merge)
    Ours,
    /// Their version (the copy merged in)
    Theirs,
}

#[derive(Debug, Args)]
pub struct ResolveArgs {
    /// The id of the record in conflict (a policy key for a policy conflict)
    pub id: String,
    /// The kind, when two kinds share the id (person, village, team, household, ...)
    #[arg(long)]
    pub kind: Option<String>,
    /// Which version to keep
    #[arg(long, value_enum)]
    pub take: Side,
}

#[derive(Debug, Args)]
pub struct InitArgs {
    /// Directory to create the store in [default: the current directory]
    pub dir: Option<PathBuf>,
    /// A name for the registry, e.g. the county
    #[arg(long)]
    pub name: Option<String>,
    /// This copy's office code, which automatic ids carry (see `bangfu office`)
    #[arg(long)]
    pub office: Option<String>,
}

/// Filters shared by every `list`.
#[derive(Debug, Args, Default)]
pub struct ListFilter {
    /// Only records of this village
    #[arg(long, value_name = "VILLAGE")]
    pub village: Option<String>,
    /// Only records in villages of this county
    #[arg(long)]
    pub county: Option<String>,
    /// Only records in villages of this township
    #[arg(long)]
    pub township: Option<String>,
    /// Only records with this status
    #[arg(long)]
    pub status: Option<String>,
}

#[derive(Debug, Args)]
pub struct IdArg {
    /// The record's id
    #[arg(value_parser = trimmed)]
    pub id: String,
}

/// A kind's field flags, as `field_flags!` declares them.
pub trait FieldFlags {
    /// `--id`.
    fn new_id(&self) -> Option<&String>;
    /// The values given, by field name (`--id` apart).
    fn given(&self) -> Vec<(&'static str, Vec<String>)>;
}

/// `update ID [FLAGS] [--clear FIELD]`, the same for every kind.
#[derive(Debug, Args)]
pub struct Update<F: FieldFlags + Args> {
    /// The id of the record to update
    #[arg(id = "record", value_name = "ID", value_parser = trimmed)]
    pub id: String,
    #[command(flatten)]
    pub fields: F,
    #[command(flatten)]
    pub clear: ClearArgs,
}

/// `--clear FIELD`, shared by every `update`.
#[derive(Debug, Args, Default)]
pub struct ClearArgs {
    /// Empty an optional field (repeatable), e.g. `--clear phone`
    #[arg(long, value_name = "FIELD")]
    pub clear: Vec<String>,
}

// ---------------------------------------------------------------- person

#[derive(Debug, Subcommand)]
pub enum PersonCommand {
    /// Add a person
    Add(PersonFields),
    /// List people
    List(PersonList),
    /// Show one person
    Show(IdArg),
    /// Change the fields given
    Update(Update<PersonFields>),
    /// Remove a person nobody refers to
    Remove(IdArg),
}

field_flags! {
    pub struct PersonFields {
        /// Name (姓名)
        #[arg(long)]
        pub name: Option<String>,
        /// 18-character resident ID number
        #[arg(long)]
        pub id_number: Option<String>,
        /// Work unit (单位)
        #[arg(long)]
        pub unit: Option<String>,
        /// province 省 · city 市 · county 县 · township 乡 · village 村
        #[arg(long)]
        pub level: Option<String>,
        /// Village the person lives in or comes from
        #[arg(long, value_name = "VILLAGE")]
        pub home_village: Option<String>,
        /// Phone number
        #[arg(long)]
        pub phone: Option<String>,
    }
}

#[derive(Debug, Args)]
pub struct PersonList {
    /// Only people whose home village is this one
    #[arg(long, value_name = "VILLAGE")]
    pub village: Option<String>,
    /// Only people of this unit
    #[arg(long)]
    pub unit: Option<String>,
    /// Only people of this level
    #[arg(long)]
    pub level: Option<String>,
}

// ---------------------------------------------------------------- village

#[derive(Debug, Subcommand)]
pub enum VillageCommand {
    /// Add a village
    Add(VillageFields),
    /// List villages
    List(ListFilter),
    /// Show one village with its team and households
    Show(IdArg),
    /// Change the fields given
    Update(Update<VillageFields>),
    /// Remove a village nothing refers to (its directory moves under removed/)
    Remove(IdArg),
    /// Add a village official, or change an official's role
    Official(OfficialArgs),
}

field_flags! {
    pub struct VillageFields {
        /// Name (村名)
        #[arg(long)]
        pub name: Option<String>,
        /// Province (省)
        #[arg(long)]
        pub province: Option<String>,
        /// County (县)
        #[arg(long)]
        pub county: Option<String>,
        /// Township (乡镇)
        #[arg(long)]
        pub township: Option<String>,
        /// east 东部 · central 中部 · west 西部 [default: west]
        #[arg(long)]
        pub region: Option<String>,
        /// poor 贫困村 · exited 已出列 · non_poor 非贫困村 [default: poor]
        #[arg(long)]
        pub status: Option<String>,
        /// Date the village exited poverty (YYYY-MM-DD)
        #[arg(long, value_name = "DATE")]
        pub exited_on: Option<String>,
        /// Registered population (户籍人口)
        #[arg(long, allow_negative_numbers = true)]
        pub population: Option<String>,
        /// What the village is for dispatch after 2020 (repeatable): lifted 脱贫村 ·
        /// relocation_site 易地扶贫搬迁安置村(社区) · revitalization 乡村振兴任务重村 ·
        /// weak_party 党组织软弱涣散村; `update` replaces the whole list
        #[arg(long = "type", value_name = "TYPE")]
        pub types: Vec<String>,
    }
}

#[derive(Debug, Args)]
pub struct OfficialArgs {
    /// The village
    pub village: String,
    /// The official
    #[arg(long, value_name = "P")]
    pub person: String,
    /// party_secretary 村支书 · director 村主任 · committee_member 村委委员 · accountant 会计 · other 其他
    #[arg(long)]
    pub role: String,
}

// ---------------------------------------------------------------- team

#[derive(Debug, Subcommand)]
pub enum TeamCommand {
    /// Add a team
    Add(TeamFields),
    /// List teams
    List(TeamList),
    /// Show one team
    Show(IdArg),
    /// Change the fields given
    Update(Update<TeamFields>),
    /// Remove a team
    Remove(IdArg),
    /// Record that a team was recalled
    Recall(RecallArgs),
    /// A person joins the team on a date (adds a member with a term)
    Join(TermArgs),
    /// A member leaves the team on a date (ends the member's term)
    Leave(TermArgs),
}

#[derive(Debug, Args)]
pub struct TermArgs {
    /// The team
    #[arg(value_parser = trimmed)]
    pub team: String,
    /// The person joining or leaving
    #[arg(long, value_name = "P")]
    pub person: String,
    /// The date (YYYY-MM-DD); leaving, the first day no longer served
    #[arg(long, value_name = "DATE")]
    pub on: String,
}

field_flags! {
    pub struct TeamFields {
        /// The village the team is stationed in
        #[arg(long)]
        pub village: Option<String>,
        /// Dispatching unit (派出单位)
        #[arg(long)]
        pub unit: Option<String>,
        /// First secretary (第一书记); must be a member
        #[arg(long, value_name = "P")]
        pub leader: Option<String>,
        /// A member (repeatable); `update` replaces the whole list
        #[arg(long = "member", value_name = "P")]
        pub members: Vec<String>,
        /// Date dispatched (YYYY-MM-DD)
        #[arg(long, value_name = "DATE")]
        pub dispatched_on: Option<String>,
        /// End of term (YYYY-MM-DD)
        #[arg(long, value_name = "DATE")]
        pub term_end: Option<String>,
    }
}

#[derive(Debug, Args)]
pub struct TeamList {
    #[command(flatten)]
    pub filter: ListFilter,
    /// Only teams active on this date
    #[arg(long, value_name = "DATE")]
    pub active_on: Option<String>,
}

#[derive(Debug, Args)]
pub struct RecallArgs {
    /// The team
    #[arg(value_parser = trimmed)]
    pub team: String,
    /// Date of the recall (YYYY-MM-DD)
    #[arg(long, value_name = "DATE")]
    pub on: String,
}

// ---------------------------------------------------------------- household

#[derive(Debug, Subcommand)]
pub enum HouseholdCommand {
    /// Add a household
    Add(HouseholdFields),
    /// List households
    List(HouseholdList),
    /// Show one household
    Show(IdArg),
    /// Change the fields given
    Update(Update<HouseholdFields>),
    /// Remove a household
    Remove(IdArg),
    /// Designate a household's helper (帮扶责任人)
    Assign(AssignArgs),
    /// Record that a household is kin of a person
    Relate(RelateArgs),
    /// Record a verified exit from poverty
    Exit(ExitArgs),
}

field_flags! {
    pub struct HouseholdFields {
        /// The household's village
        #[arg(long)]
        pub village: Option<String>,
        /// Head of household's name (户主)
        #[arg(long)]
        pub head: Option<String>,
        /// Head's 18-character resident ID number
        #[arg(long)]
        pub id_number: Option<String>,
        /// Number of members, 1–30
        #[arg(long, allow_negative_numbers = true)]
        pub size: Option<String>,
        /// poor 未脱贫 · exited 已脱贫 · returned 返贫 · non_poor 非贫困户 [default: poor]
        #[arg(long)]
        pub status: Option<String>,
        /// general 一般贫困户 · dibao 低保贫困户 · tekun 特困供养贫困户
        #[arg(long)]
        pub category: Option<String>,
        /// A cause of poverty (repeatable), e.g. illness or 因病; `update` replaces the list
        #[arg(long = "cause", value_name = "CAUSE")]
        pub causes: Vec<String>,
        /// A measure (repeatable), e.g. industry or 发展生产; `update` replaces the list
        #[arg(long = "measure", value_name = "MEASURE")]
        pub measures: Vec<String>,
        /// Annual net income per head, in yuan
        #[arg(long, value_name = "YUAN", allow_negative_numbers = true)]
        pub income: Option<String>,
        /// Date registered as poor (YYYY-MM-DD)
        #[arg(long, value_name = "DATE")]
        pub identified_on: Option<String>,
        /// Date of exit (YYYY-MM-DD)
        #[arg(long, value_name = "DATE")]
        pub exited_on: Option<String>,
        /// The team member who verified the exit
        #[arg(long, value_name = "P")]
        pub exit_verified_by: Option<String>,
        /// Designated helper
        #[arg(long, value_name = "P")]
        pub helper: Option<String>,
        /// Safety appraisal of the dwelling (住房安全等级): a A级 · b B级 · c C级危房 · d D级危房
        #[arg(long)]
        pub housing: Option<String>,
        /// Drinking water safe (饮水安全): true or false (also 是/否)
        #[arg(long)]
        pub water_safe: Option<String>,
        /// The year the income figures are for
        #[arg(long, value_name = "YEAR", allow_negative_numbers = true)]
        pub income_year: Option<String>,
        /// Yearly wage income (工资性收入), yuan
        #[arg(long, value_name = "YUAN", allow_negative_numbers = true)]
        pub wage_income: Option<String>,
        /// Yearly business income (生产经营性收入), yuan
        #[arg(long, value_name = "YUAN", allow_negative_numbers = true)]
        pub business_income: Option<String>,
        /// Yearly business cost (生产经营性支出), yuan
        #[arg(long, value_name = "YUAN", allow_negative_numbers = true)]
        pub business_cost: Option<String>,
        /// Yearly property income (财产性收入), yuan
        #[arg(long, value_name = "YUAN", allow_negative_numbers = true)]
        pub property_income: Option<String>,
        /// Yearly transfer income (转移性收入), yuan
        #[arg(long, value_name = "YUAN", allow_negative_numbers = true)]
        pub transfer_income: Option<String>,
        /// Yearly compliant out-of-pocket spending (合规自付支出), yuan
        #[arg(long, value_name = "YUAN", allow_negative_numbers = true)]
        pub out_of_pocket: Option<String>,
    }
}

#[derive(Debug, Args)]
pub struct HouseholdList {
    #[command(flatten)]
    pub filter: ListFilter,
    /// Only households helped by this person
    #[arg(long, value_name = "P")]
    pub helper: Option<String>,
}

#[derive(Debug, Args)]
pub struct AssignArgs {
    /// The household
    pub household: String,
    /// The helper
    #[arg(long, value_name = "P")]
    pub helper: String,
}

#[derive(Debug, Args)]
pub struct RelateArgs {
    /// The household
    pub household: String,
    /// The person the household is kin of
    #[arg(long, value_name = "P")]
    pub person: String,
    /// spouse 配偶 · parent 父母 · child 子女 · sibling 兄弟姐妹 · in_law 姻亲 · other 其他
    #[arg(long)]
    pub relation: String,
    /// Date the kinship was filed for review (备案)
    #[arg(long, value_name = "DATE")]
    pub filed_on: Option<String>,
}

#[derive(Debug, Args)]
pub struct ExitArgs {
    /// The household
    pub household: String,
    /// Date of exit (YYYY-MM-DD)
    #[arg(long, value_name = "DATE")]
    pub on: String,
    /// Annual net income per head, in yuan
    #[arg(long, value_name = "YUAN", allow_negative_numbers = true)]
    pub income: String,
    /// The team member who verified the exit
    #[arg(long, value_name = "P")]
    pub verified_by: String,
}

// ---------------------------------------------------------------- member

#[derive(Debug, Subcommand)]
pub enum MemberCommand {
    /// Add a member to a household
    Add(MemberFields),
    /// List members
    List(MemberList),
    /// Show one member
    Show(IdArg),
    /// Change the fields given
    Update(Update<MemberFields>),
    /// Remove a member
    Remove(IdArg),
}

field_flags! {
    pub struct MemberFields {
        /// The household the member belongs to
        #[arg(long, value_name = "H")]
        pub household: Option<String>,
        /// Name (姓名)
        #[arg(long)]
        pub name: Option<String>,
        /// 18-character resident ID number
        #[arg(long)]
        pub id_number: Option<String>,
        /// Relation to the head (与户主关系): head 户主 · spouse 配偶 · child 子女 · parent 父母 ·
        /// grandchild 孙子女 · grandparent 祖父母 · sibling 兄弟姐妹 · child_in_law 儿媳女婿 ·
        /// other 其他
        #[arg(long)]
        pub relation: Option<String>,
        /// male 男 · female 女; must agree with the ID number
        #[arg(long)]
        pub sex: Option<String>,
        /// Birth date; must agree with the ID number
        #[arg(long, value_name = "DATE")]
        pub born_on: Option<String>,
        /// none 文盲半文盲 · primary 小学 · junior 初中 · senior 高中 · vocational 中专职高 ·
        /// college 大专及以上
        #[arg(long)]
        pub education: Option<String>,
        /// not_in_school 非在校生 · preschool 学前教育 · primary 小学 · junior 初中 · senior 高中 ·
        /// secondary_vocational 中职 · higher_vocational 高职 · undergraduate 本科及以上
        #[arg(long)]
        pub schooling: Option<String>,
        /// Why the member dropped out of school (失辍学原因)
        #[arg(long)]
        pub dropout_reason: Option<String>,
        /// healthy 健康 · chronic 长期慢性病 · serious 大病 · disabled 残疾
        #[arg(long)]
        pub health: Option<String>,
        /// Disability grade 1–4, only with --health disabled
        #[arg(long, allow_negative_numbers = true)]
        pub disability_grade: Option<String>,
        /// skilled 技能劳动力 · ordinary 普通劳动力 · weak 弱劳动力或半劳动力 · lost 丧失劳动力 ·
        /// none 无劳动力
        #[arg(long)]
        pub labour: Option<String>,
        /// Months worked away from the farm in the income year, 0–12
        #[arg(long, allow_negative_numbers = true)]
        pub work_months: Option<String>,
        /// resident 城乡居民基本医疗保险 · employee 职工基本医疗保险 · none 未参保
        #[arg(long)]
        pub medical_insurance: Option<String>,
        /// resident 城乡居民基本养老保险 · employee 职工基本养老保险 · none 未参保
        #[arg(long)]
        pub pension_insurance: Option<String>,
        /// Receives 低保: true or false (also 是/否)
        #[arg(long)]
        pub dibao: Option<String>,
        /// Receives 特困供养: true or false (also 是/否)
        #[arg(long)]
        pub tekun: Option<String>,
    }
}

#[derive(Debug, Args)]
pub struct MemberList {
    #[command(flatten)]
    pub filter: ListFilter,
    /// Only members of this household
    #[arg(long, value_name = "H")]
    pub household: Option<String>,
}

// ---------------------------------------------------------------- case

#[derive(Debug, Subcommand)]
pub enum CaseCommand {
    /// Open a case for a household from its lead (线索); prints the id
    Add(CaseFields),
    /// List cases
    List(CaseList),
    /// Show one case with its timeline, day by day
    Show(IdArg),
    /// Change the fields given
    Update(Update<CaseFields>),
    /// Remove a case
    Remove(IdArg),
    /// Record the village public notice (公示)
    Notice(CaseNoticeArgs),
    /// Record the county approval (审定)
    Approve(CaseApproveArgs),
    /// Add a measure taken for the case
    Measure(CaseMeasureArgs),
    /// Record that the risk is eliminated (风险消除)
    Eliminate(CaseEliminateArgs),
}

field_flags! {
    pub struct CaseFields {
        /// The household watched
        #[arg(long, value_name = "H")]
        pub household: Option<String>,
        /// unstable 脱贫不稳定户 · marginal 边缘易致贫户 · sudden 突发严重困难户
        #[arg(long)]
        pub category: Option<String>,
        /// self_report 农户自主申报 · cadre_visit 基层干部排查 · department_alert 部门筛查预警
        #[arg(long)]
        pub source: Option<String>,
        /// The day the lead came in (线索)
        #[arg(long, value_name = "DATE")]
        pub lead_on: Option<String>,
        /// First day of the village public notice (公示)
        #[arg(long, value_name = "DATE")]
        pub notice_from: Option<String>,
        /// Last day of the village public notice
        #[arg(long, value_name = "DATE")]
        pub notice_to: Option<String>,
        /// County approval (审定)
        #[arg(long, value_name = "DATE")]
        pub approved_on: Option<String>,
        /// A risk, 1–5 (repeatable): illness 因病 · disability 因残 · education 因学 · disaster
        /// 因自然灾害 · accident 因意外事故 · industry_failure 因产业项目失败 · unstable_work
        /// 因务工就业不稳 · lack_of_labor 缺劳动力 · housing 住房出现安全问题 · water
        /// 饮水出现安全问题 · other 其他; `update` replaces the list
        #[arg(long = "risk")]
        pub risk: Vec<String>,
        /// Income per head when identified, in yuan
        #[arg(long, value_name = "YUAN", allow_negative_numbers = true)]
        pub income: Option<String>,
        /// A measure taken, MEASURE:DATE (repeatable), e.g. health:2025-03-20; `update`
        /// replaces the list
        #[arg(long = "measure", value_name = "MEASURE:DATE")]
        pub measure: Vec<String>,
        /// The cadre who follows the case (监测联系人)
        #[arg(long, value_name = "P")]
        pub contact: Option<String>,
        /// Risk eliminated on (风险消除)
        #[arg(long, value_name = "DATE")]
        pub eliminated_on: Option<String>,
        /// assisted 帮扶消除 · natural 自然消除
        #[arg(long)]
        pub elimination: Option<String>,
        /// Income per head the elimination rests on, in yuan
        #[arg(long, value_name = "YUAN", allow_negative_numbers = true)]
        pub income_at_elimination: Option<String>,
        /// Who verified the elimination
        #[arg(long, value_name = "P")]
        pub verified_by: Option<String>,
    }
}

#[derive(Debug, Args)]
pub struct CaseList {
    #[command(flatten)]
    pub filter: ListFilter,
    /// Only cases of this household
    #[arg(long, value_name = "H")]
    pub household: Option<String>,
    /// Only open cases (approved, not eliminated)
    #[arg(long)]
    pub open: bool,
    /// Only cases of this category
    #[arg(long)]
    pub category: Option<String>,
    /// Judge open as of this date [default: today]
    #[arg(long, value_name = "DATE")]
    pub as_of: Option<String>,
}

#[derive(Debug, Args)]
pub struct CaseNoticeArgs {
    /// The case
    #[arg(value_parser = trimmed)]
    pub case: String,
    /// First day of the notice
    #[arg(long, value_name = "DATE")]
    pub from: String,
    /// Last day of the notice
    #[arg(long, value_name = "DATE")]
    pub to: String,
}

#[derive(Debug, Args)]
pub struct CaseApproveArgs {
    /// The case
    #[arg(value_parser = trimmed)]
    pub case: String,
    /// Date of the county approval
    #[arg(long, value_name = "DATE")]
    pub on: String,
}

#[derive(Debug, Args)]
pub struct CaseMeasureArgs {
    /// The case
    #[arg(value_parser = trimmed)]
    pub case: String,
    /// industry 产业帮扶 · employment 就业帮扶 · finance 金融帮扶 · public_job 公益岗位 · housing
    /// 住房安全保障 · water 饮水安全保障 · health 健康帮扶 · education 义务教育保障 ·
    /// other_education 其他教育帮扶 · social_protection 综合保障 · social_aid 社会帮扶 ·
    /// relocation 搬迁 · living_conditions 生产生活条件改善 · infrastructure 基础设施
    #[arg(long)]
    pub measure: String,
    /// The day the measure was taken
    #[arg(long, value_name = "DATE")]
    pub on: String,
}

#[derive(Debug, Args)]
pub struct CaseEliminateArgs {
    /// The case
    #[arg(value_parser = trimmed)]
    pub case: String,
    /// Date the risk was eliminated
    #[arg(long, value_name = "DATE")]
    pub on: String,
    /// assisted 帮扶消除 · natural 自然消除
    #[arg(long)]
    pub way: String,
    /// Income per head the elimination rests on, in yuan
    #[arg(long, value_name = "YUAN", allow_negative_numbers = true)]
    pub income: String,
    /// Who verified the elimination
    #[arg(long, value_name = "P")]
    pub verified_by: String,
}

// ---------------------------------------------------------------- allocation

#[derive(Debug, Subcommand)]
pub enum AllocationCommand {
    /// Record an allocation
    Add(AllocationFields),
    /// List allocations
    List(AllocationList),
    /// Show one allocation
    Show(IdArg),
    /// Remove an allocation
    Remove(IdArg),
}

field_flags! {
    pub struct AllocationFields {
        /// The village
        #[arg(long)]
        pub village: Option<String>,
        /// The household (absent for village-level projects)
        #[arg(long)]
        pub household: Option<String>,
        /// funds 资金 · materials 物资 · project 项目 · microcredit 小额信贷 · other 其他
        #[arg(long)]
        pub kind: Option<String>,
        /// Amount in yuan
        #[arg(long, value_name = "YUAN", allow_negative_numbers = true)]
        pub amount: Option<String>,
        /// Date (YYYY-MM-DD)
        #[arg(long, value_name = "DATE")]
        pub date: Option<String>,
        /// Where it came from (unit, programme)
        #[arg(long)]
        pub source: Option<String>,
        /// What it is for
        #[arg(long)]
        pub purpose: Option<String>,
        /// Who signed off (repeatable)
        #[arg(long = "approved-by", value_name = "P")]
        pub approved_by: Vec<String>,
    }
}

#[derive(Debug, Args)]
pub struct AllocationList {
    #[command(flatten)]
    pub filter: ListFilter,
    /// Only allocations to this household
    #[arg(long)]
    pub household: Option<String>,
    /// Only allocations of this kind
    #[arg(long)]
    pub kind: Option<String>,
    /// Only allocations on or after this date
    #[arg(long, value_name = "DATE")]
    pub from: Option<String>,
    /// Only allocations on or before this date
    #[arg(long, value_name = "DATE")]
    pub to: Option<String>,
}

// ---------------------------------------------------------------- plan

#[derive(Debug, Subcommand)]
pub enum PlanCommand {
    /// Add a plan item
    Add(PlanFields),
    /// List plan items
    List(PlanList),
    /// Show one plan item
    Show(IdArg),
    /// Change the fields given
    Update(Update<PlanFields>),
    /// Remove a plan item
    Remove(IdArg),
}

field_flags! {
    pub struct PlanFields {
        /// The village
        #[arg(long)]
        pub village: Option<String>,
        /// The team that drew it up
        #[arg(long)]
        pub team: Option<String>,
        /// infrastructure 基础设施 · industry 产业发展 · culture 文化设施 · other 其他
        #[arg(long)]
        pub category: Option<String>,
        /// Title
        #[arg(long)]
        pub title: Option<String>,
        /// Budget in yuan
        #[arg(long, value_name = "YUAN", allow_negative_numbers = true)]
        pub budget: Option<String>,
        /// planned 计划 · in_progress 实施中 · done 已完成 [default: planned]
        #[arg(long)]
        pub status: Option<String>,
        /// Due date (YYYY-MM-DD)
        #[arg(long, value_name = "DATE")]
        pub due: Option<String>,
    }
}

#[derive(Debug, Args)]
pub struct PlanList {
    #[command(flatten)]
    pub filter: ListFilter,
    /// Only items of this category
    #[arg(long)]
    pub category: Option<String>,
}

// ---------------------------------------------------------------- check, rules, policy

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Check as of this date [default: today]
    #[arg(long, value_name = "DATE")]
    pub as_of: Option<String>,
    /// Only this rule, by code or name (repeatable)
    #[arg(long = "rule", value_name = "CODE")]
    pub rules: Vec<String>,
    /// Only this village
    #[arg(long)]
    pub village: Option<String>,
    /// Only villages of this county
    #[arg(long)]
    pub county: Option<String>,
    /// Only findings at or above this severity
    #[arg(long, value_enum, value_name = "S")]
    pub min_severity: Option<SeverityArg>,
    /// Exit 1 when a finding reaches this severity
    #[arg(long, value_enum, value_name = "S", default_value_t = FailOn::Error)]
    pub fail_on: FailOn,
}

#[derive(Debug, Args)]
pub struct RulesArgs {
    /// Explain this rule (code or name)
    pub code: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum PolicyCommand {
    /// Print the effective policy with its defaults
    Show,
    /// Change a setting: `policy set poverty_line_yuan.2021 4200`, `policy set rules.BF107 off`
    Set(PolicySetArgs),
}

#[derive(Debug, Args)]
pub struct PolicySetArgs {
    /// Dotted key, e.g. max_households_per_helper
    pub key: String,
    /// New value
    pub value: String,
}

// ---------------------------------------------------------------- export, import

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// The report: one per kind of record, findings, coverage, summary, notice, monitoring,
    /// or all of them
    pub report: String,
    /// As of this date, for reports that depend on it [default: today]
    #[arg(long, value_name = "DATE")]
    pub as_of: Option<String>,
    /// Write to this file: `.csv`, `.json` or `.xlsx` (an Excel workbook), `-` for standard
    /// output; for `all` a directory of CSV files, or one workbook `FILE.xlsx`
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Start CSV with a byte-order mark, for Excel
    #[arg(long)]
    pub bom: bool,
    /// Column names and enumeration values [default: the language, --lang]
    #[arg(long, value_enum)]
    pub headers: Option<LangArg>,
    /// The village of the notice list (required for `notice`); narrows `monitoring`
    #[arg(long, value_name = "VILLAGE")]
    pub village: Option<String>,
    /// For `attendance`: the month's sheet (YYYY-MM), one row per serving member
    #[arg(long, value_name = "YYYY-MM")]
    pub month: Option<String>,
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The kind of record (attendance: the record report or a month's sheet), or all (a
    /// directory or workbook)
    pub kind: String,
    /// The CSV file or `.xlsx` workbook (`-` for CSV on standard input), or for `all` the
    /// directory `export all` wrote, or its workbook
    pub file: PathBuf,
    /// Validate only; write nothing
    #[arg(long)]
    pub dry_run: bool,
    /// The text encoding of a CSV file [default: detected, UTF-8 or GBK/GB18030]
    #[arg(long, value_enum, hide_default_value = true, default_value_t = Encoding::Auto)]
    pub encoding: Encoding,
}

/// The text encoding of a CSV file to import.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Encoding {
    /// UTF-8 when the file is UTF-8, else GBK/GB18030 when it reads as that
    Auto,
    /// UTF-8, with or without a byte-order mark
    #[value(name = "utf-8", alias = "utf8")]
    Utf8,
    /// GBK or GB18030, what Chinese Windows saves
    #[value(alias = "gb18030")]
    Gbk,
}

// ---------------------------------------------------------------- log, verify, completions

#[derive(Debug, Args)]
pub struct LogArgs {
    /// Only changes in this village
    #[arg(long)]
    pub village: Option<String>,
    /// Only changes to records of this kind
    #[arg(long)]
    pub kind: Option<String>,
    /// Only changes to the record with this id
    #[arg(long)]
    pub id: Option<String>,
    /// At most this many entries
    #[arg(long, value_name = "N")]
    pub limit: Option<usize>,
}

#[derive(Debug, Args)]
pub struct VerifyArgs {
    /// Verify only this village
    #[arg(long)]
    pub village: Option<String>,
    /// Fix what is safe to fix (a torn last journal line, a stale cache), keeping a copy
    #[arg(long)]
    pub repair: bool,
    /// Prove that every journal still starts with the lines it had when `bangfu seal`
    /// printed this digest
    #[arg(long, value_name = "DIGEST")]
    pub seal: Option<String>,
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    #[test]
    fn the_command_line_is_well_formed() {
        super::Cli::command().debug_assert();
    }
}

// ---------------------------------------------------------------- duty (考勤 · 请假 · 年度考核)

/// The filters of the duty lists: the usual village scope, and team and person.
#[derive(Debug, Args)]
pub struct DutyFilter {
    #[command(flatten)]
    pub filter: ListFilter,
    /// Only records of this team
    #[arg(long, value_name = "T")]
    pub team: Option<String>,
    /// Only records of this person
    #[arg(long, value_name = "P")]
    pub person: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum AttendanceCommand {
    /// Record a team member's month
    Add(AttendanceFields),
    /// List attendance records
    List(AttendanceList),
    /// Show one attendance record
    Show(IdArg),
    /// Change the fields given
    Update(Update<AttendanceFields>),
    /// Remove an attendance record
    Remove(IdArg),
}

field_flags! {
    pub struct AttendanceFields {
        /// The team
        #[arg(long, value_name = "T")]
        pub team: Option<String>,
        /// The team member
        #[arg(long, value_name = "P")]
        pub person: Option<String>,
        /// The month (YYYY-MM)
        #[arg(long, value_name = "YYYY-MM")]
        pub month: Option<String>,
        /// Days in the village that month, 0 to the month's length
        #[arg(long, visible_alias = "days", value_name = "N", allow_negative_numbers = true)]
        pub days_in_village: Option<String>,
        /// Approved leave days that month [default: 0]
        #[arg(long, value_name = "N", allow_negative_numbers = true)]
        pub leave_days: Option<String>,
        /// Absences found by spot checks without leave [default: 0]
        #[arg(long, visible_alias = "unexcused", value_name = "N", allow_negative_numbers = true)]
        pub unexcused_absences: Option<String>,
    }
}

#[derive(Debug, Args)]
pub struct AttendanceList {
    #[command(flatten)]
    pub duty: DutyFilter,
    /// Only this month (YYYY-MM)
    #[arg(long, value_name = "YYYY-MM")]
    pub month: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum LeaveCommand {
    /// Record a leave
    Add(LeaveFields),
    /// List leaves
    List(DutyFilter),
    /// Show one leave
    Show(IdArg),
    /// Change the fields given
    Update(Update<LeaveFields>),
    /// Remove a leave
    Remove(IdArg),
}

field_flags! {
    pub struct LeaveFields {
        /// The team
        #[arg(long, value_name = "T")]
        pub team: Option<String>,
        /// The team member on leave
        #[arg(long, value_name = "P")]
        pub person: Option<String>,
        /// First day of leave (YYYY-MM-DD)
        #[arg(long, value_name = "DATE")]
        pub from: Option<String>,
        /// Last day of leave (YYYY-MM-DD)
        #[arg(long, value_name = "DATE")]
        pub to: Option<String>,
        /// Who approved the leave
        #[arg(long, value_name = "P")]
        pub approved_by: Option<String>,
    }
}

#[derive(Debug, Subcommand)]
pub enum AssessmentCommand {
    /// Record an annual grade
    Add(AssessmentFields),
    /// List annual grades
    List(AssessmentList),
    /// Show one annual grade
    Show(IdArg),
    /// Change the fields given
    Update(Update<AssessmentFields>),
    /// Remove an annual grade
    Remove(IdArg),
}

field_flags! {
    pub struct AssessmentFields {
        /// The team
        #[arg(long, value_name = "T")]
        pub team: Option<String>,
        /// The team member
        #[arg(long, value_name = "P")]
        pub person: Option<String>,
        /// The year assessed
        #[arg(long, value_name = "YYYY", allow_negative_numbers = true)]
        pub year: Option<String>,
        /// excellent 优秀 · competent 称职 · basically_competent 基本称职 · incompetent 不称职
        #[arg(long)]
        pub grade: Option<String>,
    }
}

#[derive(Debug, Args)]
pub struct AssessmentList {
    #[command(flatten)]
    pub duty: DutyFilter,
    /// Only this year
    #[arg(long, value_name = "YYYY")]
    pub year: Option<String>,
}

/// A record's id as given on the command line, without the spaces a paste brings around it.
#[expect(
    clippy::unnecessary_wraps,
    reason = "clap's value parsers return a Result"
)]
fn trimmed(s: &str) -> Result<String, std::convert::Infallible> {
    Ok(s.trim().to_string())
}

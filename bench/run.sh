#!/usr/bin/env bash
# Benchmarks bangfu on a synthetic county (300 villages x 150 households) and province
# (10,000 villages x 100 households) and writes bench/results.md: median wall time and peak
# memory per command, side by side, with the machine it ran on.
#
#   bench/run.sh            # both sizes (needs ~10 GB of free disk and some minutes)
#   BENCH_QUICK=1 bench/run.sh   # a small "province" (1,000 villages), to try the script
#
# Needs hyperfine (Debian: apt-get install hyperfine) and GNU time (/usr/bin/time).
set -euo pipefail
cd "$(dirname "$0")/.."

command -v hyperfine >/dev/null || { echo "bench: install hyperfine (apt-get install hyperfine)" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "bench: install GNU time (apt-get install time)" >&2; exit 2; }

out=${BENCH_OUT:-bench/out}
runs=${BENCH_RUNS:-5}
province_villages=10000
[ -n "${BENCH_QUICK:-}" ] && province_villages=1000
mkdir -p "$out"

cargo build --release --quiet --bin bangfu --example synth
bin=$PWD/target/release/bangfu
synth=$PWD/target/release/examples/synth
as_of=2020-06-30

# median_ms NAME -> median wall time in ms from hyperfine's JSON export
median_ms() {
  python3 -c 'import json,sys; r=json.load(open(sys.argv[1]))["results"][0]; print(round(r["median"]*1000))' "$out/$1.json"
}

# peak_mb CMD... -> peak resident memory in MB of one run
peak_mb() {
  /usr/bin/time -f "%M" -o "$out/mem.txt" "$@" >/dev/null 2>&1 || true
  awk '{printf "%.0f", $1/1024}' "$out/mem.txt"
}

# time_cmd LABEL SIZE RUNS CMD [PREPARE] -> writes $out/LABEL-SIZE.json
time_cmd() {
  local label=$1 size=$2 n=$3 cmd=$4 prepare=${5:-}
  local args=(--style none --shell bash --warmup 1 --runs "$n" --export-json "$out/$label-$size.json")
  [ -n "$prepare" ] && args+=(--prepare "$prepare")
  hyperfine "${args[@]}" "$cmd" >/dev/null 2>>"$out/hyperfine.log"
}

declare -A wall mem

# keep LABEL SIZE VALUE -> the figure, also in $out (so that BENCH_REPORT_ONLY=1 can rewrite
# the report from a run's files)
keep() { echo "$3" > "$out/figure-$1-$2.txt"; }

bench_size() {
  local size=$1 villages=$2 per=$3
  local store=$out/$size
  rm -rf "$store"
  echo "bench: generating the $size ($villages villages x $per households)" >&2
  local t0=$(date +%s.%N)
  /usr/bin/time -f "%M" -o "$out/mem.txt" "$synth" --villages "$villages" --households-per-village "$per" --seed 1 --out "$store" 2>"$out/synth-$size.log"
  wall[generate,$size]=$(python3 -c "import time,sys; print(f'{(time.time()-float(sys.argv[1]))*1000:.0f}')" "$t0")
  keep wall-generate "$size" "${wall[generate,$size]}"
  mem[generate,$size]=$(awk '{printf "%.0f", $1/1024}' "$out/mem.txt")
  keep mem-generate "$size" "${mem[generate,$size]}"

  local s="$bin --store $store"
  local v=V000001 h=H000001
  local county
  county=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["county"])' "$store/villages/$v/village.json")
  echo "bench: timing the $size" >&2
  # Cold: no derived data (a first run, or after deleting .cache/); the runs after it are warm.
  time_cmd check-cold "$size" "$runs" "$s check --as-of $as_of --fail-on never >/dev/null" "rm -rf $store/.cache/snap"
  rm -rf "$store/.cache/snap"
  mem[check-cold,$size]=$(peak_mb $s check --as-of $as_of --fail-on never)
  keep mem-check-cold "$size" "${mem[check-cold,$size]}"
  time_cmd check "$size" "$runs" "$s check --as-of $as_of --fail-on never >/dev/null"
  mem[check,$size]=$(peak_mb $s check --as-of $as_of --fail-on never)
  keep mem-check "$size" "${mem[check,$size]}"
  # Fresh: the snapshots are current but no whole check is kept, so every rule runs.
  time_cmd check-fresh "$size" "$runs" "$s check --as-of $as_of --fail-on never >/dev/null" "rm -rf $store/.cache/snap/results"
  time_cmd check-after-add "$size" "$runs" "$s check --as-of $as_of --fail-on never >/dev/null" "$s household add --village V000002 --head 测试户 --size 3 >/dev/null"
  time_cmd check-village "$size" "$runs" "$s check --as-of $as_of --village $v --fail-on never >/dev/null"
  mem[check-village,$size]=$(peak_mb $s check --as-of $as_of --village $v --fail-on never)
  keep mem-check-village "$size" "${mem[check-village,$size]}"
  time_cmd check-county "$size" "$runs" "$s check --as-of $as_of --county $county --fail-on never >/dev/null"
  mem[check-county,$size]=$(peak_mb $s check --as-of $as_of --county "$county" --fail-on never)
  keep mem-check-county "$size" "${mem[check-county,$size]}"
  time_cmd household-add "$size" 20 "$s household add --village $v --head 测试户 --size 3 >/dev/null"
  time_cmd household-show "$size" 20 "$s household show $h >/dev/null"
  time_cmd household-update "$size" 20 "$s household update $h --size \$((RANDOM % 30 + 1)) >/dev/null"
  time_cmd member-add "$size" 20 "$s member add --household $h --name 测试 --relation 其他 --born-on 1990-01-01 --sex 女 >/dev/null"
  time_cmd household-list "$size" 20 "$s household list --village $v >/dev/null"
  # A case to approve before each run: a new household's, announced.
  local new_case="h=\$($s household add --village $v --head 测试户 --size 3) && id=\$($s case add --household \$h --category 脱贫不稳定户 --source 基层干部排查 --lead-on 2026-11-16 --risk 因务工就业不稳 --income 8000 --contact P000001) && $s case notice \$id --from 2026-11-18 --to 2026-11-22 >/dev/null && echo \$id > $out/case-id"
  time_cmd case-approve "$size" 20 "$s case approve \$(<$out/case-id) --on 2026-11-25 >/dev/null" "$new_case"
  time_cmd export-households "$size" "$runs" "$s export households -o $out/households-$size.csv"
  mem[export-households,$size]=$(peak_mb $s export households -o "$out/households-$size.csv")
  keep mem-export-households "$size" "${mem[export-households,$size]}"
  time_cmd export-members "$size" "$runs" "$s export members -o $out/members-$size.csv"
  mem[export-members,$size]=$(peak_mb $s export members -o "$out/members-$size.csv")
  keep mem-export-members "$size" "${mem[export-members,$size]}"
  time_cmd export-coverage "$size" "$runs" "$s export coverage --as-of $as_of >/dev/null"
  time_cmd export-attendance "$size" "$runs" "$s export attendance --month 2021-03 >/dev/null"
  time_cmd check-duty "$size" "$runs" "$s check --as-of 2021-07-15 --fail-on never >/dev/null"
  time_cmd stats "$size" "$runs" "$s stats >/dev/null"
  time_cmd case-list-open "$size" 20 "$s case list --open --village $v >/dev/null"
  time_cmd export-notice "$size" 20 "$s export notice --village $v --as-of 2025-06-10 >/dev/null"
  time_cmd verify "$size" "$runs" "$s verify >/dev/null"

  # Import: every household of the store, into a copy of it whose villages hold none.
  "$bin" --store "$store" --unmask export households -o "$out/import-$size.csv"
  local empty=$out/$size-empty
  rm -rf "$empty" && cp -r "$store" "$empty"
  find "$empty/villages" -name households.jsonl -delete
  rm -rf "$empty/.cache"
  local prep="rm -rf $out/$size-import && cp -r $empty $out/$size-import"
  time_cmd import-households "$size" 3 "$bin --store $out/$size-import import households $out/import-$size.csv" "$prep"
  eval "$prep"
  mem[import-households,$size]=$(peak_mb "$bin" --store "$out/$size-import" import households "$out/import-$size.csv")
  keep mem-import-households "$size" "${mem[import-households,$size]}"
  rm -rf "$out/$size-import"

  for label in check-cold check check-fresh check-after-add check-village check-county member-add household-add household-show household-update household-list case-approve \
    export-households export-members export-coverage export-attendance check-duty stats \
    case-list-open export-notice verify import-households; do
    wall[$label,$size]=$(median_ms "$label-$size")
  done
}

# The scaling table's middle size: only the whole-registry commands.
bench_scale() {
  local size=$1 villages=$2 per=$3
  local store=$out/$size
  rm -rf "$store"
  echo "bench: generating the $size ($villages villages x $per households)" >&2
  "$synth" --villages "$villages" --households-per-village "$per" --seed 1 --out "$store" 2>"$out/synth-$size.log"
  local s="$bin --store $store"
  time_cmd check "$size" "$runs" "$s check --as-of $as_of --fail-on never >/dev/null"
  time_cmd check-fresh "$size" "$runs" "$s check --as-of $as_of --fail-on never >/dev/null" "rm -rf $store/.cache/snap/results"
  time_cmd export-households "$size" "$runs" "$s export households -o $out/households-$size.csv"
  time_cmd verify "$size" "$runs" "$s verify >/dev/null"
  for label in check check-fresh export-households verify; do
    wall[$label,$size]=$(median_ms "$label-$size")
  done
  rm -rf "$store"
}

if [ -z "${BENCH_REPORT_ONLY:-}" ]; then
  bench_size county 300 150
  bench_scale region 2000 100
  bench_size province "$province_villages" 100
fi

# The figures, from the files of the run.
for f in "$out"/figure-*.txt; do
  name=$(basename "$f" .txt); name=${name#figure-}
  size=${name##*-}; label=${name%-*}
  case $label in
    mem-*) mem[${label#mem-},$size]=$(cat "$f") ;;
    wall-*) wall[${label#wall-},$size]=$(cat "$f") ;;
  esac
done
for f in "$out"/*-county.json "$out"/*-region.json "$out"/*-province.json; do
  [ -e "$f" ] || continue
  name=$(basename "$f" .json); size=${name##*-}; label=${name%-*}
  wall[$label,$size]=$(median_ms "$name")
done

fmt_ms() { awk -v ms="$1" 'BEGIN { if (ms >= 1000) printf "%.2f s", ms/1000; else printf "%d ms", ms }'; }

{
  echo "# Benchmark results"
  echo
  echo "Made by \`bench/run.sh\` on $(date -u +%Y-%m-%d): median wall time of $runs runs"
  echo "(20 for single-record commands, 3 for import), peak resident memory of one run."
  echo "County: 300 villages x 150 households; province: $province_villages villages x 100 households"
  echo "(\`cargo run --release --example synth\`, seed 1)."
  echo
  echo "Machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo),"
  echo "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(uname -sr)."
  echo
  echo "Beside the new figures, two earlier runs on the same registry: that of late 2026-12-05"
  echo "at 0884267, on the same Intel Xeon host (its scoped checks timed again at a9e7c18 and its"
  echo "import again alone; before \`verify\` read a line whose \`after\` is its record's text"
  echo "without parsing it, and before a large change synced the file system once instead of"
  echo "each file; see the README's Performance section), and that of 2026-11-29 (before the"
  echo "snapshots, on another host, which ran the same binaries faster)."
  echo
  echo "| command | county | province | province peak memory | late 2026-12-05, 0884267 (province) | 2026-11-29 (province) | target (province) |"
  echo "|---|---|---|---|---|---|---|"
  row() {
    local label=$1 cmd=$2 target=$3 previous=${4:-}
    local m=${mem[$label,province]:-}
    echo "| \`$cmd\` | $(fmt_ms "${wall[$label,county]}") | $(fmt_ms "${wall[$label,province]}") | ${m:+$m MB} | ${late[$label]:-} | $previous | $target |"
  }
  declare -A late=(
    [check]="288 ms, 136 MB"
    [check-fresh]="2.94 s"
    [check-after-add]="740 ms"
    [check-cold]="4.97 s, 1606 MB"
    [check-village]="110 ms, 46 MB"
    [check-county]="180 ms, 74 MB"
    [household-add]="8 ms"
    [household-show]="4 ms"
    [household-update]="8 ms"
    [member-add]="11 ms"
    [case-approve]="7 ms"
    [household-list]="3 ms"
    [export-households]="2.27 s, 68 MB"
    [export-members]="3.72 s, 224 MB"
    [export-coverage]="1.10 s"
    [export-attendance]="322 ms"
    [check-duty]="292 ms"
    [stats]="1.91 s"
    [case-list-open]="3 ms"
    [export-notice]="3 ms"
    [import-households]="9.14 s, 818 MB"
    [verify]="5.20 s"
    [generate]="75.67 s, 658 MB"
  )
  row check "check (nothing changed since the last run)" "≤ 1.0 s, ≤ 1 GB" "7.24 s, 2333 MB"
  row check-fresh "check with every rule run (no kept result)" "" "7.24 s, 2333 MB"
  row check-after-add "check right after one household add" "≤ 1.2 s" "7.24 s"
  row check-cold "check with no derived data (rm -rf .cache/snap)" "≤ 8 s" "7.24 s, 2333 MB"
  row check-village "check --village V" "≤ 50 ms" "about 7 s"
  row check-county "check --county C (the county of V000001)" "≤ 0.2 s" "about 7 s"
  row household-add "household add" "≤ 20 ms, ≤ 1.5× county" "9 ms"
  row household-show "household show" "≤ 20 ms, ≤ 1.5× county" "5 ms"
  row household-update "household update" "≤ 20 ms, ≤ 1.5× county" "10 ms"
  row member-add "member add" "≤ 20 ms, ≤ 1.5× county"
  row case-approve "case approve" "≤ 20 ms, ≤ 1.5× county"
  row household-list "household list --village V" "≤ 50 ms" "4 ms"
  row export-households "export households" "≤ 3 s, ≤ 300 MB" "2.99 s, 108 MB"
  row export-members "export members" "≤ 8 s, ≤ 300 MB" "5.29 s, 292 MB"
  row export-coverage "export coverage" "≤ 3 s" "7.59 s"
  row export-attendance "export attendance --month 2021-03" "" "379 ms"
  row check-duty "check --as-of 2021-07-15 (duty rules with attendance)" "" "7.10 s"
  row stats "stats" "≤ 3 s" "8.43 s"
  row case-list-open "case list --open --village V" "≤ 50 ms" "4 ms"
  row export-notice "export notice --village V" "≤ 50 ms" "3 ms"
  row import-households "import households (every household)" "≤ 10 s, ≤ 1 GB" "22.53 s, 1990 MB"
  row verify "verify" "≤ 5 s" "20.29 s"
  row generate "generate (synth)" "≤ 60 s" "70.64 s"
  echo
  echo "How the cost grows with the registry: median wall time, and the same per 1,000 households."
  echo
  echo "| villages | households | check (every rule run) | per 1,000 | export households | per 1,000 | verify | per 1,000 |"
  echo "|---|---|---|---|---|---|---|---|"
  scale_row() {
    local size=$1 villages=$2 households=$3
    local line="| $villages | $households |"
    for label in check-fresh export-households verify; do
      local ms=${wall[$label,$size]}
      line="$line $(fmt_ms "$ms") | $(awk -v ms="$ms" -v h="$households" 'BEGIN { printf "%.1f ms", ms * 1000 / h }') |"
    done
    echo "$line"
  }
  scale_row county 300 45000
  scale_row region 2000 200000
  scale_row province "$province_villages" $((province_villages * 100))
} > bench/results.md
cat bench/results.md

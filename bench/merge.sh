#!/usr/bin/env bash
# Benchmarks a merge of two offices' copies of one county (issue 17): a synthetic county
# (300 villages x 150 households) kept in git and cloned; each copy imports 1,000 new
# households spread over the same 50 villages (so 50 households files and 50 journals need
# bangfu's merge driver); then times `git merge` and `bangfu verify` after it.
#
#   bench/merge.sh                                   # the county, 1,000 changes a copy
#   MERGE_VILLAGES=20 MERGE_CHANGES=40 bench/merge.sh    # a small run, to try the script
#
# Prints one line for bench/results.md.
set -euo pipefail
cd "$(dirname "$0")/.."

villages=${MERGE_VILLAGES:-300}
changes=${MERGE_CHANGES:-1000}
spread=$(( villages < 50 ? villages : 50 ))
out=$(realpath -m "${BENCH_OUT:-bench/out}/merge")
rm -rf "$out" && mkdir -p "$out"

cargo build --release --quiet --bin bangfu --example synth
bin=$PWD/target/release/bangfu
export GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=$out/gitconfig
printf '[user]\n\tname = bench\n\temail = bench@example.org\n[init]\n\tdefaultBranch = main\n' > "$GIT_CONFIG_GLOBAL"

target/release/examples/synth --villages "$villages" --households-per-village 150 --seed 1 \
  --out "$out/county" 2>/dev/null
(cd "$out/county" && "$bin" office set 522799 && git init -q && "$bin" git-setup -q \
  && git add -A && git commit -qm county)
git clone -q "$out/county" "$out/township"
(cd "$out/township" && "$bin" git-setup -q && "$bin" office set 522799101)

# CSV of new households over the first $spread villages of the store.
csv() {
  local prefix=$1 head=$2
  mapfile -t vs < <(ls "$out/county/villages" | head -n "$spread")
  echo "id,village,head,size"
  for ((i = 1; i <= changes; i++)); do
    printf '%s%06d,%s,%s%d,3\n' "$prefix" "$i" "${vs[$((i % spread))]}" "$head" "$i"
  done
}
csv H522799- 县户 > "$out/county.csv"
csv H522799101- 镇户 > "$out/township.csv"
(cd "$out/county" && "$bin" import households "$out/county.csv" >/dev/null && git add -A && git commit -qm county-changes)
(cd "$out/township" && "$bin" import households "$out/township.csv" >/dev/null && git add -A && git commit -qm township-changes)

cd "$out/county"
git fetch -q "$out/township" main
t0=$(date +%s.%N)
git merge -q --no-edit FETCH_HEAD >/dev/null 2>&1
t1=$(date +%s.%N)
"$bin" verify >/dev/null
t2=$(date +%s.%N)
python3 - "$t0" "$t1" "$t2" "$villages" "$changes" "$spread" <<'PY'
import sys
t0, t1, t2 = map(float, sys.argv[1:4])
v, c, s = sys.argv[4:7]
print(f"| merge two copies of a county ({v} villages), {c} changes each over {s} villages "
      f"| git merge {(t1 - t0) * 1000:.0f} ms | verify after it {(t2 - t1) * 1000:.0f} ms |")
PY

#!/usr/bin/env bash
# Builds the small store of the README's "Checks" section in DIR (default: a new temporary
# directory), so that every example there can be run:
#
#   store=$(bash examples/small-store.sh)
#   bangfu --store "$store" check --as-of 2016-06-30
#
# Uses `bangfu` on PATH (`cargo install --path .`), or BANGFU=path/to/bangfu.
set -euo pipefail
bangfu=${BANGFU:-bangfu}
dir=${1:-$(mktemp -d)/small}
export BANGFU_ACTOR=readme
b() { "$bangfu" --store "$dir" -q "$@" >/dev/null; }

"$bangfu" init "$dir" --name 西秀区示例 -q
b village add --id V1 --name 大坪村 --county 西秀区 --township 旧州镇 --population 1200
b village add --id V2 --name 小河村 --county 西秀区 --township 旧州镇 \
    --status exited --exited-on 2015-12-01 --population 120
b person add --id P1 --name 王建国 --unit 省交通运输厅 --level province
b person add --id P2 --name 李明 --unit 省交通运输厅 --level province
b person add --id P3 --name 张丽 --unit 市农业局 --level city
b person add --id P4 --name 刘强 --level village --home-village V1
b village official V1 --person P4 --role director
b team add --id T1 --village V1 --unit 省交通运输厅 --leader P1 \
    --member P1 --member P2 --member P3 --dispatched-on 2014-03-01
# A household with no helper and no measure (BF201, BF205).
b household add --id H000042 --village V1 --head 陈大山 --size 4 --cause illness
# The director's sister's household, its kinship never filed (BF302) ...
b household add --id H000043 --village V1 --head 杨秀英 --size 3 --cause lack_of_skills \
    --measure industry --helper P2
b household relate H000043 --person P4 --relation sibling
# ... given an allocation the director alone signed (BF303).
b allocation add --id A1 --village V1 --household H000043 --kind funds --amount 2000 \
    --date 2016-03-01 --approved-by P4
# An exited village with 5 of its 120 people still needing help (BF401).
b household add --id H000044 --village V2 --head 赵小花 --size 5 --cause disaster \
    --measure housing --helper P2
echo "$dir"

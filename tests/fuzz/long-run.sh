#!/usr/bin/env bash
# The long run of one fuzz target, as docs/fuzzing.md records it:
#   tests/fuzz/long-run.sh BUILD_DIR TARGET [RUNS]
# BUILD_DIR is an optimized fuzz build (VNSEARCH_FUZZ=ON, RelWithDebInfo); TARGET one of
# utf8, tokenizer, query, params, jsonl; RUNS defaults to 10 million executions. The corpus
# grows in BUILD_DIR/fuzz-work/TARGET/corpus from the seeds and kept crashes; a crash, a
# sanitizer report, a leak or an input slower than 10 seconds stops the run and leaves the
# input beside it. The log is BUILD_DIR/fuzz-work/TARGET/run.log.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=$(cd "$1" && pwd)
target=$2
runs=${3:-10000000}
fuzzer=$build/tests/fuzz/${target}_fuzzer
[ -x "$fuzzer" ] || { echo "long-run: no $fuzzer (build the target first)" >&2; exit 2; }

work=$build/fuzz-work/$target
mkdir -p "$work/corpus"
folders=("$work/corpus" "$here/corpus/$target")
[ -d "$here/regressions/$target" ] && folders+=("$here/regressions/$target")
# Inputs about as long as real ones: a query typed in the box is a few hundred bytes (a GET
# takes 1,000, server/params.hpp), as is a line of text for the decoder; an article's JSON
# Lines record a few kilobytes; 4 KB for the rest.
case "$target" in
  utf8 | query) max_len=1024 ;;
  jsonl) max_len=8192 ;;
  *) max_len=4096 ;;
esac
options=(-runs="$runs" -seed=1 -max_len="$max_len" -timeout=10 -rss_limit_mb=2048
         -max_total_time=21600 -print_final_stats=1 -artifact_prefix="$work/")
[ -f "$here/$target.dict" ] && options+=(-dict="$here/$target.dict")

echo "$fuzzer ${options[*]} ${folders[*]}" >"$work/run.log"
start=$(date +%s)
status=0
"$fuzzer" "${options[@]}" "${folders[@]}" >>"$work/run.log" 2>&1 || status=$?
echo "long-run: $target finished with status $status after $(($(date +%s) - start)) s" \
    | tee -a "$work/run.log"
exit "$status"

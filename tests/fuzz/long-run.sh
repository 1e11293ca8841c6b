#!/usr/bin/env bash
# The long run of one fuzz target, as docs/fuzzing.md records it:
#   tests/fuzz/long-run.sh BUILD_DIR TARGET [RUNS] [PROCESSES]
# BUILD_DIR is an optimized fuzz build (VNSEARCH_FUZZ=ON, RelWithDebInfo); TARGET one of
# utf8, tokenizer, query, params, jsonl; RUNS defaults to 10 million executions. PROCESSES
# (default 1) fuzz side by side, a core each: process K runs with -seed=K and its share of RUNS
# (rounded up), and all share the one corpus (libFuzzer reads what the others add to it every
# second). The corpus grows in BUILD_DIR/fuzz-work/TARGET/corpus from the seeds and kept
# crashes; a crash, a sanitizer report, a leak or an input slower than 10 seconds stops that
# process and leaves the input beside it. The logs are BUILD_DIR/fuzz-work/TARGET/run.log
# (run-K.log for process K above 1).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=$(cd "$1" && pwd)
target=$2
runs=${3:-10000000}
processes=${4:-1}
[[ "$processes" =~ ^[1-9][0-9]*$ ]] || { echo "long-run: PROCESSES must be 1 or more, not '$processes'" >&2; exit 2; }
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
options=(-runs=$(((runs + processes - 1) / processes)) -max_len="$max_len" -timeout=10 -rss_limit_mb=2048
         -max_total_time=21600 -print_final_stats=1 -artifact_prefix="$work/")
[ -f "$here/$target.dict" ] && options+=(-dict="$here/$target.dict")

start=$(date +%s)
pids=()
for ((k = 1; k <= processes; ++k)); do
    log=$work/run.log
    [ "$k" -gt 1 ] && log=$work/run-$k.log
    echo "$fuzzer -seed=$k ${options[*]} ${folders[*]}" >"$log"
    "$fuzzer" -seed="$k" "${options[@]}" "${folders[@]}" >>"$log" 2>&1 &
    pids+=("$!")
done
status=0
for pid in "${pids[@]}"; do
    wait "$pid" || status=$?
done
echo "long-run: $target finished with status $status after $(($(date +%s) - start)) s" \
    | tee -a "$work/run.log"
exit "$status"

#!/usr/bin/env bash
# Installs what is missing, builds, indexes corpus/ and serves the search page and API.
#   ./run.sh                 serve on http://127.0.0.1:8080
#   ./run.sh --port 9000     another port (or PORT=9000 ./run.sh)
set -euo pipefail
cd "$(dirname "$0")"
port=${PORT:-8080}
while [ $# -gt 0 ]; do
  case "$1" in
    --port) port=$2; shift 2 ;;
    --port=*) port=${1#--port=}; shift ;;
    -h|--help) sed -n '2,4p' "$0"; exit 0 ;;
    *) echo "run.sh: unknown option $1 (try --help)" >&2; exit 2 ;;
  esac
done
jobs=$(nproc 2>/dev/null || echo 2)

scripts/install-deps build
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build -j"$jobs"

for program in build/indexer/vnsearch-index build/server/vnsearch-server; do
  if [ ! -x "$program" ]; then
    echo "run.sh: $program is not part of this checkout yet: built what exists, nothing to serve" >&2
    exit 1
  fi
done
mkdir -p var
# Exit status 4: an index left by an older version of vnsearch; the sample corpus is small,
# so build it again.
status=0
build/indexer/vnsearch-index --db var/index corpus/ || status=$?
if [ "$status" -eq 4 ]; then
  build/indexer/vnsearch-index --rebuild --db var/index corpus/
elif [ "$status" -ne 0 ]; then
  exit "$status"
fi
echo "Serving http://127.0.0.1:$port/ (Ctrl-C stops)"
exec build/server/vnsearch-server --db var/index --port "$port"

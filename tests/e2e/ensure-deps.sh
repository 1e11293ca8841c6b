#!/usr/bin/env bash
# Installs the browser tests' Node packages (playwright-core, pinned in package-lock.json)
# when node_modules is missing or older than the lock file. The browser itself is Debian's
# chromium (scripts/install-deps test); nothing is downloaded besides the npm package.
set -euo pipefail
cd "$(dirname "$0")"

if ! command -v npm >/dev/null 2>&1; then
  echo "ensure-deps: npm is missing (scripts/install-deps test installs it)" >&2
  exit 1
fi
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules ]; then
  echo "ensure-deps: installing the browser tests' packages (npm ci)"
  npm ci --no-audit --no-fund
  touch node_modules
fi

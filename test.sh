#!/usr/bin/env bash
# Installs what is missing, builds, and runs every test; exits non-zero on any failure.
# The unit tests run twice: in the Release build and under AddressSanitizer and UBSan.
set -euo pipefail
cd "$(dirname "$0")"
jobs=$(nproc 2>/dev/null || echo 2)

scripts/install-deps test
tests/e2e/ensure-deps.sh

cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DVNSEARCH_BUILD_TESTS=ON >/dev/null
cmake --build build -j"$jobs"
(cd build && ctest --output-on-failure -j"$jobs")

cmake -S . -B build-sanitize -DCMAKE_BUILD_TYPE=Debug -DVNSEARCH_SANITIZE=address,undefined \
      -DVNSEARCH_BUILD_BENCH=OFF >/dev/null
cmake --build build-sanitize -j"$jobs" --target vnsearch_unit_tests
(cd build-sanitize && ctest --output-on-failure -j"$jobs" -L unit)

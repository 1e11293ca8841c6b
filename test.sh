#!/usr/bin/env bash
# Installs what is missing, builds, and runs every test; exits non-zero on any failure.
# The unit tests run twice: in the Release build and under AddressSanitizer and UBSan; the
# short fault campaign and the replica test run against the Release build; the fuzz targets
# run briefly over their corpora and kept crashes (docs/fuzzing.md).
set -euo pipefail
cd "$(dirname "$0")"
jobs=$(nproc 2>/dev/null || echo 2)

scripts/install-deps test
tests/e2e/ensure-deps.sh

cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DVNSEARCH_BUILD_TESTS=ON >/dev/null
cmake --build build -j"$jobs"
(cd build && ctest --output-on-failure -j"$jobs")

# clang-tidy over the project's sources (.clang-tidy: function size, bugprone-*, performance-*).
scripts/tidy build

# The short fault campaign: kills, writes beside a serving server, slow and hostile clients,
# hostile documents, a full disk (tests/faults/run; docs/faults.md has the full one).
tests/faults/run --quick

# Read replicas on Xapian's replication: a writer, two readers kept by deploy/replica-keeper and
# HAProxy in front, on loopback ports; a new document, a rebuild and a dead reader (docs/scaling.md).
deploy/replicas --check

cmake -S . -B build-sanitize -DCMAKE_BUILD_TYPE=Debug -DVNSEARCH_SANITIZE=address,undefined \
      -DVNSEARCH_BUILD_BENCH=OFF >/dev/null
cmake --build build-sanitize -j"$jobs" --target vnsearch_unit_tests
(cd build-sanitize && ctest --output-on-failure -j"$jobs" -L unit)

# Built with clang, unoptimized but with line tables, which builds fastest; the smoke runs are
# short either way. The long runs (docs/fuzzing.md) use an optimized build.
cmake -S . -B build-fuzz -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=Debug \
      -DCMAKE_CXX_FLAGS_DEBUG="-O0 -gline-tables-only" -DVNSEARCH_FUZZ=ON \
      -DVNSEARCH_BUILD_TESTS=OFF -DVNSEARCH_BUILD_BENCH=OFF >/dev/null
cmake --build build-fuzz -j"$jobs" --target vnsearch_fuzzers
(cd build-fuzz && ctest --output-on-failure -j"$jobs" -L fuzz)

#!/usr/bin/env bash
# Builds Postrider and runs the whole test suite (CTest). Does every set-up step a fresh Debian 12
# machine needs (scripts/bootstrap.sh), so it is the one command CI runs.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/bootstrap.sh >/dev/null
cmake --preset default
cmake --build --preset default
ctest --preset default "$@"

#!/usr/bin/env bash
# Sends N messages through each HTTP transport (Postmark, Resend, Mailgun, SES) to the local fake
# provider on 127.0.0.1 and prints msgs/s, p50/p99 latency and client CPU per message at
# concurrency 1 and 32 (plus 32 with a single QNetworkAccessManager, to show the pool's effect).
# Loopback only; bounded by --count and --max-seconds per run, so it always ends by itself.
#   bench/transports/run.sh [--count N] [--delay-ms D] [--max-seconds S] [--strict]
set -euo pipefail
cd "$(dirname "$0")/../.."
[ -d build ] || cmake --preset default >/dev/null
cmake --build build --target bench_transports >/dev/null
exec build/bench/bin/bench_transports "$@"

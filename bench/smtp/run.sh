#!/usr/bin/env bash
# SMTP accept throughput of postriderd, measured with Postfix's smtp-source load client
# (performance-targets.md: ≥ 3,900 msg/s durable at 20 sessions without TLS; peak RSS ≤ 19 MB).
#
#   bench/smtp/run.sh [messages-per-run]        (default 4000; the 1-session run uses a fifth)
#
# Loopback only. The listener runs without TLS or AUTH and delivers to the capture transport;
# every message is committed to the outbox (SQLite, synchronous=FULL) before its 250, as in
# production. Only the smtp-source client is taken from Debian's postfix package: the .deb is
# unpacked into a cache directory with dpkg-deb, so no Postfix daemon is installed or started.
# Environment: POSTRIDERD (binary, default build/bin/postriderd), POSTRIDER_CACHE.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
BIN=${POSTRIDERD:-$ROOT/build/bin/postriderd}
MESSAGES=${1:-4000}
SIZE=2048
CACHE=${POSTRIDER_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/postrider}/postfix-client
log() { printf '[bench/smtp] %s\n' "$*" >&2; }

[ -x "$BIN" ] || { log "build postriderd first ($BIN missing)"; exit 1; }

if [ ! -x "$CACHE/usr/sbin/smtp-source" ]; then
    log "fetching smtp-source from Debian's postfix package into $CACHE (client only, nothing installed)"
    dl=$(mktemp -d)
    (cd "$dl" && apt-get download postfix >/dev/null)
    mkdir -p "$CACHE"
    dpkg-deb -x "$dl"/postfix_*.deb "$CACHE"
    rm -rf "$dl"
fi
smtp_source() { LD_LIBRARY_PATH="$CACHE/usr/lib/postfix" timeout 600 "$CACHE/usr/sbin/smtp-source" "$@"; }

WORK=$(mktemp -d "${TMPDIR:-/tmp}/postrider-bench-smtp.XXXXXX")
# The outbox stays on disk (durability is what is measured). The capture sink writes one file per
# message; on ext4 creating them costs more than accepting the mail, so the sink goes to tmpfs.
SINK=$WORK/capture
[ -d /dev/shm ] && [ -w /dev/shm ] && SINK=$(mktemp -d /dev/shm/postrider-bench-capture.XXXXXX)
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
cat >"$WORK/config.toml" <<TOML
[logging]
level = "warn"

[outbox]
path = "$WORK/outbox.sqlite"

[admin]
enabled = false

[[transports]]
name = "capture"
type = "capture"
settings = { path = "$SINK" }

[smtp_listener]
listen = "127.0.0.1:$PORT"
require_tls = false
auth_required = "none"
allowed_senders = ["*@example.com"]
max_connections = 1100
max_connections_per_ip = 1100
transport = "capture"
TOML

ulimit -n 4096 2>/dev/null || true
"$BIN" serve --config "$WORK/config.toml" >"$WORK/postriderd.log" 2>&1 &
PID=$!
cleanup() { kill "$PID" 2>/dev/null && wait "$PID" 2>/dev/null; rm -rf "$SINK"; [ -n "${KEEP_WORK:-}" ] && log "kept $WORK" || rm -rf "$WORK"; }
trap cleanup EXIT
for _ in $(seq 100); do
    (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null && break
    sleep 0.05
done
kill -0 "$PID" || { cat "$WORK/postriderd.log" >&2; exit 1; }
rss() { awk -v k="$1:" '$1 == k { print $2 }' "/proc/$PID/status"; }
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$PID/stat"; }
TICK=$(getconf CLK_TCK)
idle_kb=$(rss VmRSS)

printf '%-10s %10s %10s %12s %14s\n' sessions messages seconds "msg/s" "cpu µs/msg"
for sessions in 1 20; do
    n=$MESSAGES
    [ "$sessions" = 1 ] && n=$((MESSAGES / 5))
    c0=$(cpu_ticks)
    t0=$(date +%s.%N)
    smtp_source -s "$sessions" -m "$n" -l "$SIZE" -f bench@example.com -t sink@example.org "127.0.0.1:$PORT"
    t1=$(date +%s.%N)
    c1=$(cpu_ticks)
    awk -v s="$sessions" -v n="$n" -v t0="$t0" -v t1="$t1" -v c="$((c1 - c0))" -v tick="$TICK" 'BEGIN {
        d = t1 - t0; printf "%-10s %10d %10.2f %12.0f %14.0f\n", s, n, d, n / d, c / tick * 1e6 / n }'
done
sent=$((MESSAGES / 5 + MESSAGES))
accepted=$(sqlite3 "$WORK/outbox.sqlite" "select count(*) from submissions")
printf 'accepted into the outbox: %s of %s\n' "$accepted" "$sent"
load_peak_kb=$(rss VmHWM)
# 1,000 idle sessions (greeted, then silent) must not blow memory (performance-targets.md §6).
before_idle_kb=$(rss VmRSS)
python3 - "$PORT" "$WORK/idle.txt" "/proc/$PID/status" <<'PY'
import socket, sys
port, out, status = int(sys.argv[1]), sys.argv[2], sys.argv[3]
socks = []
for _ in range(1000):
    s = socket.create_connection(("127.0.0.1", port), timeout=10)
    s.recv(512)
    socks.append(s)
rss = [l.split()[1] for l in open(status) if l.startswith("VmRSS:")][0]
open(out, "w").write(rss)
for s in socks:
    s.close()
PY
awk -v a="$before_idle_kb" -v b="$(cat "$WORK/idle.txt")" 'BEGIN { printf "RSS with 1,000 idle sessions: %.1f MB (+%.1f KB per session)\n", b / 1024, (b - a) / 1000 }'
awk -v i="$idle_kb" -v l="$load_peak_kb" -v p="$(rss VmHWM)" 'BEGIN {
    printf "RSS idle: %.1f MB, peak under load: %.1f MB, peak with the idle sessions: %.1f MB\n", i / 1024, l / 1024, p / 1024 }'

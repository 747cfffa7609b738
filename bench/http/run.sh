#!/usr/bin/env bash
# bench/http: wrk against the API endpoint in queue mode (durable accept), at 1 and 50
# connections, through
#   capture  postriderd serving the README's default config (capture transport: one .eml file
#            per message, written by the outbox while the load runs);
#   sink     the ingress in-process with a transport that accepts at once (bench_http_server),
#            i.e. HTTP + durable accept without file writes;
#   sink-dry the same with dry_run = true (Posthorn's measured anchor: no persistence);
#   qt-floor a bare QHttpServer answering the POST with a small JSON object (qt_floor_server):
#            what Qt alone costs on this machine, measured in the same run.
# Prints req/s, p50/p99 latency, peak RSS and server CPU µs per request for each, plus the time
# from start to the first /healthz 200. Loopback only; every process it starts is ended by PID.
#   bench/http/run.sh [--seconds S] [--only capture|sink|sink-dry|qt-floor]
set -euo pipefail
cd "$(dirname "$0")/../.."
SECONDS_PER_RUN=10
ONLY=""
while [ $# -gt 0 ]; do
  case "$1" in
    --seconds) SECONDS_PER_RUN=$2; shift 2 ;;
    --only) ONLY=$2; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
command -v wrk >/dev/null || { echo "wrk missing (Debian package wrk)" >&2; exit 2; }
[ -d build ] || cmake --preset default >/dev/null
cmake --build build --target postriderd bench_http_server qt_floor_server >/dev/null

WORK=$(mktemp -d)
SERVER_PID=""
cleanup() { [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT
CLK_TCK=$(getconf CLK_TCK)

free_port() { python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])'; }
cpu_ticks() { awk '{print $14+$15}' "/proc/$1/stat"; }
peak_rss_kb() { awk '/VmHWM/{print $2}' "/proc/$1/status"; }
now_ms() { date +%s%3N; }

start_server() { # $1 = kind, $2 = port; sets SERVER_PID and STARTUP_MS
  local kind=$1 port=$2 t0
  rm -rf "$WORK/run"; mkdir -p "$WORK/run"
  t0=$(now_ms)
  case "$kind" in
    capture)
      sed -e "s/127.0.0.1:8080/127.0.0.1:$port/" -e 's/127.0.0.1:2525/127.0.0.1:0/' \
        resources/default-config.toml > "$WORK/run/config.toml"
      (cd "$WORK/run" && exec "$OLDPWD/build/bin/postriderd" serve --config config.toml >/dev/null 2>&1) &
      ;;
    sink) build/bench/bin/bench_http_server --port "$port" >/dev/null 2>&1 & ;;
    sink-dry) build/bench/bin/bench_http_server --port "$port" --dry-run >/dev/null 2>&1 & ;;
    qt-floor) build/bench/bin/qt_floor_server "$port" >/dev/null 2>&1 & ;;
  esac
  SERVER_PID=$!
  for _ in $(seq 1 500); do
    if curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/healthz" 2>/dev/null | grep -q 200; then
      STARTUP_MS=$(( $(now_ms) - t0 )); return 0
    fi
    sleep 0.01
  done
  echo "server $kind did not come up" >&2; exit 1
}

stop_server() { kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; SERVER_PID=""; }

printf '%-9s %5s %10s %9s %9s %9s %10s %8s\n' target conns req/s p50 p99 non2xx peakRSS cpu/req
for kind in capture sink sink-dry qt-floor; do
  [ -n "$ONLY" ] && [ "$ONLY" != "$kind" ] && continue
  for conns in 1 50; do
    port=$(free_port)
    start_server "$kind" "$port"
    threads=$([ "$conns" = 1 ] && echo 1 || echo 2)
    before=$(cpu_ticks "$SERVER_PID")
    out=$(wrk -t"$threads" -c"$conns" -d"${SECONDS_PER_RUN}s" --latency -s bench/http/post.lua \
      "http://127.0.0.1:$port/api/send")
    after=$(cpu_ticks "$SERVER_PID")
    rss=$(peak_rss_kb "$SERVER_PID")
    stop_server
    rps=$(echo "$out" | awk '/Requests\/sec/{print $2}')
    total=$(echo "$out" | awk '/requests in/{print $1}')
    p50=$(echo "$out" | awk '$1=="50%"{print $2}')
    p99=$(echo "$out" | awk '$1=="99%"{print $2}')
    bad=$(echo "$out" | awk '/Non-2xx/{print $5}'); bad=${bad:-0}
    cpu_us=$(awk -v t=$((after - before)) -v n="$total" -v hz="$CLK_TCK" 'BEGIN{printf "%.0f", n ? t / hz * 1e6 / n : 0}')
    printf '%-9s %5s %10s %9s %9s %9s %8sMB %6sµs\n' "$kind" "$conns" "$rps" "$p50" "$p99" "$bad" \
      "$(awk -v k="$rss" 'BEGIN{printf "%.1f", k/1024}')" "$cpu_us"
  done
done

# Start to first /healthz 200 (median of 5, empty outbox) and idle RSS one second after start, of
# postriderd on the default config and of the bare QHttpServer, side by side.
port=$(free_port)
mkdir -p "$WORK/startup"
sed -e "s/127.0.0.1:8080/127.0.0.1:$port/" -e 's/127.0.0.1:2525/127.0.0.1:0/' \
  resources/default-config.toml > "$WORK/startup/config.toml"
ms=$(cd "$WORK/startup" && python3 "$OLDPWD/bench/http/startup.py" --port "$port" --runs 5 -- \
  "$OLDPWD/build/bin/postriderd" serve --config config.toml)
floor_ms=$(python3 bench/http/startup.py --port "$port" --runs 5 -- build/bench/bin/qt_floor_server "$port")
idle_rss_mb() { # $1 = kind
  local p; p=$(free_port); start_server "$1" "$p"; sleep 1
  awk '/VmRSS/{printf "%.1f", $2/1024}' "/proc/$SERVER_PID/status"; stop_server
}
rss=$(idle_rss_mb capture)
floor_rss=$(idle_rss_mb qt-floor)
echo "start to first /healthz 200: postriderd ${ms} ms, bare QHttpServer ${floor_ms} ms (medians of 5)"
echo "idle RSS: postriderd ${rss} MB, bare QHttpServer ${floor_rss} MB"

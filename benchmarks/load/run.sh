#!/usr/bin/env bash
# Load test of the HTTP API on loopback: builds lumbung, starts it on
# 127.0.0.1, drives route, matrix (100×100), tiles and plans with wrk at
# several connection counts, and prints one table (throughput, latency
# percentiles, non-2xx answers) and the server's peak RSS.
#
#   benchmarks/load/run.sh            # 60 s per row (the issue's protocol)
#   DURATION=10s benchmarks/load/run.sh
#
# Needs wrk (Debian package wrk). Every request goes to 127.0.0.1 only, and
# each row is bounded by DURATION.
set -euo pipefail
cd "$(dirname "$0")/../.."
command -v wrk >/dev/null || { echo "wrk not found: apt-get install wrk" >&2; exit 1; }
duration="${DURATION:-60s}"
port="${PORT:-18777}"
work=$(mktemp -d)
trap 'kill "$pid" 2>/dev/null || true; rm -rf "$work"' EXIT
go build -o "$work/lumbung" ./cmd/lumbung
"$work/lumbung" serve -addr "127.0.0.1:$port" -db "$work/load.db" 2>"$work/server.log" &
pid=$!
for _ in $(seq 120); do
  grep -q "lumbung ready" "$work/server.log" 2>/dev/null && break
  sleep 0.5
done
base="http://127.0.0.1:$port"

# A 100×100 matrix over 100 of the network's junctions (on both sides of
# the strait, so the ferry is in it).
curl -s "$base/v1/network?layers=junctions" > "$work/junctions.json"
python3 - "$work/junctions.json" "$work/matrix.json" <<'PY'
import json, sys
fs = json.load(open(sys.argv[1]))["features"]
pts = [f["geometry"]["coordinates"] for f in fs]
step = max(1, len(pts) // 100)
pts = (pts[::step] + pts)[:100]
json.dump({"sources": pts, "destinations": pts, "metric": "time"}, open(sys.argv[2], "w"))
PY
cat > "$work/post.lua" <<'LUA'
local f = io.open(os.getenv("BODY_FILE"), "r")
wrk.method = "POST"
wrk.body = f:read("*a")
f:close()
wrk.headers["Content-Type"] = "application/json"
LUA
# Tiles: rotate over the z10 tiles covering the corridor.
cat > "$work/tiles.lua" <<'LUA'
local tiles = {}
for x = 808, 815 do for y = 526, 532 do tiles[#tiles + 1] = "/v1/tiles/10/" .. x .. "/" .. y .. ".mvt" end end
local i = 0
request = function()
  i = i % #tiles + 1
  return wrk.format("GET", tiles[i])
end
LUA
cat > "$work/report.lua" <<'LUA'
done = function(summary, latency, requests)
  local non2xx = summary.errors.status
  local errs = summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout
  io.write(string.format("RESULT %.1f %.2f %.2f %.2f %d %d\n",
    summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000, non2xx, errs))
end
LUA
echo '{"start":"2026-03-16","horizon_days":1}' > "$work/plan.json"

row() { # name connections url [body]
  local name=$1 c=$2 url=$3 body=${4:-}
  local script="$work/report.lua"
  if [ -n "$body" ]; then
    cat "$work/post.lua" "$work/report.lua" > "$work/s.lua"; script="$work/s.lua"
    export BODY_FILE=$body
  elif [ "$name" = tiles ]; then
    cat "$work/tiles.lua" "$work/report.lua" > "$work/s.lua"; script="$work/s.lua"
  fi
  local out
  out=$(wrk -t "$(( c < 2 ? 1 : 2 ))" -c "$c" -d "$duration" --timeout 60s -s "$script" "$url" | grep '^RESULT')
  read -r _ rps p50 p99 max non2xx errs <<<"$out"
  printf '| %-8s | %3d | %9s | %9s | %9s | %9s | %6s | %6s |\n' "$name" "$c" "$rps" "$p50" "$p99" "$max" "$non2xx" "$errs"
}

echo "duration per row: $duration; server: $(grep -o 'load=[^ ]*' "$work/server.log")"
echo "| endpoint | conns | req/s | p50 ms | p99 ms | max ms | non-2xx | socket errors |"
echo "|---|---|---|---|---|---|---|---|"
for c in 1 2 8 32; do row route "$c" "$base/v1/route?from=105.26,-5.43&to=106.868,-6.272&vehicle=tronton&metric=cost"; done
for c in 1 2 8; do row matrix "$c" "$base/v1/matrix" "$work/matrix.json"; done
for c in 1 2 8 32; do row tiles "$c" "$base/"; done
for c in 1 2 8; do row plan "$c" "$base/v1/plans" "$work/plan.json"; done
echo "server peak RSS: $(grep VmHWM /proc/$pid/status | awk '{print $2/1024 " MiB"}')"

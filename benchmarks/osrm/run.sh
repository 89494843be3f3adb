#!/usr/bin/env bash
# OSRM comparison of issue #8: generates the road-like networks
# (gen_osm2.py --seed 42) and imports them with benchmarks/osm/gen.sh, then
# for each size starts `lumbung serve -network` on 127.0.0.1 under
# /usr/bin/time -v and measures
#   - start-up (graph load, planner lane tables, hierarchies: preprocessing)
#     and the server's peak RSS,
#   - route p50 over HTTP (curl time_total, 200 random pairs of road nodes),
#   - req/s with 2 connections (Debian wrk, 10 s, rotating over the pairs),
#   - table 100×100 and 1000×1000 over HTTP (median of 3 and of 2),
# and prints one table beside OSRM v26.4.1's figures from the issue, with
# the machine's load average (1 min, from /proc/loadavg) when each size's
# measurements began and ended: on a shared machine the figures move with it.
#
#   benchmarks/osrm/run.sh [SCRATCH_DIR] [SIZES...]
#
# SCRATCH_DIR defaults to /tmp/lumbung-osrm (outside the repository);
# SIZES to 100000 1000000. Needs python3, osmium, curl, wrk, /usr/bin/time.
set -euo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
scratch="${1:-/tmp/lumbung-osrm}"
shift || true
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(100000 1000000)
for tool in curl wrk python3; do
  command -v "$tool" >/dev/null || { echo "missing $tool (apt-get install curl wrk python3)" >&2; exit 2; }
done
"$repo/benchmarks/osm/gen.sh" "$scratch" "${sizes[@]}" >&2
port=18931
declare -A osrm=(
  [100000]="36 s | – | 0.80–0.95 | 2,470–3,338 | 19–29 | 530–820"
  [1000000]="441 s | 330 | 1.39 | 1,726 | 40 | 1,040"
)
rows=()
for n in "${sizes[@]}"; do
  osm="$scratch/net2_${n}_s42.osm"
  net="$scratch/net2_${n}_s42.lnet"
  # random road nodes of the generated file: points that snap onto roads
  python3 - "$osm" "$scratch/pts_$n.txt" <<'PY'
import random, re, sys
random.seed(42)
pts = []
for line in open(sys.argv[1]):
    if line.lstrip().startswith("<node"):
        m = re.search(r'lat="([-0-9.]+)" lon="([-0-9.]+)"', line)
        if m:
            pts.append((float(m.group(2)), float(m.group(1))))
pick = random.sample(pts, 1400)
with open(sys.argv[2], "w") as f:
    for lon, lat in pick:
        f.write(f"{lon:.6f},{lat:.6f}\n")
PY
  mapfile -t pts <"$scratch/pts_$n.txt"
  log="$scratch/serve_$n.log"
  load0=$(cut -d' ' -f1 /proc/loadavg)
  t0=$(date +%s.%N)
  /usr/bin/time -v "$scratch/lumbung" serve -addr "127.0.0.1:$port" -network "$net" >"$log" 2>&1 &
  tpid=$!
  until curl -sf "http://127.0.0.1:$port/healthz" >/dev/null; do
    kill -0 "$tpid" 2>/dev/null || { echo "server failed, see $log" >&2; exit 1; }
    sleep 0.2
  done
  startup=$(echo "$(date +%s.%N) - $t0" | bc -l)
  base="http://127.0.0.1:$port"
  # route p50: 200 pairs
  : >"$scratch/route_$n.txt"
  for i in $(seq 0 199); do
    curl -s -o /dev/null -w '%{time_total}\n' "$base/route/v1/driving/${pts[$i]};${pts[$((i+200))]}?overview=false" >>"$scratch/route_$n.txt"
  done
  p50=$(sort -n "$scratch/route_$n.txt" | awk '{a[NR]=$1} END {printf "%.2f", a[int((NR+1)/2)]*1000}')
  # wrk, 2 connections, rotating over 200 routes
  lua="$scratch/routes_$n.lua"
  {
    echo 'local paths = {'
    for i in $(seq 0 199); do echo "  \"/route/v1/driving/${pts[$i]};${pts[$((i+200))]}?overview=false\","; done
    echo '}'
    echo 'local k = 0'
    echo 'request = function() k = k % #paths + 1; return wrk.format("GET", paths[k]) end'
  } >"$lua"
  rps=$(wrk -t2 -c2 -d10s -s "$lua" "$base" | awk '/Requests\/sec/ {printf "%.0f", $2}')
  table() { # $1 = number of coordinates, $2 = repetitions
    local c; c=$(IFS=';'; echo "${pts[*]:0:$1}")
    for _ in $(seq "$2"); do
      curl -s -o /dev/null -w '%{time_total}\n' "$base/table/v1/driving/$c"
    done | sort -n | awk '{a[NR]=$1} END {printf "%.0f", a[int((NR+1)/2)]*1000}'
  }
  t100=$(table 100 3)
  t1000=$(table 1000 2)
  # /usr/bin/time ignores SIGINT while it waits: signal the server itself
  load1=$(cut -d' ' -f1 /proc/loadavg)
  kill -INT $(ps --ppid "$tpid" -o pid=) 2>/dev/null || true
  wait "$tpid" || true
  rss=$(awk -F': ' '/Maximum resident set size/ {printf "%.0f", $2/1024}' "$log")
  gn=$(grep -o 'nodes=[0-9]*' "$log" | head -1 | cut -d= -f2)
  rows+=("| $n nodes, seed 42 ($gn graph nodes) | Lumbung | $(printf '%.1f' "$startup") s | $rss | $p50 | $rps | $t100 | $t1000 | $load0 → $load1 |")
  rows+=("| | OSRM v26.4.1 (issue) | ${osrm[$n]:-– | – | – | – | – | –} | |")
  port=$((port + 1))
done
echo
echo "| network | engine | preprocessing (serve start-up) | peak RSS MB | route p50 over HTTP ms | req/s, 2 connections | table 100×100 ms | table 1000×1000 ms | load avg |"
echo "|---|---|---|---|---|---|---|---|---|"
printf '%s\n' "${rows[@]}"

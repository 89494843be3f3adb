#!/usr/bin/env bash
# Generates the road-like OSM test networks of issue #8 (gen_osm2.py, seed
# 42) into a scratch directory outside the repository, converts them to PBF
# with osmium (Debian osmium-tool) and imports each with `lumbung import`
# under /usr/bin/time -v, printing import time and peak memory per size.
#
#   benchmarks/osm/gen.sh [SCRATCH_DIR] [SIZES...]
#
# SCRATCH_DIR defaults to /tmp/lumbung-osm; SIZES to 100000 1000000 5000000.
# Generated files are reused when present. Needs python3, osmium and
# benchmarks/osm/gen_osm2.py (or GEN_OSM2=path).
set -euo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
scratch="${1:-/tmp/lumbung-osm}"
shift || true
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(100000 1000000 5000000)
# The generator ships beside this script (MIT, from the project's shared
# tools); GEN_OSM2=path picks another copy.
gen="${GEN_OSM2:-$repo/benchmarks/osm/gen_osm2.py}"
case "$scratch" in "$repo"|"$repo"/*) echo "scratch dir must be outside the repository" >&2; exit 2;; esac
for tool in python3 osmium /usr/bin/time; do
  command -v "$tool" >/dev/null || { echo "missing $tool (apt-get install osmium-tool time python3)" >&2; exit 2; }
done
[ -f "$gen" ] || { echo "missing $gen (set GEN_OSM2)" >&2; exit 2; }
mkdir -p "$scratch"
(cd "$repo" && go build -o "$scratch/lumbung" ./cmd/lumbung)

printf '| OSM nodes | PBF MB | graph nodes | edges | shape points | import wall s | import CPU s | peak RSS MB | graph file MB |\n'
printf '|---|---|---|---|---|---|---|---|---|\n'
for n in "${sizes[@]}"; do
  osm="$scratch/net2_${n}_s42.osm"
  pbf="$osm.pbf"
  out="$scratch/net2_${n}_s42.lnet"
  if [ ! -s "$pbf" ]; then
    [ -s "$osm" ] || python3 "$gen" --nodes "$n" --seed 42 -o "$osm" 2>/dev/null
    osmium cat --overwrite "$osm" -o "$pbf"
  fi
  log="$scratch/import_${n}.log"
  /usr/bin/time -v "$scratch/lumbung" import -osm "$pbf" -out "$out" >"$log" 2>&1
  summary=$(grep -m1 'OSM nodes' "$log")
  gnodes=$(sed -E 's/.*→ ([0-9]+) nodes.*/\1/' <<<"$summary")
  edges=$(sed -E 's/.* ([0-9]+) edges.*/\1/' <<<"$summary")
  shape=$(sed -E 's/.* ([0-9]+) shape points.*/\1/' <<<"$summary")
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$log" | awk -F: '{ if (NF==3) print $1*3600+$2*60+$3; else print $1*60+$2 }')
  cpu=$(awk -F': ' '/User time|System time/ {s+=$2} END {printf "%.1f", s}' "$log")
  rss=$(awk -F': ' '/Maximum resident set size/ {printf "%.0f", $2/1024}' "$log")
  printf '| %s | %.1f | %s | %s | %s | %.1f | %s | %s | %.1f |\n' "$n" \
    "$(echo "$(stat -L -c %s "$pbf") / 1048576" | bc -l)" "$gnodes" "$edges" "$shape" "$wall" "$cpu" "$rss" \
    "$(echo "$(stat -c %s "$out") / 1048576" | bc -l)"
done

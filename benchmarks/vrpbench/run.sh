#!/usr/bin/env bash
# The engine table of issue #11: builds `lumbung`, then runs, one after the
# other,
#   1. the 7 CVRPLIB X instances of the 10 s target (mean gap ≤ 0.30 %),
#   2. X-n701-k44 and X-n1001-k43 at 60 s (each ≤ 1.5 %),
#   (1 and 2 once on one thread with one worker, the default of
#   vrp.Options, then with two workers on two threads, -workers 2),
#   3. generated problems of 2,000, 5,000 and 10,000 stops (Euclidean, no
#      matrix; see vrpbench.Generate) for 60 s each: time to the first
#      feasible solution, best cost at 1, 2, 5, 10, 30 and 60 s, peak RSS,
# and prints them as one report, with the machine's load (uptime) before
# each part. About 14 minutes; seed 1. Run it on a quiet machine: with
# two workers the solver needs both cores.
#
#   benchmarks/vrpbench/run.sh                  # the full protocol
#   SHORT=1 benchmarks/vrpbench/run.sh          # 1 s / 6 s / 6 s, to try it
#   SET=../shared/instances/cvrp-x benchmarks/vrpbench/run.sh
#   WORKERS=1 benchmarks/vrpbench/run.sh        # the X parts with one worker only
set -euo pipefail
cd "$(dirname "$0")/../.."
set_dir="${SET:-benchmarks/instances/cvrp-x}"
short="${SHORT:-}"
workers="${WORKERS:-1 2}"
t10=10s t60=60s curve=1s,2s,5s,10s,30s,60s
if [ -n "$short" ]; then
  t10=1s t60=6s curve=1s,2s,5s
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
go build -o "$work/lumbung" ./cmd/lumbung
echo "# vrp engine, $(date -u +%Y-%m-%dT%H:%MZ), commit $(git rev-parse --short HEAD 2>/dev/null || echo unknown), seed 1"
for w in $workers; do
  echo
  echo "## CVRPLIB X, $t10 per instance, $w worker(s)   (load: $(uptime | sed 's/.*load average: //'))"
  "$work/lumbung" bench vrp -set "$set_dir" -time "$t10" -seed 1 -workers "$w" \
    -instances X-n101-k25,X-n157-k13,X-n200-k36,X-n251-k28,X-n303-k21,X-n401-k29,X-n502-k39
  echo
  echo "## CVRPLIB X, $t60 per instance, $w worker(s)   (load: $(uptime | sed 's/.*load average: //'))"
  "$work/lumbung" bench vrp -set "$set_dir" -time "$t60" -seed 1 -workers "$w" -instances X-n701-k44,X-n1001-k43
done
echo
echo "## Generated, $t60 per problem, 1 worker   (load: $(uptime | sed 's/.*load average: //'))"
"$work/lumbung" bench vrp -gen 2000,5000,10000 -time "$t60" -curve "$curve" -seed 1
echo
echo "load at the end: $(uptime | sed 's/.*load average: //')"

#!/usr/bin/env bash
# The dashboard's cost to training (issue 16): MNIST on sim:, one epoch, without and with
# --dashboard and a page open in headless Chromium, alternated ROUNDS times in one session.
# Prints each run's training wall time (the summary's wall_seconds) and the mean ratio.
#   bench/dashboard/overhead.sh [ROUNDS] [MNIST_DIR]
# Needs cli/target/crossbar.jar (./mvnw -B -q -pl cli -am package -DskipTests) and chromium.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
ROUNDS=${1:-3}
DATA=${2:-../shared/data/mnist10k}
JAR=cli/target/crossbar.jar
[ -f "$JAR" ] || { echo "overhead: $JAR missing: build it first (see the header)" >&2; exit 2; }
[ -d "$DATA" ] || { echo "overhead: no MNIST at $DATA (give its directory as the second argument)" >&2; exit 2; }
command -v chromium >/dev/null || { echo "overhead: chromium not installed (apt-get install chromium)" >&2; exit 2; }
W=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$W"' EXIT
wall() { python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["wall_seconds"])' "$1"; }
train() { java -jar "$JAR" train --dataset mnist --data "$DATA" --epochs 1 --seed 1 --run-db "$W/runs.db" --json "$W/$1.json" "${@:2}"; }
without=(); with=()
for r in $(seq 1 "$ROUNDS"); do
  train "plain$r" >/dev/null 2>&1
  without+=("$(wall "$W/plain$r.json")")
  train "dash$r" --dashboard 127.0.0.1:0 >"$W/dash$r.out" 2>&1 &
  pid=$!
  until url=$(grep -o 'http://[^ ]*' "$W/dash$r.out" 2>/dev/null | head -1) && [ -n "$url" ]; do
    kill -0 "$pid" 2>/dev/null || { cat "$W/dash$r.out" >&2; exit 1; }
    sleep 0.2
  done
  chromium --headless=new --no-sandbox --disable-gpu --user-data-dir="$W/profile$r" "$url" >/dev/null 2>&1 &
  browser=$!
  wait "$pid"
  kill "$browser" 2>/dev/null || true
  with+=("$(wall "$W/dash$r.json")")
  echo "round $r: without ${without[-1]} s, with a page open ${with[-1]} s"
done
python3 - "${without[*]}" "${with[*]}" <<'PY'
import sys
a=[float(x) for x in sys.argv[1].split()]; b=[float(x) for x in sys.argv[2].split()]
print(f"mean without {sum(a)/len(a):.1f} s, with {sum(b)/len(b):.1f} s, ratio {sum(b)/sum(a):.3f}")
PY

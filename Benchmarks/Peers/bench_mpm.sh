#!/usr/bin/env bash
# PDEKit's material point simulator against Taichi's CPU backend on the same scenes, side by side.
#
#   bench_mpm.sh OUTDIR
#
# Times particle-steps per second of fluid2d and jelly2d (8192 and 32768 particles) and jelly3d
# (64³ grid, 32768 particles) in PDEKit (`bench mpm`, float64, one thread and all cores) and in
# Taichi (mpm_taichi.py, float32, one thread), and the cost of a differentiable jelly2d rollout
# (200 steps) over the forward one, then prints the ratios of compare_mpm.py.
#
# Expects the bench binary in .build/release and Taichi in $PYTHON. ROUNDS (default 2) runs PDEKit
# and Taichi alternately that many times; the comparison keeps the fastest of each.
set -euo pipefail
OUT=${1:-runs/bench/mpm}
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
PYTHON=${PYTHON:-python3}
BENCH="$ROOT/.build/release/bench"
ROUNDS=${ROUNDS:-2}
[ -x "$BENCH" ] || { echo "bench_mpm.sh: $BENCH not found (swift build -c release --product bench)" >&2; exit 1; }
"$PYTHON" -c "import taichi" 2>/dev/null || { echo "bench_mpm.sh: $PYTHON lacks taichi (pip install -r $HERE/requirements.txt)" >&2; exit 1; }

mkdir -p "$OUT"
: > "$OUT/pdekit.jsonl"
: > "$OUT/taichi.jsonl"
for ((round = 1; round <= ROUNDS; round++)); do
    echo "# round $round of $ROUNDS" >&2
    GRADIENT=0
    if [ "$round" -eq 1 ]; then GRADIENT=200; fi
    "$BENCH" mpm --gradient-steps "$GRADIENT" | tee -a "$OUT/pdekit.jsonl"
    for scene in fluid2d jelly2d; do
        for n in 8192 32768; do
            "$PYTHON" "$HERE/mpm_taichi.py" --scene "$scene" --particles "$n" --steps 2000 --threads 1 | tee -a "$OUT/taichi.jsonl"
        done
    done
    "$PYTHON" "$HERE/mpm_taichi.py" --scene jelly3d --particles 32768 --steps 300 --threads 1 | tee -a "$OUT/taichi.jsonl"
done
"$PYTHON" "$HERE/compare_mpm.py" "$OUT/pdekit.jsonl" "$OUT/taichi.jsonl" | tee "$OUT/comparison.txt"

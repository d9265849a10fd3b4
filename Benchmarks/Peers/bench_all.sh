#!/usr/bin/env bash
# PDEKit against PyTorch, JAX and DeepXDE on the same PINN steps, one thread each, side by side.
#
#   bench_all.sh OUTDIR
#
# For each problem: PDEKit times the step (network jets in float64, then in float32) and exports its
# weights, points and gradient; the peers time the same step at float64 and float32 on those files;
# compare.py prints the ratios (each precision against the same precision) and checks that the
# float64 gradients agree to 1e-10 and PDEKit's float32 gradient with all of them to 1e-5. Expects the bench binary in .build/release and the
# peers' Python in $PYTHON.
#
# The machine's speed drifts while the sides run one after the other, so they alternate for ROUNDS
# rounds (default 3: PDEKit at both precisions, the peers at float64, at float32, then again) and each side is
# credited with its fastest round (medians of REPEATS steps each).
set -euo pipefail
OUT=${1:-runs/bench}
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
PYTHON=${PYTHON:-python3}
BENCH="$ROOT/.build/release/bench"
REPEATS=${REPEATS:-20}
ROUNDS=${ROUNDS:-3}
export OMP_NUM_THREADS=1 MKL_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 PDEKIT_NUM_THREADS=1
PIN=()
if command -v taskset >/dev/null 2>&1; then PIN=(taskset -c "${CPU:-0}"); fi

mkdir -p "$OUT"
for problem in burgers poisson2d; do
    dir="$OUT/$problem"
    mkdir -p "$dir"
    : > "$dir/pdekit.json"; : > "$dir/peers_float64.json"; : > "$dir/peers_float32.json"
    for round in $(seq "$ROUNDS"); do
        echo "== $problem, round $round of $ROUNDS"
        "${PIN[@]}" "$BENCH" pinn-step --problem "$problem" --repeats "$REPEATS" --export "$dir" | tee -a "$dir/pdekit.json"
        "${PIN[@]}" "$BENCH" pinn-step --problem "$problem" --repeats "$REPEATS" --precision float32 --export "$dir" | tee -a "$dir/pdekit.json"
        for precision in float64 float32; do
            REPEATS=$REPEATS PYTHON=$PYTHON bash "$HERE/run_peers.sh" "$dir" "$precision" | tee -a "$dir/peers_$precision.json"
        done
    done
    "$PYTHON" "$HERE/compare.py" --pdekit "$dir/pdekit.json" "$dir/peers_float64.json" "$dir/peers_float32.json" \
        --grad-pdekit "$dir/grad_pdekit_float64.npy" \
        --grad-peer "$dir/grad_torch_float64.npy" --grad-peer "$dir/grad_jax_float64.npy" \
        --grad-peer "$dir/grad_deepxde_float64.npy" | tee "$dir/comparison.txt"
    # PDEKit's float32 gradient against the float64 ones (single-precision accuracy) and the peers' float32.
    "$PYTHON" "$HERE/compare.py" --grad-pdekit "$dir/grad_pdekit_float32.npy" --tol 1e-5 \
        --grad-peer "$dir/grad_torch_float64.npy" --grad-peer "$dir/grad_torch_float32.npy" \
        --grad-peer "$dir/grad_jax_float32.npy" | tee -a "$dir/comparison.txt"
done

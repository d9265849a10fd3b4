#!/usr/bin/env bash
# Burgers time to accuracy: PDEKit's burgers example against the same run (network, initial weights,
# points, schedule; refinement off) in PyTorch and in JAX. Each peer runs side by side with a fresh
# PDEKit run, one thread each, each pinned to its own core, for BUDGET seconds.
#
#   bench_burgers_tta.sh OUTDIR        (PEERS="torch jax" by default)
set -euo pipefail
OUT=${1:-runs/bench/burgers-tta}
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
PYTHON=${PYTHON:-python3}
BUDGET=${BUDGET:-300}
PEERS=${PEERS:-torch jax}
export OMP_NUM_THREADS=1 MKL_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 PDEKIT_NUM_THREADS=1
PIN0=() PIN1=()
if command -v taskset >/dev/null 2>&1; then PIN0=(taskset -c 0); PIN1=(taskset -c 1); fi
mkdir -p "$OUT"

# The initial weights and points, written before any training.
"$ROOT/.build/release/burgers" --output "$OUT/export" --steps 0 --lbfgs-steps 0 --refine-every 0 --progress-every 0 \
    --export-initial "$OUT/initial" > /dev/null

for peer in $PEERS; do
    dir="$OUT/$peer"
    mkdir -p "$dir"
    # Compilation (JAX) happens before the peer's clock starts; start PDEKit when the peer is ready.
    "${PIN1[@]}" "$PYTHON" "$HERE/burgers_tta_$peer.py" "$OUT/initial" --reference "$ROOT/Data/burgers_reference.npy" \
        --budget "$BUDGET" --lbfgs 100000 --log "$dir/$peer.csv" > "$dir/$peer.json" &
    peer_pid=$!
    "${PIN0[@]}" "$ROOT/.build/release/burgers" --output "$dir/pdekit" --budget "$BUDGET" --refine-every 0 \
        --validate-every 100 --progress-every 1000 --steps 2000 --lbfgs-steps 100000 > "$dir/pdekit.log"
    wait "$peer_pid"
    "$PYTHON" "$HERE/compare_tta.py" --run "pdekit=$dir/pdekit/loss.csv" --run "$peer=$dir/$peer.csv" | tee "$dir/comparison.txt"
done

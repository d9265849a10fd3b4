#!/usr/bin/env bash
# Burgers time to accuracy: PDEKit's burgers example and the PyTorch implementation of the same run
# (network, initial weights, points, schedule; refinement off), side by side, one thread each on
# its own core, for BUDGET seconds.
#
#   bench_burgers_tta.sh OUTDIR
set -euo pipefail
OUT=${1:-runs/bench/burgers-tta}
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
PYTHON=${PYTHON:-python3}
BUDGET=${BUDGET:-300}
export OMP_NUM_THREADS=1 MKL_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 PDEKIT_NUM_THREADS=1
PIN0=() PIN1=()
if command -v taskset >/dev/null 2>&1; then PIN0=(taskset -c 0); PIN1=(taskset -c 1); fi
mkdir -p "$OUT"
"$ROOT/.build/release/burgers" --output "$OUT/pdekit" --budget "$BUDGET" --refine-every 0 --validate-every 100 \
    --progress-every 1000 --export-initial "$OUT/initial" --steps 2000 --lbfgs-steps 100000 > "$OUT/pdekit.log" &
pdekit=$!
sleep 2   # the export is written before training starts
while [ ! -f "$OUT/initial/pde.npy" ]; do sleep 1; done
"${PIN1[@]}" "$PYTHON" "$HERE/burgers_tta_torch.py" "$OUT/initial" --reference "$ROOT/Data/burgers_reference.npy" \
    --budget "$BUDGET" --lbfgs 100000 --log "$OUT/torch.csv" > "$OUT/torch.json" &
torch=$!
if [ ${#PIN0[@]} -gt 0 ]; then taskset -pc 0 "$pdekit" >/dev/null; fi
wait "$pdekit" "$torch"
"$PYTHON" "$HERE/compare_tta.py" --run "pdekit=$OUT/pdekit/loss.csv" --run "torch=$OUT/torch.csv" | tee "$OUT/comparison.txt"

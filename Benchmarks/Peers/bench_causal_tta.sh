#!/usr/bin/env bash
# Causal training, time to accuracy: PDEKit's allen-cahn example against the same run (network,
# initial weights, causal weighting, balancing, schedule) in PyTorch. PDEKit and the peer run side by
# side, one thread each, each pinned to its own core, for BUDGET seconds; then the initial losses
# are checked against each other and compare_tta.py reports the time to a relative L2 error of
# TARGET, the errors at fixed budgets and the time per step.
#
#   bench_causal_tta.sh OUTDIR        (MODES="causal" by default; "causal plain" adds the plain PINN)
#
# Environment: PYTHON, BUDGET (1200 s), STEPS (12000: also sets the learning-rate decay and the
# steps per ε), EPSILONS (100,1000), VALIDATE_EVERY (100), TARGET (1e-2), BIN (the folder holding
# allen-cahn, default .build/release), REFERENCE (Data/allen_cahn_reference.npy), PRECISION (float64;
# float32 runs PDEKit with --precision float32 and the peer with --dtype float32).
set -euo pipefail
OUT=${1:-runs/bench/causal-tta}
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
PYTHON=${PYTHON:-python3}
BUDGET=${BUDGET:-1200}
STEPS=${STEPS:-12000}
EPSILONS=${EPSILONS:-100,1000}
VALIDATE_EVERY=${VALIDATE_EVERY:-100}
TARGET=${TARGET:-1e-2}
MODES=${MODES:-causal}
PRECISION=${PRECISION:-float64}
BIN=${BIN:-$ROOT/.build/release}
REFERENCE=${REFERENCE:-$ROOT/Data/allen_cahn_reference.npy}
export OMP_NUM_THREADS=1 MKL_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 PDEKIT_NUM_THREADS=1
PIN0=() PIN1=()
if command -v taskset >/dev/null 2>&1; then PIN0=(taskset -c 0); PIN1=(taskset -c 1); fi
mkdir -p "$OUT"

# The initial weights and the first points, written before any training.
"$BIN/allen-cahn" --output "$OUT/export" --steps 0 --progress-every 0 --reference "$REFERENCE" \
    --export-initial "$OUT/initial" > /dev/null

budgets=$((BUDGET / 4)),$((BUDGET / 2)),$BUDGET
for mode in $MODES; do
    dir="$OUT/$mode"
    mkdir -p "$dir"
    flags=(--steps "$STEPS" --epsilons "$EPSILONS")
    [ "$mode" = plain ] && flags+=(--plain)
    "${PIN1[@]}" "$PYTHON" "$HERE/allen_cahn_tta_torch.py" "$OUT/initial" --reference "$REFERENCE" "${flags[@]}" \
        --budget "$BUDGET" --validate-every "$VALIDATE_EVERY" --dtype "$PRECISION" --log "$dir/torch.csv" > "$dir/torch.json" &
    peer_pid=$!
    "${PIN0[@]}" "$BIN/allen-cahn" --output "$dir/pdekit" --reference "$REFERENCE" "${flags[@]}" \
        --budget "$BUDGET" --validate-every "$VALIDATE_EVERY" --precision "$PRECISION" --progress-every 1000 > "$dir/pdekit.log"
    wait "$peer_pid"
    # Step 0 of both runs sees the same weights and points: the losses must agree.
    "$PYTHON" "$HERE/allen_cahn_tta_torch.py" "$OUT/initial" "${flags[@]}" --dtype "$PRECISION" --check "$dir/pdekit/loss.csv" > "$dir/comparison.txt" \
        || echo "warning: the initial losses of PDEKit and the peer differ (see the check line)" >> "$dir/comparison.txt"
    cat "$dir/comparison.txt"
    "$PYTHON" "$HERE/compare_tta.py" --target "$TARGET" --budgets "$budgets" \
        --run "pdekit=$dir/pdekit/loss.csv" --run "torch=$dir/torch.csv" | tee -a "$dir/comparison.txt"
done

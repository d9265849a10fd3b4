#!/usr/bin/env bash
# Lagrangian PINN, time to accuracy: PDEKit's convection example (β = BETA, Lagrangian PINN and, with
# --compare, the plain PINN) against the same model and training in PyTorch, one thread each, each
# pinned to its own core.
#
#   bench_lpinn_tta.sh OUTDIR
#
# The Lagrangian examples neither export their initial weights nor log the error during training,
# so PDEKit is run once per budget in BUDGETS (each run trains the Lagrangian PINN, then the plain
# PINN, each for that budget) and its final errors become the points of its curve; the peer runs
# once per model for the largest budget and logs its error every VALIDATE_EVERY steps. Both curves
# go to compare_tta.py.
#
# Environment: PYTHON, BETA (50), BUDGETS ("60 120 300" seconds), VALIDATE_EVERY (50), TARGET (1e-2),
# BIN (the folder holding convection, default .build/release).
set -euo pipefail
OUT=${1:-runs/bench/lpinn-tta}
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
PYTHON=${PYTHON:-python3}
BETA=${BETA:-50}
BUDGETS=${BUDGETS:-60 120 300}
VALIDATE_EVERY=${VALIDATE_EVERY:-50}
TARGET=${TARGET:-1e-2}
BIN=${BIN:-$ROOT/.build/release}
export OMP_NUM_THREADS=1 MKL_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 PDEKIT_NUM_THREADS=1
PIN0=() PIN1=()
if command -v taskset >/dev/null 2>&1; then PIN0=(taskset -c 0); PIN1=(taskset -c 1); fi
mkdir -p "$OUT"
largest=$(printf '%s\n' $BUDGETS | sort -g | tail -1)

# The peer: the Lagrangian PINN, then the plain PINN, each for the largest budget.
( "${PIN1[@]}" "$PYTHON" "$HERE/lpinn_convection_tta_torch.py" --beta "$BETA" --budget "$largest" \
      --validate-every "$VALIDATE_EVERY" --log "$OUT/torch.csv" > "$OUT/torch.json"
  "${PIN1[@]}" "$PYTHON" "$HERE/lpinn_convection_tta_torch.py" --beta "$BETA" --budget "$largest" --plain \
      --validate-every "$VALIDATE_EVERY" --log "$OUT/torch_plain.csv" > "$OUT/torch_plain.json" ) &
peer_pid=$!
for b in $BUDGETS; do
    "${PIN0[@]}" "$BIN/convection" --beta "$BETA" --compare --budget "$b" --progress-every 0 \
        --output "$OUT/pdekit-$b" > "$OUT/pdekit-$b.log"
done
wait "$peer_pid"

# PDEKit's curves from its runs' metrics.json: (steps, training seconds, final error) per budget.
"$PYTHON" - "$OUT" $BUDGETS <<'PY'
import json, sys
out, budgets = sys.argv[1], sys.argv[2:]
for suffix, key, seconds in (("", "relative_l2", "training_seconds"), ("_plain", "relative_l2_plain", "training_seconds_plain")):
    with open(f"{out}/pdekit{suffix}.csv", "w") as fh:
        fh.write("step,seconds,validation_error\n")
        for b in budgets:
            m = json.load(open(f"{out}/pdekit-{b}/metrics.json"))
            # A run stopped by its budget overruns it by at most one step: count it at the budget.
            fh.write(f"{m['steps'] if not suffix else 0},{min(m[seconds], float(b)):.3f},{m[key]:.9e}\n")
# Median ms per Adam step of each PDEKit run, from consecutive rows of its loss.csv.
import csv, statistics
with open(f"{out}/pdekit_steps.jsonl", "w") as fh:
    for b in budgets:
        for model, path in (("lagrangian", f"{out}/pdekit-{b}/loss.csv"), ("plain", f"{out}/pdekit-{b}/plain/loss.csv")):
            rows = [r for r in csv.DictReader(open(path)) if r["stage"] == "adam"]
            d = [float(y["seconds"]) - float(x["seconds"]) for x, y in zip(rows, rows[1:]) if int(y["step"]) == int(x["step"]) + 1]
            fh.write(json.dumps({"run": "pdekit", "model": model, "budget": float(b), "adam_steps": len(rows),
                                 "ms_per_adam_step": 1e3 * statistics.median(d) if d else None}) + "\n")
PY
budget_list=$(printf '%s\n' $BUDGETS | sort -g | paste -sd, -)
{
    echo "Lagrangian PINN, beta $BETA"
    "$PYTHON" "$HERE/compare_tta.py" --target "$TARGET" --budgets "$budget_list" \
        --run "pdekit=$OUT/pdekit.csv" --run "torch=$OUT/torch.csv"
    echo "plain PINN, beta $BETA"
    "$PYTHON" "$HERE/compare_tta.py" --target "$TARGET" --budgets "$budget_list" \
        --run "pdekit=$OUT/pdekit_plain.csv" --run "torch=$OUT/torch_plain.csv"
    cat "$OUT/pdekit_steps.jsonl" "$OUT/torch.json" "$OUT/torch_plain.json"
} | tee "$OUT/comparison.txt"

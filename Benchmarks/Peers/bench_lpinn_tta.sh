#!/usr/bin/env bash
# Lagrangian PINN, time to accuracy: PDEKit's convection example (β = BETA, Lagrangian PINN and, with
# --compare, the plain PINN) against the same model and training in PyTorch, one thread each, each
# pinned to its own core.
#
#   bench_lpinn_tta.sh OUTDIR
#
# PDEKit runs once for the largest budget in BUDGETS (the Lagrangian PINN, then the plain PINN, each
# for that budget) and logs the error against the reference every VALIDATE_EVERY steps in its
# loss.csv, as the peer does in its log; compare_tta.py reads both curves. Both sides start from the
# same weights and points (PDEKit exports them first with --export-initial; the peer loads them),
# and the first three Adam losses of each model are compared.
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

# The initial weights and points of both models, written before any training.
"$BIN/convection" --beta "$BETA" --compare --steps 0 --lbfgs-steps 0 --progress-every 0 \
    --export-initial "$OUT/initial" --output "$OUT/export" > /dev/null

# The peer: the Lagrangian PINN, then the plain PINN, each for the largest budget.
( "${PIN1[@]}" "$PYTHON" "$HERE/lpinn_convection_tta_torch.py" --beta "$BETA" --budget "$largest" \
      --initial "$OUT/initial" --validate-every "$VALIDATE_EVERY" --log "$OUT/torch.csv" > "$OUT/torch.json"
  "${PIN1[@]}" "$PYTHON" "$HERE/lpinn_convection_tta_torch.py" --beta "$BETA" --budget "$largest" --plain \
      --initial "$OUT/initial" --validate-every "$VALIDATE_EVERY" --log "$OUT/torch_plain.csv" > "$OUT/torch_plain.json" ) &
peer_pid=$!
"${PIN0[@]}" "$BIN/convection" --beta "$BETA" --compare --budget "$largest" --progress-every 0 \
    --validate-every "$VALIDATE_EVERY" --output "$OUT/pdekit" > "$OUT/pdekit.log"
wait "$peer_pid"

# Median ms per Adam step of each PDEKit model, from consecutive rows of its loss.csv without validation.
"$PYTHON" - "$OUT" "$largest" <<'PY'
import csv, json, statistics, sys
out, budget = sys.argv[1], float(sys.argv[2])
with open(f"{out}/pdekit_steps.jsonl", "w") as fh:
    for model, path in (("lagrangian", f"{out}/pdekit/loss.csv"), ("plain", f"{out}/pdekit/plain/loss.csv")):
        rows = [r for r in csv.DictReader(open(path)) if r["stage"] == "adam"]
        d = [float(y["seconds"]) - float(x["seconds"]) for x, y in zip(rows, rows[1:])
             if int(y["step"]) == int(x["step"]) + 1 and y["validation_error"] == ""]
        fh.write(json.dumps({"run": "pdekit", "model": model, "budget": budget, "adam_steps": len(rows),
                             "ms_per_adam_step": 1e3 * statistics.median(d) if d else None}) + "\n")
open(f"{out}/checks.jsonl", "w").close()
# The same start: PDEKit's losses at steps 1-3 against the peer's first three.
for model, path, peer in (("lagrangian", f"{out}/pdekit/loss.csv", f"{out}/torch.json"),
                          ("plain", f"{out}/pdekit/plain/loss.csv", f"{out}/torch_plain.json")):
    mine = [float(r["loss"]) for r in csv.DictReader(open(path)) if r["stage"] == "adam"][:3]
    theirs = json.load(open(peer))["first_losses"][:3]
    worst = max(abs(a - b) / max(abs(b), 1e-300) for a, b in zip(mine, theirs))
    with open(f"{out}/checks.jsonl", "a") as fh:
        fh.write(json.dumps({"check": "first Adam losses", "model": model, "pdekit": mine, "torch": theirs,
                             "max_relative_difference": worst}) + "\n")
PY
budget_list=$(printf '%s\n' $BUDGETS | sort -g | paste -sd, -)
{
    echo "Lagrangian PINN, beta $BETA"
    "$PYTHON" "$HERE/compare_tta.py" --target "$TARGET" --budgets "$budget_list" \
        --run "pdekit=$OUT/pdekit/loss.csv" --run "torch=$OUT/torch.csv"
    echo "plain PINN, beta $BETA"
    "$PYTHON" "$HERE/compare_tta.py" --target "$TARGET" --budgets "$budget_list" \
        --run "pdekit=$OUT/pdekit/plain/loss.csv" --run "torch=$OUT/torch_plain.csv"
    cat "$OUT/checks.jsonl" "$OUT/pdekit_steps.jsonl" "$OUT/torch.json" "$OUT/torch_plain.json"
} | tee "$OUT/comparison.txt"

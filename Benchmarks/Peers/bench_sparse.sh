#!/usr/bin/env bash
# PDEKit's sparse linear algebra against SciPy and scikit-sparse on the same problems, side by side.
#
#   bench_sparse.sh OUTDIR
#
# PDEKit runs `bench sparse` on all cores (its SpMV and vector kernels are threaded). SciPy's SpMV
# and CG are single-threaded; their NumPy dot products call OpenBLAS, which is fastest here with
# one thread (two threads made SciPy's CG up to 3x slower on a 2-core machine), so they run with
# OPENBLAS_NUM_THREADS=1. CHOLMOD is the same library for both, with the same BLAS threads
# (OPENBLAS_NUM_THREADS as given, default: all cores). Expects the bench binary in
# .build/release and the peers' Python in $PYTHON. Extra arguments for both go in $SPARSE_ARGS
# (e.g. SPARSE_ARGS="--cg-grids 64 --cholesky-grid 512" for a quick run). ROUNDS (default 2) runs
# PDEKit and the peers alternately that many times; the comparison keeps the fastest of each, which
# damps the effect of other work on a shared machine.
set -euo pipefail
OUT=${1:-runs/bench/sparse}
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
PYTHON=${PYTHON:-python3}
BENCH="$ROOT/.build/release/bench"
read -r -a ARGS <<< "${SPARSE_ARGS:-}"
CORES=$(nproc 2>/dev/null || echo 2)
export OPENBLAS_NUM_THREADS=${OPENBLAS_NUM_THREADS:-$CORES} OMP_NUM_THREADS=${OMP_NUM_THREADS:-$CORES}

ROUNDS=${ROUNDS:-2}

mkdir -p "$OUT"
: > "$OUT/pdekit.jsonl"
: > "$OUT/scipy.jsonl"
for ((round = 1; round <= ROUNDS; round++)); do
    "$BENCH" sparse "${ARGS[@]}" | tee -a "$OUT/pdekit.jsonl"
    PYAMG=()
    if [ "$round" -eq 1 ]; then PYAMG=(--pyamg); fi
    OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 \
        "$PYTHON" "$HERE/sparse_scipy.py" --only spmv,cg "${PYAMG[@]}" "${ARGS[@]}" | tee -a "$OUT/scipy.jsonl"
    "$PYTHON" "$HERE/sparse_scipy.py" --only cholmod "${ARGS[@]}" | tee -a "$OUT/scipy.jsonl"
done
"$PYTHON" "$HERE/compare_sparse.py" "$OUT/pdekit.jsonl" "$OUT/scipy.jsonl" | tee "$OUT/comparison.txt"

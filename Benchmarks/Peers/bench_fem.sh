#!/usr/bin/env bash
# PDEKit's finite elements against scikit-fem on the same meshes, side by side.
#
#   bench_fem.sh OUTDIR
#
# Times P1 stiffness assembly (2-D n = 512, 1024; 3-D n = 32, 64) and the full Poisson solve at
# 2-D n = 1024 in PDEKit (`bench fem`: CHOLMOD and IC(0)-PCG) and in scikit-fem (fem_skfem.py:
# SciPy spsolve, PyAMG-CG and scikit-sparse CHOLMOD), then prints the ratios of compare_fem.py.
#
# Threads. PDEKit assembles on all cores (cells are split across threads) and its CG kernels are
# threaded (PDEKIT_NUM_THREADS, default: all cores). scikit-fem assembles with NumPy vectorised over
# the cells, one thread: the P1 Laplacian makes no BLAS calls, so OPENBLAS_NUM_THREADS does not
# matter to it; its own threading (BilinearForm(nthreads=...), Python threads over the entries of
# the local matrix) is measured as a second variant and the faster one is compared. SuperLU and
# PyAMG run on one core; their NumPy dot products call OpenBLAS, which is fastest here with one
# thread (as for SciPy's CG in bench_sparse.sh), so those peers run with OPENBLAS_NUM_THREADS=1.
# CHOLMOD is the same library on both sides with the same BLAS threads (OPENBLAS_NUM_THREADS as
# given, default: all cores), so scikit-sparse's CHOLMOD runs in a process of its own.
#
# Expects the bench binary in .build/release and the peers' Python (NumPy, SciPy, scikit-fem,
# PyAMG, scikit-sparse) in $PYTHON. FEM_ARGS holds options both sides take (--assembly-2d,
# --assembly-3d, --solve-grid, --tolerance, --repeats, --solve-repeats), e.g.
# FEM_ARGS="--assembly-2d 256 --assembly-3d 16 --solve-grid 256" for a quick run. ROUNDS (default 2)
# runs PDEKit and the peers alternately that many times; the comparison keeps the fastest of each,
# which damps the effect of other work on a shared machine. SPSOLVE_ROUNDS (default 1) limits how
# many rounds run SuperLU, by far the slowest peer solver at n = 1024.
set -euo pipefail
OUT=${1:-runs/bench/fem}
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
PYTHON=${PYTHON:-python3}
BENCH="$ROOT/.build/release/bench"
read -r -a ARGS <<< "${FEM_ARGS:-}"
CORES=$(nproc 2>/dev/null || echo 2)
export OPENBLAS_NUM_THREADS=${OPENBLAS_NUM_THREADS:-$CORES} OMP_NUM_THREADS=${OMP_NUM_THREADS:-$CORES}
ROUNDS=${ROUNDS:-2}
SPSOLVE_ROUNDS=${SPSOLVE_ROUNDS:-1}

[ -x "$BENCH" ] || { echo "bench_fem.sh: $BENCH not found (swift build -c release --product bench)" >&2; exit 1; }
"$PYTHON" -c "import skfem, pyamg, scipy" 2>/dev/null \
    || { echo "bench_fem.sh: $PYTHON lacks scikit-fem, PyAMG or SciPy (pip install -r $HERE/requirements.txt)" >&2; exit 1; }

mkdir -p "$OUT"
: > "$OUT/pdekit.jsonl"
: > "$OUT/skfem.jsonl"
for ((round = 1; round <= ROUNDS; round++)); do
    echo "# round $round of $ROUNDS" >&2
    "$BENCH" fem "${ARGS[@]}" | tee -a "$OUT/pdekit.jsonl"
    SOLVERS=pyamg-cg
    if [ "$round" -le "$SPSOLVE_ROUNDS" ]; then SOLVERS=pyamg-cg,spsolve; fi
    OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 \
        "$PYTHON" "$HERE/fem_skfem.py" --solvers "$SOLVERS" "${ARGS[@]}" | tee -a "$OUT/skfem.jsonl"
    "$PYTHON" "$HERE/fem_skfem.py" --only solve --solvers cholmod "${ARGS[@]}" | tee -a "$OUT/skfem.jsonl"
done
"$PYTHON" "$HERE/compare_fem.py" "$OUT/pdekit.jsonl" "$OUT/skfem.jsonl" | tee "$OUT/comparison.txt"

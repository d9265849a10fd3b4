#!/usr/bin/env bash
# Runs the PyTorch, JAX and DeepXDE peers on one problem folder with one thread.
#
#   run_peers.sh DIR PRECISION
#
# PRECISION is float64 or float32. Prints each peer's JSON line on stdout and
# writes DIR/grad_torch_PRECISION.npy, DIR/grad_jax_PRECISION.npy and
# DIR/grad_deepxde_PRECISION.npy.
# Environment: PYTHON (default python3, e.g. .venv-peers/bin/python),
# REPEATS (default 20), WARMUP (default 3), CPU (core to pin to, default 0).
set -euo pipefail

if [ $# -ne 2 ]; then
    echo "usage: $0 DIR float64|float32" >&2
    exit 2
fi
DIR=$1
PRECISION=$2
case "$PRECISION" in
    float64|float32) ;;
    *) echo "precision must be float64 or float32, got '$PRECISION'" >&2; exit 2 ;;
esac
[ -f "$DIR/problem.json" ] || { echo "no problem.json in $DIR" >&2; exit 2; }

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
PYTHON=${PYTHON:-python3}
REPEATS=${REPEATS:-20}
WARMUP=${WARMUP:-3}
CPU=${CPU:-0}

PIN=()
if command -v taskset >/dev/null 2>&1; then
    PIN=(taskset -c "$CPU")
fi

# One thread everywhere (BLAS/OpenMP pools included).
export OMP_NUM_THREADS=1 MKL_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1

COMMON=(--precision "$PRECISION" --repeats "$REPEATS" --warmup "$WARMUP" --threads 1)

"${PIN[@]}" "$PYTHON" "$HERE/torch_step.py" "$DIR" "${COMMON[@]}" \
    --dump-grad "$DIR/grad_torch_$PRECISION.npy"
"${PIN[@]}" "$PYTHON" "$HERE/jax_step.py" "$DIR" "${COMMON[@]}" \
    --dump-grad "$DIR/grad_jax_$PRECISION.npy"
"${PIN[@]}" "$PYTHON" "$HERE/deepxde_step.py" "$DIR" "${COMMON[@]}" \
    --dump-grad "$DIR/grad_deepxde_$PRECISION.npy"

"""SciPy peer of `bench sparse`: the same matrices, right-hand sides and tolerances.

Prints one JSON line per result, with the keys PDEKit uses, so compare_sparse.py can pair them:

  spmv      y = A @ x on the 3-D 7-point Laplacian (SciPy's CSR kernel, one thread)
  cg        scipy.sparse.linalg.cg, b = ones, x0 = 0, rtol on ||b - A x|| / ||b||, atol = 0
  cholmod   scikit-sparse (CHOLMOD, the same library PDEKit calls): analyze, factor, solve
  pyamg-cg  optional context: CG preconditioned by smoothed-aggregation AMG (PyAMG)

The Laplacians are built as Kronecker sums of tridiag(-1, 2, -1) with x the fastest index, which is
the ordering and scaling of CSRMatrix.laplacian2D / laplacian3D (4 or 6 on the diagonal, -1 off it).
"""

import argparse
import json
import statistics
import sys
import time

import numpy as np
import scipy
import scipy.sparse as sp
import scipy.sparse.linalg as spla


def tridiagonal(n):
    return sp.diags([-np.ones(n - 1), 2 * np.ones(n), -np.ones(n - 1)], [-1, 0, 1], format="csr")


def laplacian(n, dim):
    """The dim-D Dirichlet Laplacian on n^dim interior points, CSR with sorted indices."""
    t = tridiagonal(n)
    eye = sp.identity(n, format="csr")
    if dim == 2:
        a = sp.kron(eye, t) + sp.kron(t, eye)
    else:
        a = sp.kron(eye, sp.kron(eye, t)) + sp.kron(eye, sp.kron(t, eye)) + sp.kron(t, sp.kron(eye, eye))
    a = sp.csr_matrix(a)
    a.sum_duplicates()
    a.sort_indices()
    a.indices = a.indices.astype(np.int32)
    a.indptr = a.indptr.astype(np.int32)
    return a


def emit(**fields):
    fields["peer"] = "scipy"
    print(json.dumps(fields, sort_keys=True), flush=True)


def timings(body, repeats):
    body()
    t = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        body()
        t.append(time.perf_counter() - t0)
    return min(t), statistics.median(t)


def bench_spmv(grid, repeats):
    a = laplacian(grid, 3)
    n = a.shape[0]
    x = 1 + 1e-3 * (np.arange(n) % 7)
    y = np.empty(n)
    nbytes = 12 * a.nnz + 4 * (n + 1) + 16 * n
    # a @ x allocates its result; the in-place kernel underneath is what PDEKit's SpMV does.
    alloc_min, alloc_med = timings(lambda: a @ x, repeats)
    emit(kernel="spmv", problem="laplacian3d", grid=grid, rows=n, nnz=int(a.nnz), threads=1,
         seconds_min=alloc_min, seconds_median=alloc_med, bytes=nbytes, gb_per_s=nbytes / alloc_min / 1e9,
         api="A @ x", version=scipy.__version__, checksum=float((a @ x).sum()))


def bench_cg(grid, tolerance, repeats, maxiter):
    a = laplacian(grid, 3)
    b = np.ones(a.shape[0])
    best = float("inf")
    iterations = 0
    x = None
    for _ in range(repeats):
        count = [0]

        def callback(_xk):
            count[0] += 1

        t0 = time.perf_counter()
        x, info = spla.cg(a, b, rtol=tolerance, atol=0.0, maxiter=maxiter, callback=callback)
        best = min(best, time.perf_counter() - t0)
        iterations = count[0]
        if info != 0:
            print(f"scipy cg did not converge (info={info})", file=sys.stderr)
    rel = float(np.linalg.norm(b - a @ x) / np.linalg.norm(b))
    emit(solver="cg", problem="laplacian3d", grid=grid, rows=a.shape[0], threads=1, tolerance=tolerance,
         iterations=iterations, seconds=best, seconds_per_iteration=best / max(iterations, 1),
         relative_residual=rel, version=scipy.__version__)


def bench_pyamg(grid, tolerance):
    try:
        import pyamg
    except ImportError:
        print("pyamg not importable: skipping the AMG context line", file=sys.stderr)
        return
    # Warm-up on a small problem: the first call pays for imports and one-time set-up.
    small = laplacian(8, 3)
    pyamg.smoothed_aggregation_solver(small).solve(np.ones(small.shape[0]), tol=tolerance, accel="cg")
    a = laplacian(grid, 3)
    b = np.ones(a.shape[0])
    t0 = time.perf_counter()
    ml = pyamg.smoothed_aggregation_solver(a)
    setup = time.perf_counter() - t0
    residuals = []
    t0 = time.perf_counter()
    x = ml.solve(b, tol=tolerance, accel="cg", residuals=residuals)
    solve = time.perf_counter() - t0
    rel = float(np.linalg.norm(b - a @ x) / np.linalg.norm(b))
    emit(solver="pyamg-cg", problem="laplacian3d", grid=grid, rows=a.shape[0], threads=1, tolerance=tolerance,
         iterations=len(residuals) - 1, setup_seconds=setup, seconds=solve, seconds_with_setup=setup + solve,
         relative_residual=rel, version=pyamg.__version__)


def bench_cholmod(grid, repeats):
    try:
        from sksparse.cholmod import analyze
    except ImportError:
        print("scikit-sparse not importable: skipping CHOLMOD", file=sys.stderr)
        return
    import importlib.metadata

    a = laplacian(grid, 2).tocsc()
    b = np.ones(a.shape[0])
    t_an = t_fa = t_so = float("inf")
    rel = float("nan")
    for _ in range(repeats):
        t0 = time.perf_counter()
        factor = analyze(a)
        t_an = min(t_an, time.perf_counter() - t0)
        t0 = time.perf_counter()
        factor.cholesky_inplace(a)
        t_fa = min(t_fa, time.perf_counter() - t0)
        t0 = time.perf_counter()
        x = factor(b)
        t_so = min(t_so, time.perf_counter() - t0)
        rel = float(np.linalg.norm(a @ x - b) / np.linalg.norm(b))
    emit(solver="cholmod", problem="laplacian2d", grid=grid, rows=a.shape[0], nnz=int(a.nnz),
         analyze_seconds=t_an, factor_seconds=t_fa, solve_seconds=t_so, total_seconds=t_an + t_fa + t_so,
         relative_residual=rel, version=importlib.metadata.version("scikit-sparse"))


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--spmv-grid", type=int, default=128)
    p.add_argument("--cg-grids", default="64,128")
    p.add_argument("--cholesky-grid", type=int, default=1024, help="0 skips CHOLMOD")
    p.add_argument("--tolerance", type=float, default=1e-6)
    p.add_argument("--repeats", type=int, default=20, help="timed SpMV repetitions")
    p.add_argument("--solve-repeats", type=int, default=3, help="timed CG solves and factorisations")
    p.add_argument("--maxiter", type=int, default=100000)
    p.add_argument("--pyamg", action="store_true", help="add the PyAMG-preconditioned CG context lines")
    p.add_argument("--only", default="spmv,cg,cholmod",
                   help="comma-separated subset of spmv, cg, cholmod (cg includes --pyamg)")
    args = p.parse_args()
    try:
        grids = [int(g) for g in args.cg_grids.split(",")]
    except ValueError:
        sys.exit("--cg-grids must be integers separated by commas")
    if args.spmv_grid < 2 or args.repeats < 1 or args.solve_repeats < 1 or any(g < 2 for g in grids):
        sys.exit("grid sizes and repeats must be positive")

    only = set(args.only.split(","))
    if not only <= {"spmv", "cg", "cholmod"}:
        sys.exit("--only takes a subset of spmv, cg, cholmod")

    if "spmv" in only:
        bench_spmv(args.spmv_grid, args.repeats)
    if "cg" in only:
        for g in grids:
            bench_cg(g, args.tolerance, args.solve_repeats, args.maxiter)
            if args.pyamg:
                bench_pyamg(g, args.tolerance)
    if "cholmod" in only and args.cholesky_grid > 0:
        bench_cholmod(args.cholesky_grid, args.solve_repeats)


if __name__ == "__main__":
    main()

"""scikit-fem peer of `bench fem`: the same meshes, forms, quadrature and boundary condition.

Prints one JSON line per result, with the keys PDEKit uses, so compare_fem.py can pair them:

  assembly  the P1 stiffness matrix (skfem.models.poisson.laplace) from an existing mesh and
            Basis; the Basis is built outside the timed region and its time reported apart.
            Variant "laplace" is the stock form (one thread); "laplace-threads" is the same form
            with BilinearForm(nthreads=T), scikit-fem's own threading of the local-matrix loop.
  poisson   -Δu = 2π² sin(πx) sin(πy) on the unit square, u = 0 on the boundary, from an existing
            mesh: Basis, stiffness, load (quadrature degree 3, as PDEKit's), boundary dofs and
            skfem.condense, then one of
              spsolve   scipy.sparse.linalg.spsolve (SuperLU), what skfem.solve calls by default
              pyamg-cg  CG preconditioned by PyAMG smoothed aggregation, ||b - A x|| <= tol ||b||
              cholmod   scikit-sparse's cholesky (CHOLMOD, the library PDEKit calls)

The meshes are rebuilt here with the vertex and cell numbering of PDEKit's Mesh.rectangle (x
fastest; square (i, j) split into [a, b, c] and [a, c, d] along its lower-left to upper-right
diagonal) and Mesh.box (x, then y, then z fastest; six Kuhn tetrahedra per cube, in PDEKit's order
and orientation). `quadratic_form` = x^T A x with x_i = sin(i) checks that the matrices agree.
"""

import argparse
import json
import os
import statistics
import sys
import time

import numpy as np
import scipy
import skfem
from skfem import Basis, ElementTetP1, ElementTriP1, Functional, LinearForm, MeshTet, MeshTri, condense
from skfem.helpers import dot, grad
from skfem.models.poisson import laplace


def square_mesh(n):
    """PDEKit's Mesh.rectangle(nx: n, ny: n) on the unit square, as (points (2, V), cells (3, C))."""
    xs = np.arange(n + 1) / n
    x, y = np.meshgrid(xs, xs)
    p = np.vstack([x.ravel(), y.ravel()])
    i, j = np.meshgrid(np.arange(n), np.arange(n))
    a = (i + (n + 1) * j).ravel()
    b, c, d = a + 1, a + n + 2, a + n + 1
    t = np.empty((3, 2 * n * n), dtype=np.int32)
    t[:, 0::2] = [a, b, c]
    t[:, 1::2] = [a, c, d]
    return p, t


def kuhn_tetrahedra():
    """The six Kuhn paths 000 -> 111 as corner indices of a cube, in PDEKit's order and orientation."""
    offsets = [(0, 0, 0), (1, 0, 0), (1, 1, 0), (0, 1, 0), (0, 0, 1), (1, 0, 1), (1, 1, 1), (0, 1, 1)]
    tets = []
    for order in ([0, 1, 2], [0, 2, 1], [1, 0, 2], [1, 2, 0], [2, 0, 1], [2, 1, 0]):
        corner = [0, 0, 0]
        path = [0]
        for axis in order:
            corner[axis] = 1
            path.append(offsets.index(tuple(corner)))
        even = order in ([0, 1, 2], [1, 2, 0], [2, 0, 1])
        tets.append(path if even else [path[0], path[2], path[1], path[3]])
    return offsets, tets


def cube_mesh(n):
    """PDEKit's Mesh.box(nx: n, ny: n, nz: n) on the unit cube, as (points (3, V), cells (4, C))."""
    xs = np.arange(n + 1) / n
    z, y, x = np.meshgrid(xs, xs, xs, indexing="ij")
    p = np.vstack([x.ravel(), y.ravel(), z.ravel()])
    k, j, i = np.meshgrid(np.arange(n), np.arange(n), np.arange(n), indexing="ij")
    base = (i + (n + 1) * (j + (n + 1) * k)).ravel()
    offsets, tets = kuhn_tetrahedra()
    corner = [base + o[0] + (n + 1) * (o[1] + (n + 1) * o[2]) for o in offsets]
    t = np.empty((4, 6 * n ** 3), dtype=np.int32)
    for s, tet in enumerate(tets):
        for r in range(4):
            t[r, s::6] = corner[tet[r]]
    return p, t


def unit_mesh(dimension, n):
    if dimension == 2:
        return MeshTri(*square_mesh(n)), ElementTriP1()
    return MeshTet(*cube_mesh(n)), ElementTetP1()


def emit(**fields):
    fields["peer"] = "scikit-fem"
    print(json.dumps(fields, sort_keys=True), flush=True)


def quadratic_form(a):
    x = np.sin(np.arange(a.shape[0], dtype=np.float64))
    return float(x @ (a @ x))


def bench_assembly(dimension, n, repeats, threads):
    mesh, element = unit_mesh(dimension, n)
    t0 = time.perf_counter()
    basis = Basis(mesh, element)
    basis_seconds = time.perf_counter() - t0

    @skfem.BilinearForm(nthreads=threads)
    def laplace_threads(u, v, _):
        return dot(grad(u), grad(v))

    variants = [("laplace", laplace, 1)]
    if threads > 1:
        variants.append(("laplace-threads", laplace_threads, threads))
    for name, form, used in variants:
        a = form.assemble(basis)  # warm-up
        times = []
        for _ in range(repeats):
            t0 = time.perf_counter()
            a = form.assemble(basis)
            times.append(time.perf_counter() - t0)
        emit(task="assembly", dimension=dimension, grid=n, cells=int(mesh.t.shape[1]), vertices=int(mesh.p.shape[1]),
             rows=int(a.shape[0]), nnz=int(a.nnz), threads=used, variant=name,
             quadrature_degree=2, quadrature_points=int(basis.X.shape[1]), seconds_min=min(times), seconds_median=statistics.median(times),
             repeats=repeats, basis_seconds=basis_seconds, quadratic_form=quadratic_form(a), version=skfem.__version__)


@LinearForm
def load(v, w):
    x, y = w.x
    return 2 * np.pi ** 2 * np.sin(np.pi * x) * np.sin(np.pi * y) * v


@Functional
def squared_error(w):
    x, y = w.x
    return (w["uh"] - np.sin(np.pi * x) * np.sin(np.pi * y)) ** 2


def linear_solver(name, tolerance):
    """A function (A, b) -> (x, info dict) for the condensed system."""
    if name == "spsolve":
        import scipy.sparse.linalg as spla

        return lambda a, b: (spla.spsolve(a, b), {"version": scipy.__version__})
    if name == "pyamg-cg":
        import pyamg

        def solve(a, b):
            t0 = time.perf_counter()
            ml = pyamg.smoothed_aggregation_solver(a)
            setup = time.perf_counter() - t0
            residuals = []
            x = ml.solve(b, tol=tolerance, accel="cg", maxiter=10_000, residuals=residuals)
            return x, {"iterations": len(residuals) - 1, "setup_seconds": setup, "tolerance": tolerance,
                       "version": pyamg.__version__}

        return solve
    if name == "cholmod":
        import importlib.metadata

        from sksparse.cholmod import cholesky

        # A is symmetric, so its CSR arrays read as CSC are A itself: A.T is a CSC view, no copy.
        return lambda a, b: (cholesky(a.T)(b), {"version": importlib.metadata.version("scikit-sparse")})
    sys.exit(f"unknown solver '{name}' (choose spsolve, pyamg-cg or cholmod)")


def poisson(mesh, solve):
    """One full solve; returns the solution on all dofs and the phase times."""
    t0 = time.perf_counter()
    basis = Basis(mesh, ElementTriP1())
    a = laplace.assemble(basis)
    t1 = time.perf_counter()
    load_basis = Basis(mesh, ElementTriP1(), mapping=basis.mapping, intorder=3, dofs=basis.dofs)
    b = load.assemble(load_basis)
    t2 = time.perf_counter()
    a_i, b_i, x, interior = condense(a, b, D=basis.get_dofs())
    t3 = time.perf_counter()
    x_i, info = solve(a_i, b_i)
    x[interior] = x_i
    t4 = time.perf_counter()
    info.update(assembly_seconds=t1 - t0, load_seconds=t2 - t1, boundary_seconds=t3 - t2, solve_seconds=t4 - t3,
                total_seconds=t4 - t0, unknowns=int(a_i.shape[0]), dofs=int(a.shape[0]),
                relative_residual=float(np.linalg.norm(b_i - a_i @ x_i) / np.linalg.norm(b_i)))
    return x, info


def bench_poisson(n, solver, tolerance, repeats):
    solve = linear_solver(solver, tolerance)
    poisson(MeshTri(*square_mesh(8)), solve)  # warm-up: imports and first calls
    mesh = MeshTri(*square_mesh(n))
    best = None
    for _ in range(repeats):
        x, info = poisson(mesh, solve)
        if best is None or info["total_seconds"] < best[1]["total_seconds"]:
            best = (x, info)
    x, info = best
    error_basis = Basis(mesh, ElementTriP1(), intorder=5)
    l2 = float(np.sqrt(squared_error.assemble(error_basis, uh=error_basis.interpolate(x))))
    emit(task="poisson", dimension=2, grid=n, solver=solver, l2_error=l2, load_quadrature_degree=3,
         skfem_version=skfem.__version__, **info)


def grids(text):
    try:
        values = [int(g) for g in text.split(",") if g.strip()]
    except ValueError:
        sys.exit(f"grid sizes must be integers separated by commas, got '{text}'")
    if any(g < 1 for g in values):
        sys.exit(f"grid sizes must be positive, got '{text}'")
    return values


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--assembly-2d", default="512,1024", help="n of the n x n triangle meshes (empty skips)")
    p.add_argument("--assembly-3d", default="32,64", help="n of the n^3 tetrahedron meshes (empty skips)")
    p.add_argument("--solve-grid", type=int, default=1024, help="n of the Poisson solve (0 skips it)")
    p.add_argument("--solvers", default="spsolve,pyamg-cg,cholmod", help="comma-separated subset of spsolve, pyamg-cg, cholmod")
    p.add_argument("--tolerance", type=float, default=1e-10, help="relative residual of PyAMG-CG")
    p.add_argument("--repeats", type=int, default=3, help="timed assemblies per mesh")
    p.add_argument("--solve-repeats", type=int, default=1, help="timed full solves per solver")
    p.add_argument("--threads", type=int, default=0, help="threads of the laplace-threads variant (0: all cores; 1 skips it)")
    p.add_argument("--only", default="assembly,solve", help="comma-separated subset of assembly, solve")
    args = p.parse_args()
    only = set(filter(None, args.only.split(",")))
    if not only <= {"assembly", "solve"}:
        sys.exit("--only takes a subset of assembly, solve")
    if args.repeats < 1 or args.solve_repeats < 1 or args.solve_grid < 0 or args.tolerance <= 0:
        sys.exit("--repeats and --solve-repeats must be >= 1, --solve-grid >= 0, --tolerance > 0")
    threads = args.threads if args.threads > 0 else len(os.sched_getaffinity(0))

    if "assembly" in only:
        for n in grids(args.assembly_2d):
            bench_assembly(2, n, args.repeats, threads)
        for n in grids(args.assembly_3d):
            bench_assembly(3, n, args.repeats, threads)
    if "solve" in only and args.solve_grid > 0:
        for solver in filter(None, args.solvers.split(",")):
            bench_poisson(args.solve_grid, solver.strip(), args.tolerance, args.solve_repeats)


if __name__ == "__main__":
    main()

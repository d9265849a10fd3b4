"""Pairs the JSON lines of `bench fem` (PDEKit) and fem_skfem.py (scikit-fem) and prints the ratios
PDEKit time / peer time against the project's goals.

    compare_fem.py PDEKIT.jsonl SKFEM.jsonl

Goals: P1 stiffness assembly at most 0.2x scikit-fem's time (at least 5x faster), against the faster
of its variants (stock `laplace`, or the same form with scikit-fem's own threads); the full Poisson
solve (assembly, load, boundary condition, solve) faster than scikit-fem with its best solver.
When the files hold several rounds, the fastest result of each kind is used. The assembly lines
must describe the same mesh and matrix on both sides (cells, vertices, the entries that are not
exactly zero, and x^T A x to 1e-10 relative; PDEKit stores the structural zeros of its pattern,
scikit-fem drops them); a mismatch is reported and gives exit status 1. Lines that are not JSON are
skipped. Exit status 0 otherwise (a missed goal is a result, not an error); 2 when a file cannot
be read.
"""

import sys

from json_lines import load




def fastest(lines, key, **match):
    found = [d for d in lines if all(d.get(k) == v for k, v in match.items())]
    return min(found, key=lambda d: d[key]) if found else None


def verdict(ok):
    return "met" if ok else "MISSED"


def main():
    if len(sys.argv) != 3:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    pdekit, peer = load(sys.argv[1], exit_code=2), load(sys.argv[2], exit_code=2)
    mismatch = False

    print("P1 stiffness assembly (from an existing mesh and basis; fastest of all repeats and rounds)")
    print(f"{'mesh':<22} {'cells':>9} {'PDEKit nnz':>10} {'PDEKit s':>9} {'skfem s':>9} {'skfem variant':<24} "
          f"{'ratio':>6}  goal <= 0.2   (skfem Basis s)")
    keys = []
    for d in pdekit:
        if d.get("task") == "assembly" and (d["dimension"], d["grid"]) not in keys:
            keys.append((d["dimension"], d["grid"]))
    for dimension, grid in keys:
        p = fastest(pdekit, "seconds_min", task="assembly", dimension=dimension, grid=grid)
        s = fastest(peer, "seconds_min", task="assembly", dimension=dimension, grid=grid)
        name = f"{grid}x{grid} triangles" if dimension == 2 else f"{grid}^3 tetrahedra"
        if s is None:
            print(f"{name:<22} {p['cells']:>9} {p['nnz']:>10} {p['seconds_min']:>9.3f}   (no scikit-fem line)")
            continue
        same = (p["cells"] == s["cells"] and p["vertices"] == s["vertices"] and p["nonzero_values"] == s["nnz"]
                and abs(p["quadratic_form"] - s["quadratic_form"]) <= 1e-10 * abs(s["quadratic_form"]))
        ratio = p["seconds_min"] / s["seconds_min"]
        print(f"{name:<22} {p['cells']:>9} {p['nnz']:>10} {p['seconds_min']:>9.3f} {s['seconds_min']:>9.3f} "
              f"{s['variant'] + ' (' + str(s['threads']) + ' thr)':<24} {ratio:>6.2f}  {verdict(ratio <= 0.2):<12}  "
              f"({s['basis_seconds']:.3f})")
        if not same:
            mismatch = True
            print(f"    MISMATCH: PDEKit {p['cells']} cells, {p['vertices']} vertices, {p['nonzero_values']} nonzeros, "
                  f"x^T A x = {p['quadratic_form']!r}; scikit-fem {s['cells']}, {s['vertices']}, {s['nnz']}, "
                  f"{s['quadratic_form']!r}")
        else:
            rel = abs(p["quadratic_form"] - s["quadratic_form"]) / abs(s["quadratic_form"])
            print(f"    same mesh and matrix: {p['vertices']} vertices, {s['nnz']} nonzeros, x^T A x agrees to {rel:.1e}"
                  f" (PDEKit also stores {p['nnz'] - p['nonzero_values']} exact zeros of its pattern)")

    solves = [d for d in pdekit if d.get("task") == "poisson"]
    if solves:
        grid = solves[0]["grid"]
        print()
        print(f"Poisson -Δu = 2π² sin(πx) sin(πy) on the {grid}x{grid} triangle mesh: space/basis, stiffness, load, "
              "boundary condition and solve (fastest round)")
        print(f"{'':<22} {'assembly':>9} {'load':>7} {'BC':>7} {'solve':>8} {'total s':>8} {'iter':>5} "
              f"{'rel. residual':>13} {'L2 error':>12}")
        rows = []
        for who, lines in (("PDEKit", pdekit), ("scikit-fem", peer)):
            names = []
            for d in lines:
                if d.get("task") == "poisson" and d.get("grid") == grid and d["solver"] not in names:
                    names.append(d["solver"])
            for solver in names:
                d = fastest(lines, "total_seconds", task="poisson", grid=grid, solver=solver)
                rows.append((who, d))
                it = str(d.get("iterations", "-"))
                print(f"{who + ' ' + solver:<22} {d['assembly_seconds']:>9.3f} {d['load_seconds']:>7.3f} "
                      f"{d['boundary_seconds']:>7.3f} {d['solve_seconds']:>8.3f} {d['total_seconds']:>8.3f} {it:>5} "
                      f"{d['relative_residual']:>13.1e} {d['l2_error']:>12.5e}")
        peers = [d for who, d in rows if who == "scikit-fem"]
        if peers:
            best = min(peers, key=lambda d: d["total_seconds"])
            print(f"scikit-fem's best: {best['solver']}, {best['total_seconds']:.3f} s")
            for who, d in rows:
                if who == "PDEKit":
                    ratio = d["total_seconds"] / best["total_seconds"]
                    print(f"    PDEKit {d['solver']}: {d['total_seconds']:.3f} s -> ratio {ratio:.2f} "
                          f"(goal < 1: {verdict(ratio < 1)}); L2 error {d['l2_error']:.5e} vs {best['l2_error']:.5e}")
        else:
            print("    no scikit-fem solve lines")
    sys.exit(1 if mismatch else 0)


if __name__ == "__main__":
    main()

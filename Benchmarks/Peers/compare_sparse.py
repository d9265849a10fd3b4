"""Pairs the JSON lines of `bench sparse` (PDEKit) and sparse_scipy.py (SciPy, scikit-sparse) and
prints the ratios against the project's goals.

    compare_sparse.py PDEKIT.jsonl SCIPY.jsonl

Goals: CG at most 0.5x SciPy's time at the same iteration count; SpMV at least 70 % of the
triad bandwidth measured in the same run; CHOLMOD within 10 % of scikit-sparse (analysis, factor
and solve together). When the files hold several rounds, the fastest result of each kind is used
(for SpMV: the fastest SpMV with the triad of the same run). Lines that are not JSON are skipped. Exit status 0 (a missed goal is a result,
not an error); 2 when a file cannot be read.
"""

import sys

from json_lines import load




def find(lines, best=None, **keys):
    """The matching line with the smallest `best` value (the fastest of several rounds), or the first."""
    matches = [d for d in lines if all(d.get(k) == v for k, v in keys.items())]
    if not matches:
        return None
    if best is None:
        return matches[0]
    return min(matches, key=best)


def verdict(ok):
    return "met" if ok else "MISSED"


def main():
    if len(sys.argv) != 3:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    pdekit, peer = load(sys.argv[1]), load(sys.argv[2])

    # Each PDEKit run prints a triad line and then its SpMV line; pair them by position and keep the
    # round whose SpMV was fastest.
    pairs = []
    last_triad = None
    for d in pdekit:
        if d.get("kernel") == "triad":
            last_triad = d
        elif d.get("kernel") == "spmv" and last_triad is not None:
            pairs.append((last_triad, d))
    if pairs:
        triad, spmv = min(pairs, key=lambda p: p[1]["seconds_min"])
        frac = spmv["gb_per_s"] / triad["gb_per_s"]
        print(f"SpMV {spmv['grid']}^3 Laplacian: PDEKit {spmv['gb_per_s']:.1f} GB/s on {spmv['threads']} threads, "
              f"triad {triad['gb_per_s']:.1f} GB/s -> {100 * frac:.0f} % of bandwidth (goal >= 70 %: {verdict(frac >= 0.7)})")
        s = find(peer, best=lambda d: d["seconds_min"], kernel="spmv", grid=spmv["grid"])
        if s:
            print(f"    SciPy A @ x (1 thread): {s['gb_per_s']:.1f} GB/s, {1e3 * s['seconds_min']:.1f} ms; "
                  f"PDEKit {1e3 * spmv['seconds_min']:.1f} ms -> PDEKit/SciPy = {spmv['seconds_min'] / s['seconds_min']:.2f}")
    sym = find(pdekit, best=lambda d: d["seconds_min"], kernel="spmv-symmetric")
    if sym:
        line = (f"    Symmetric (upper-triangle) form, what CG multiplies with: {1e3 * sym['seconds_min']:.1f} ms, "
                f"{sym['gb_per_s']:.1f} GB/s; built in {sym['form_seconds']:.3f} s")
        if pairs:
            line += f"; {sym['seconds_min'] / spmv['seconds_min']:.2f} of the full matrix's SpMV"
        print(line)

    seen = set()
    for d in pdekit:
        key = (d.get("solver"), d.get("grid"))
        if d.get("solver") is None or key in seen:
            continue
        seen.add(key)
        if d["solver"] == "cholmod":
            d = find(pdekit, best=lambda e: e["total_seconds"], solver="cholmod", grid=d["grid"])
        else:
            d = find(pdekit, best=lambda e: e["seconds"], solver=d["solver"], grid=d["grid"])
        if d.get("solver") == "cg":
            s = find(peer, best=lambda e: e["seconds"], solver="cg", grid=d["grid"])
            line = (f"CG {d['grid']}^3 to {d['tolerance']:g}: PDEKit {d['iterations']} it, {d['seconds']:.3f} s")
            if s:
                ratio = d["seconds"] / s["seconds"]
                per_it = d["seconds_per_iteration"] / s["seconds_per_iteration"]
                same = d["iterations"] == s["iterations"]
                line += (f"; SciPy {s['iterations']} it, {s['seconds']:.3f} s -> ratio {ratio:.2f} "
                         f"(per iteration {per_it:.2f}; goal <= 0.5: {verdict(per_it <= 0.5)})"
                         + ("" if same else " [iteration counts differ: compare per iteration]"))
            print(line)
        elif d.get("solver") == "pcg-ic0":
            cg = find(pdekit, best=lambda e: e["seconds"], solver="cg", grid=d["grid"])
            line = (f"IC(0)-PCG {d['grid']}^3: {d['iterations']} it, {d['seconds']:.3f} s solve + "
                    f"{d['setup_seconds']:.3f} s set-up")
            if cg:
                line += f" (CG: {cg['iterations']} it, {cg['seconds']:.3f} s)"
            a = find(peer, best=lambda e: e["seconds"], solver="pyamg-cg", grid=d["grid"])
            if a:
                line += f"; PyAMG-CG: {a['iterations']} it, {a['seconds']:.3f} s + {a['setup_seconds']:.3f} s set-up"
            print(line)
        elif d.get("solver") == "pcg-amg":
            line = (f"AMG-PCG {d['grid']}^3 (smoothed aggregation, {d['levels']} levels, operator complexity "
                    f"{d['operator_complexity']:.2f}): {d['iterations']} it, {d['seconds']:.3f} s solve + "
                    f"{d['setup_seconds']:.3f} s set-up")
            a = find(peer, best=lambda e: e["seconds"], solver="pyamg-cg", grid=d["grid"])
            if a:
                line += (f"; PyAMG-CG: {a['iterations']} it, {a['seconds']:.3f} s + {a['setup_seconds']:.3f} s set-up "
                         f"-> ratio solve {d['seconds'] / a['seconds']:.2f}, set-up {d['setup_seconds'] / a['setup_seconds']:.2f}, "
                         f"total {(d['seconds'] + d['setup_seconds']) / (a['seconds'] + a['setup_seconds']):.2f}")
            print(line)
        elif d.get("solver") == "cholmod":
            s = find(peer, best=lambda e: e["total_seconds"], solver="cholmod", grid=d["grid"])
            line = (f"CHOLMOD {d['grid']}^2 Laplacian: PDEKit analyse {d['analyze_seconds']:.3f} + factor "
                    f"{d['factor_seconds']:.3f} + solve {d['solve_seconds']:.3f} = {d['total_seconds']:.3f} s")
            if s:
                ratio = d["total_seconds"] / s["total_seconds"]
                line += (f"; scikit-sparse {s['analyze_seconds']:.3f} + {s['factor_seconds']:.3f} + "
                         f"{s['solve_seconds']:.3f} = {s['total_seconds']:.3f} s -> ratio {ratio:.2f} "
                         f"(goal <= 1.10: {verdict(ratio <= 1.10)})")
            else:
                line += "; scikit-sparse not available"
            print(line)


if __name__ == "__main__":
    main()

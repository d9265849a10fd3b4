"""Time to accuracy from loss logs: seconds to reach a relative L2 error and the error at fixed budgets.

Each --run is NAME=PATH of a CSV with columns step, seconds and validation_error (PDEKit's
loss.csv has more columns; rows without a validation error are skipped for the errors).

When a log has a row for every step (PDEKit's loss.csv, the Allen–Cahn peer's log), the time per
step is the median difference of `seconds` between consecutive steps whose later row has no
validation (so validation and the occasional extra work of a step do not count); it is printed as
ms_per_step, with the ratio PDEKit / peer.
"""

import argparse
import csv
import json
import statistics


def read(path):
    rows = []
    with open(path) as fh:
        for r in csv.DictReader(fh):
            e = r.get("validation_error", "")
            if e not in ("", None):
                rows.append((float(r["seconds"]), float(e)))
    return rows


def step_ms(path):
    """Median milliseconds per step from consecutive step rows without validation, or None."""
    previous, diffs = None, []
    with open(path) as fh:
        for r in csv.DictReader(fh):
            step, sec = int(r["step"]), float(r["seconds"])
            if previous and step == previous[0] + 1 and r.get("validation_error", "") in ("", None):
                diffs.append(sec - previous[1])
            previous = (step, sec)
    return 1e3 * statistics.median(diffs) if len(diffs) >= 3 else None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--run", action="append", required=True)
    ap.add_argument("--target", type=float, default=1e-3)
    ap.add_argument("--budgets", default="60,300")
    args = ap.parse_args()
    budgets = [float(b) for b in args.budgets.split(",")]
    results = {}
    for spec in args.run:
        name, path = spec.split("=", 1)
        rows = read(path)
        reached = next((s for s, e in rows if e <= args.target), None)
        at = {}
        for b in budgets:
            within = [e for s, e in rows if s <= b]
            at[b] = within[-1] if within else None
        ms = step_ms(path)
        results[name] = {"seconds_to_target": reached, "error_at": at, "best": min((e for _, e in rows), default=None),
                         "ms": ms}
        line = {"run": name, "target": args.target, "seconds_to_target": reached,
                **{f"error_at_{int(b)}s": at[b] for b in budgets}, "best_error": results[name]["best"]}
        if ms is not None:
            line["ms_per_step"] = ms
        print(json.dumps(line))
    if "pdekit" in results:
        p = results["pdekit"]
        for name, r in results.items():
            if name == "pdekit":
                continue
            if p["seconds_to_target"] and r["seconds_to_target"]:
                print(f"{name}: PDEKit reaches {args.target:g} {r['seconds_to_target'] / p['seconds_to_target']:.2f}x sooner")
            else:
                print(f"{name}: target {args.target:g} reached by PDEKit in {p['seconds_to_target']} s, by {name} in {r['seconds_to_target']} s")
            if p["ms"] and r["ms"]:
                print(f"{name}: per step PDEKit {p['ms']:.1f} ms, {name} {r['ms']:.1f} ms, ratio PDEKit/{name} {p['ms'] / r['ms']:.2f}")


if __name__ == "__main__":
    main()

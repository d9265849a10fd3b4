#!/usr/bin/env python3
"""Compares PDEKit's benchmark result with the peers' and checks gradients.

  compare.py [--pdekit FILE|-] [PEER_JSON ...]
             [--grad-pdekit A.npy --grad-peer B.npy [--grad-peer C.npy ...]]
             [--tol 1e-10]

Timing table: every file holds JSON lines (other lines are skipped; "-" is
standard input). Several lines of the same peer, problem and precision (rounds
of an alternating run) count as one: the fastest of them, and the table says
how many rounds it was the best of. PDEKit lines are matched to peer lines by "problem" and
"precision" where they carry those keys. For each peer line the table shows
the peer's ms_per_step, PDEKit's, and the ratio PDEKit/peer (below 1 means
PDEKit is faster), plus the relative loss difference when both report a loss.

Gradient check: max relative difference ||a - b||_inf / ||b||_inf between the
flat gradient A (PDEKit) and each B (peer); exits 1 if any exceeds --tol,
if the lengths differ, or if a value is not finite.
"""

import argparse
import json
import sys

import numpy as np


def read_lines(path):
    fh = sys.stdin if path == "-" else open(path)
    try:
        out = []
        for raw in fh:
            raw = raw.strip()
            if not raw.startswith("{"):
                continue
            try:
                obj = json.loads(raw)
            except json.JSONDecodeError:
                continue
            if isinstance(obj, dict) and "ms_per_step" in obj:
                out.append(obj)
        return out
    finally:
        if fh is not sys.stdin:
            fh.close()


def best_of_rounds(lines):
    """One line per (peer, problem, precision): the fastest, with "rounds" set to how many there were."""
    best = {}
    for line in lines:
        key = (line.get("peer"), line.get("problem"), line.get("precision"))
        count = best[key]["rounds"] + 1 if key in best else 1
        if key not in best or line["ms_per_step"] < best[key]["ms_per_step"]:
            best[key] = dict(line)
        best[key]["rounds"] = count
    return list(best.values())


def match(pdekit, peer):
    """The PDEKit line for a peer line, or None."""
    candidates = []
    for line in pdekit:
        ok = all(line.get(k) is None or line.get(k) == peer.get(k) for k in ("problem", "precision"))
        if ok:
            candidates.append(line)
    if len(candidates) > 1:
        exact = [c for c in candidates if c.get("problem") == peer.get("problem")
                 and c.get("precision") == peer.get("precision")]
        candidates = exact or candidates
    return candidates[0] if candidates else None


def fmt(x, spec):
    return "-" if x is None else format(x, spec)


def timing_table(pdekit, peers):
    header = ["problem", "precision", "peer", "threads", "rounds", "peer ms", "PDEKit ms", "PDEKit/peer", "loss rel diff"]
    rows = []
    for p in peers:
        mine = match(pdekit, p)
        ours = mine.get("ms_per_step") if mine else None
        ratio = ours / p["ms_per_step"] if ours is not None and p["ms_per_step"] else None
        loss_diff = None
        if mine and mine.get("loss") is not None and p.get("loss") is not None:
            loss_diff = abs(mine["loss"] - p["loss"]) / max(abs(p["loss"]), 1e-300)
        rows.append([str(p.get("problem", "?")), str(p.get("precision", "?")),
                     f'{p.get("peer", "?")} {p.get("version", "")}'.strip(),
                     str(p.get("threads", "?")), str(p.get("rounds", 1)), fmt(p["ms_per_step"], ".2f"), fmt(ours, ".2f"),
                     fmt(ratio, ".3f"), fmt(loss_diff, ".2e")])
    if not peers:
        for mine in pdekit:
            rows.append([str(mine.get("problem", "?")), str(mine.get("precision", "?")), "-",
                         str(mine.get("threads", "?")), str(mine.get("rounds", 1)), "-", fmt(mine["ms_per_step"], ".2f"), "-", "-"])
    widths = [max(len(h), *(len(r[i]) for r in rows)) if rows else len(h) for i, h in enumerate(header)]
    print("  ".join(h.ljust(w) for h, w in zip(header, widths)).rstrip())
    print("  ".join("-" * w for w in widths))
    for r in rows:
        print("  ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip())


def grad_check(path_a, paths_b, tol):
    a = np.load(path_a).astype(np.float64).reshape(-1)
    ok = True
    for path_b in paths_b:
        b = np.load(path_b).astype(np.float64).reshape(-1)
        if a.shape != b.shape:
            print(f"gradient {path_a} vs {path_b}: length {a.size} != {b.size}  FAIL")
            ok = False
            continue
        if not (np.all(np.isfinite(a)) and np.all(np.isfinite(b))):
            print(f"gradient {path_a} vs {path_b}: non-finite values  FAIL")
            ok = False
            continue
        denom = np.max(np.abs(b))
        rel = np.max(np.abs(a - b)) / denom if denom > 0 else np.max(np.abs(a - b))
        verdict = "ok" if rel <= tol else "FAIL"
        print(f"gradient {path_a} vs {path_b}: {a.size} entries, "
              f"max rel diff {rel:.3e} (tol {tol:.0e})  {verdict}")
        ok = ok and rel <= tol
    return ok


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("peers", nargs="*", help="files with the peers' JSON lines ('-' for stdin)")
    p.add_argument("--pdekit", help="file with PDEKit's JSON line(s) ('-' for stdin)")
    p.add_argument("--grad-pdekit", metavar="A.npy", help="PDEKit's flat gradient")
    p.add_argument("--grad-peer", metavar="B.npy", action="append", default=[],
                   help="a peer's flat gradient (repeatable)")
    p.add_argument("--tol", type=float, default=1e-10, help="gradient tolerance (default 1e-10)")
    args = p.parse_args()

    sources = [s for s in [args.pdekit] + args.peers if s == "-"]
    if len(sources) > 1:
        p.error("standard input can be read only once")
    if bool(args.grad_pdekit) != bool(args.grad_peer):
        p.error("--grad-pdekit and --grad-peer go together")
    if not (args.pdekit or args.peers or args.grad_pdekit):
        p.error("nothing to compare")

    if args.pdekit or args.peers:
        pdekit = best_of_rounds(read_lines(args.pdekit)) if args.pdekit else []
        peers = best_of_rounds([line for path in args.peers for line in read_lines(path)])
        timing_table(pdekit, peers)

    if args.grad_pdekit:
        if not grad_check(args.grad_pdekit, args.grad_peer, args.tol):
            sys.exit(1)


if __name__ == "__main__":
    main()

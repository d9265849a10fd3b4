#!/usr/bin/env python3
"""Writes a PINN benchmark problem folder (the same layout PDEKit exports).

  generate_problem.py DIR --problem burgers|poisson2d --seed S

burgers:   network 2 -> [20]x8 -> 1, N=10000 interior points (x in [-1,1],
           t in [0,1]), M=100 boundary points: half at t=0 with value
           -sin(pi x), half on x=+-1 with value 0; nu = 0.01/pi.
poisson2d: network 2 -> [50]x4 -> 1, N=4096 interior points in the unit
           square, M=256 boundary points on its four edges with value 0.

Weights are Glorot-normal (std = sqrt(2/(fan_in+fan_out))), biases zero.
All arrays are float64, C order.
"""

import argparse
import json
import math
import os

import numpy as np

DEFAULTS = {
    # problem: (hidden widths, N interior, M boundary)
    "burgers": ([20] * 8, 10000, 100),
    "poisson2d": ([50] * 4, 4096, 256),
}


def glorot_normal(rng, fan_in, fan_out):
    std = math.sqrt(2.0 / (fan_in + fan_out))
    return rng.normal(0.0, std, size=(fan_in, fan_out))


def burgers_points(rng, n, m):
    interior = np.column_stack([rng.uniform(-1.0, 1.0, n), rng.uniform(0.0, 1.0, n)])
    m_init = m // 2
    m_side = m - m_init
    x0 = rng.uniform(-1.0, 1.0, m_init)
    initial = np.column_stack([x0, np.zeros(m_init)])
    initial_values = -np.sin(math.pi * x0)
    side_x = np.where(np.arange(m_side) % 2 == 0, -1.0, 1.0)
    sides = np.column_stack([side_x, rng.uniform(0.0, 1.0, m_side)])
    boundary = np.vstack([initial, sides])
    values = np.concatenate([initial_values, np.zeros(m_side)])
    return interior, boundary, values


def poisson_points(rng, n, m):
    interior = rng.uniform(0.0, 1.0, size=(n, 2))
    # m points spread over the four edges (as evenly as m allows).
    per_edge = [m // 4 + (1 if e < m % 4 else 0) for e in range(4)]
    edges = []
    for e, count in enumerate(per_edge):
        s = rng.uniform(0.0, 1.0, count)
        if e == 0:    # y = 0
            edges.append(np.column_stack([s, np.zeros(count)]))
        elif e == 1:  # x = 1
            edges.append(np.column_stack([np.ones(count), s]))
        elif e == 2:  # y = 1
            edges.append(np.column_stack([s, np.ones(count)]))
        else:         # x = 0
            edges.append(np.column_stack([np.zeros(count), s]))
    boundary = np.vstack(edges)
    return interior, boundary, np.zeros(m)


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("dir", help="output folder (created if missing)")
    p.add_argument("--problem", choices=sorted(DEFAULTS), required=True)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--n-interior", type=int, help="override N")
    p.add_argument("--n-boundary", type=int, help="override M")
    p.add_argument("--hidden", help="override hidden widths, e.g. 20,20,20")
    args = p.parse_args()

    hidden, n, m = DEFAULTS[args.problem]
    if args.hidden:
        hidden = [int(h) for h in args.hidden.split(",") if h]
    n = args.n_interior or n
    m = args.n_boundary or m

    rng = np.random.default_rng(args.seed)
    os.makedirs(args.dir, exist_ok=True)

    # Remove stale layer files so the layer count is read correctly.
    for name in os.listdir(args.dir):
        if (name.startswith("W") or name.startswith("b")) and name.endswith(".npy") and name[1:-4].isdigit():
            os.remove(os.path.join(args.dir, name))

    sizes = [2] + hidden + [1]
    for k, (fi, fo) in enumerate(zip(sizes[:-1], sizes[1:])):
        np.save(os.path.join(args.dir, f"W{k}.npy"), np.ascontiguousarray(glorot_normal(rng, fi, fo)))
        np.save(os.path.join(args.dir, f"b{k}.npy"), np.zeros(fo))

    if args.problem == "burgers":
        interior, boundary, values = burgers_points(rng, n, m)
        meta = {"problem": "burgers", "nu": 0.01 / math.pi}
    else:
        interior, boundary, values = poisson_points(rng, n, m)
        meta = {"problem": "poisson2d"}

    np.save(os.path.join(args.dir, "interior.npy"), np.ascontiguousarray(interior, dtype=np.float64))
    np.save(os.path.join(args.dir, "boundary.npy"), np.ascontiguousarray(boundary, dtype=np.float64))
    np.save(os.path.join(args.dir, "boundary_values.npy"), np.ascontiguousarray(values, dtype=np.float64))
    with open(os.path.join(args.dir, "problem.json"), "w") as fh:
        json.dump(meta, fh)
        fh.write("\n")

    n_params = sum(fi * fo + fo for fi, fo in zip(sizes[:-1], sizes[1:]))
    print(f"wrote {args.problem} to {args.dir}: layers {sizes}, {n_params} parameters, "
          f"N={interior.shape[0]}, M={boundary.shape[0]}, seed {args.seed}")


if __name__ == "__main__":
    main()

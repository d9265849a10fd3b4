"""Burgers time to accuracy in PyTorch: the run of PDEKit's `burgers` example, step for step.

Same network (tanh MLP, weights exported by `burgers --export-initial`), same hard constraint
u = -sin(pi x) + t (1 - x^2) N(x, t), same collocation points, same schedule (Adam with
lr = 1e-3 * 0.5^(step/1000) for --adam steps, then L-BFGS with history 50, strong Wolfe line
search, gradient tolerance 1e-12 and no relative-decrease stop). Every --validate-every steps the
relative L2 error against Data/burgers_reference.npy is logged with the wall seconds; the run stops
at --budget seconds. Writes CSV (step, seconds, error) to --log and prints one JSON line.
"""

import argparse
import json
import math
import os
import time

import numpy as np
import torch

from peer_common import DEFAULT_NU


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("folder", help="output of burgers --export-initial")
    ap.add_argument("--reference", required=True)
    ap.add_argument("--adam", type=int, default=2000)
    ap.add_argument("--lbfgs", type=int, default=12000)
    ap.add_argument("--budget", type=float, default=300)
    ap.add_argument("--validate-every", type=int, default=100)
    ap.add_argument("--log", required=True)
    args = ap.parse_args()
    torch.set_num_threads(1)
    dtype = torch.float64

    weights, biases, k = [], [], 0
    while os.path.exists(os.path.join(args.folder, f"W{k}.npy")):
        weights.append(torch.tensor(np.load(os.path.join(args.folder, f"W{k}.npy")), dtype=dtype, requires_grad=True))
        biases.append(torch.tensor(np.load(os.path.join(args.folder, f"b{k}.npy")).reshape(-1), dtype=dtype, requires_grad=True))
        k += 1
    if not weights:
        raise SystemExit(f"no W0.npy in {args.folder}")
    params = [p for pair in zip(weights, biases) for p in pair]
    points = torch.tensor(np.load(os.path.join(args.folder, "pde.npy")), dtype=dtype)
    x = points[:, :1].clone().requires_grad_(True)
    t = points[:, 1:].clone().requires_grad_(True)

    reference = np.load(args.reference)
    xs, ts = np.linspace(-1, 1, 256), np.linspace(0, 0.99, 100)
    grid = np.stack(np.meshgrid(xs, ts, indexing="ij"), axis=-1).reshape(-1, 2)
    grid = torch.tensor(grid, dtype=dtype)
    ref = torch.tensor(reference.reshape(-1, 1), dtype=dtype)

    def model(xx, tt):
        h = torch.cat([xx, tt], dim=1)
        for i, (w, b) in enumerate(zip(weights, biases)):
            h = h @ w + b
            if i < len(weights) - 1:
                h = torch.tanh(h)
        return -torch.sin(math.pi * xx) + tt * (1 - xx * xx) * h

    nu = DEFAULT_NU

    def loss_fn():
        u = model(x, t)
        ones = torch.ones_like(u)
        ux, ut = torch.autograd.grad(u, (x, t), ones, create_graph=True)
        uxx = torch.autograd.grad(ux, x, ones, create_graph=True)[0]
        return ((ut + u * ux - nu * uxx) ** 2).mean()

    def error():
        with torch.no_grad():
            p = model(grid[:, :1], grid[:, 1:])
            return (torch.linalg.norm(p - ref) / torch.linalg.norm(ref)).item()

    log = [(0, 0.0, error())]
    start = time.perf_counter()
    step = 0
    adam = torch.optim.Adam(params, lr=1e-3)
    while step < args.adam and time.perf_counter() - start < args.budget:
        for g in adam.param_groups:
            g["lr"] = 1e-3 * 0.5 ** (step / 1000)
        adam.zero_grad()
        loss = loss_fn()
        loss.backward()
        adam.step()
        step += 1
        if step % args.validate_every == 0:
            log.append((step, time.perf_counter() - start, error()))
    lbfgs = torch.optim.LBFGS(params, lr=1, max_iter=args.validate_every, history_size=50,
                              tolerance_grad=1e-12, tolerance_change=0, line_search_fn="strong_wolfe")

    def closure():
        lbfgs.zero_grad()
        loss = loss_fn()
        loss.backward()
        return loss

    done = 0
    while done < args.lbfgs and time.perf_counter() - start < args.budget:
        before = lbfgs.state[lbfgs._params[0]].get("n_iter", 0)
        lbfgs.step(closure)
        made = lbfgs.state[lbfgs._params[0]].get("n_iter", 0) - before
        if made <= 0:
            break
        done += made
        step += made
        log.append((step, time.perf_counter() - start, error()))

    with open(args.log, "w") as fh:
        fh.write("step,seconds,validation_error\n")
        for s, sec, e in log:
            fh.write(f"{s},{sec:.3f},{e:.9e}\n")
    print(json.dumps({"peer": "torch", "steps": step, "seconds": time.perf_counter() - start, "final_error": log[-1][2]}))


if __name__ == "__main__":
    main()

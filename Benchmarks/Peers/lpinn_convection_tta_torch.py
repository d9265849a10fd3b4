"""Convection u_t + β u_x = 0 in PyTorch: the Lagrangian PINN of PDEKit's `convection` example (and,
with --plain, its plain PINN baseline), with PDEKit's model, loss, points and schedule.

Problem: x ∈ [0, 2π) periodic, t ∈ [0, 1], u0 = sin x, exact u = sin(x − βt); s = |β| is the speed
scale.

* Lagrangian model (default): two branches, each a periodic embedding of x0 (columns t, cos(k x0)
  for k = 1…K, sin(k x0) for k = 1…K) and a tanh MLP with one output whose last layer starts at
  zero: the characteristic branch D (--characteristic-width 20, --characteristic-depth 2) and the
  state branch N (--width 50, --depth 5). Hard initial conditions: X = x0 + s t D(x0, t),
  U = sin(x0) + t N(x0, t). Loss = γ_x mean(((X_t − β) / s)²) + γ_u mean(U_t²), γ_x = 10, γ_u = 1.
* --plain: u = sin(x) + t N(x, t) with the state branch's sizes; loss = mean(((u_t + β u_x) / s)²).

Other layers are Glorot normal (std √(2 / (fan_in + fan_out))), biases zero, drawn from --seed.
Collocation points: --points points of the Sobol sequence (the first two dimensions, Gray-code
order, origin included) shifted modulo 1 by one uniform random vector (shifted Sobol), mapped to
[0, 2π] × [0, 1]; drawn once (no resampling). With --initial DIR the weights and points are instead
those PDEKit exported (`convection --export-initial DIR`), so both sides start from the same state;
the first three Adam losses are printed (`first_losses`) to check that.
Adam (lr 1e-3 · 0.5^(step / 333), continuous exponent: a third of the example's default 1000 steps,
whatever --adam is, as in PDEKit) for --adam steps, then L-BFGS
(torch.optim.LBFGS: history 50, strong Wolfe line search, gradient tolerance 1e-12 on max |g|, no
relative-decrease stop) for --lbfgs iterations. float64, one thread; derivatives by autograd.

Error (PDEKit's relative_l2): the Lagrangian model on the label grid x0_j = 2πj/256, t_i = i/100,
U(x0, t) against sin(X(x0, t) − βt); the plain model on the same points as an Eulerian grid,
u(x, t) against sin(x − βt). Logged every --validate-every Adam steps and after every
--validate-every L-BFGS iterations, with the wall seconds; the run stops at --budget seconds.
Writes CSV (step, seconds, validation_error) to --log and prints one JSON line.
"""

import argparse
import json
import os
import math
import statistics
import time

import numpy as np
import torch

GAMMA_X, GAMMA_U = 10.0, 1.0


def branch(width, depth, harmonics, gen, dtype):
    """Weights and biases of one tanh MLP on the periodic embedding; the last layer is zero."""
    sizes = [1 + 2 * harmonics] + [width] * depth + [1]
    layers = []
    for i, (a, b) in enumerate(zip(sizes[:-1], sizes[1:])):
        if i == len(sizes) - 2:
            w = torch.zeros(a, b, dtype=dtype)
        else:
            w = torch.randn(a, b, generator=gen, dtype=dtype) * math.sqrt(2.0 / (a + b))
        layers.append((w.requires_grad_(True), torch.zeros(b, dtype=dtype, requires_grad=True)))
    return layers


def run_branch(layers, x, t, harmonics):
    k = torch.arange(1, harmonics + 1, dtype=x.dtype)
    h = torch.cat([t, torch.cos(x * k), torch.sin(x * k)], dim=1)     # period 2π: ω = 1
    for i, (w, b) in enumerate(layers):
        h = h @ w + b
        if i < len(layers) - 1:
            h = torch.tanh(h)
    return h


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--beta", type=float, default=50)
    ap.add_argument("--points", type=int, default=2000)
    ap.add_argument("--width", type=int, default=50)
    ap.add_argument("--depth", type=int, default=5)
    ap.add_argument("--characteristic-width", type=int, default=20)
    ap.add_argument("--characteristic-depth", type=int, default=2)
    ap.add_argument("--harmonics", type=int, default=1)
    ap.add_argument("--plain", action="store_true", help="the plain (Eulerian) PINN instead")
    ap.add_argument("--adam", type=int, default=1000)
    ap.add_argument("--lbfgs", type=int, default=1000)
    ap.add_argument("--budget", type=float, default=None)
    ap.add_argument("--validate-every", type=int, default=100)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--log", required=True)
    ap.add_argument("--initial", help="start from the weights and collocation points PDEKit exported with "
                    "--export-initial (DIR/lagrangian or DIR/plain) instead of fresh draws")
    args = ap.parse_args()
    torch.set_num_threads(1)
    dtype = torch.float64
    beta, K = args.beta, args.harmonics
    s = max(abs(beta), 1e-3 * 2 * math.pi)
    gen = torch.Generator().manual_seed(args.seed)

    if args.initial:
        # PDEKit's parameters in order (W0, b0, W1, …; the characteristic branch first) and points.
        folder = os.path.join(args.initial, "plain" if args.plain else "lagrangian")
        pairs, k = [], 0
        while os.path.exists(os.path.join(folder, f"W{k}.npy")):
            w, b = (torch.tensor(np.load(os.path.join(folder, f"{n}{k}.npy")), dtype=dtype).requires_grad_(True)
                    for n in ("W", "b"))
            pairs.append((w, b))
            k += 1
        split = 0 if args.plain else args.characteristic_depth + 1
        char, state = (None if args.plain else pairs[:split]), pairs[split:]
        points = torch.tensor(np.load(os.path.join(folder, "pde.npy")), dtype=dtype)
        x = points[:, :1].clone()
        t = points[:, 1:].clone().requires_grad_(True)
    else:
        state = branch(args.width, args.depth, K, gen, dtype)
        char = None if args.plain else branch(args.characteristic_width, args.characteristic_depth, K, gen, dtype)
        sobol = torch.quasirandom.SobolEngine(2, scramble=False).draw(args.points, dtype=dtype)
        u01 = torch.remainder(sobol + torch.rand(2, generator=gen, dtype=dtype), 1.0)
        x = (2 * math.pi * u01[:, :1]).clone()
        t = u01[:, 1:].clone().requires_grad_(True)
    params = [p for layer in (([] if char is None else char) + state) for p in layer]

    def lagrangian(x0, tt):
        X = x0 + tt * run_branch(char, x0, tt, K) * s
        U = torch.sin(x0) + tt * run_branch(state, x0, tt, K)
        return X, U

    def loss_fn():
        if args.plain:
            xx = x.clone().requires_grad_(True)
            u = torch.sin(xx) + t * run_branch(state, xx, t, K)
            ux, ut = torch.autograd.grad(u, (xx, t), torch.ones_like(u), create_graph=True)
            return (((ut + beta * ux) / s) ** 2).mean()
        X, U = lagrangian(x, t)
        ones = torch.ones_like(X)
        Xt = torch.autograd.grad(X, t, ones, create_graph=True)[0]
        Ut = torch.autograd.grad(U, t, ones, create_graph=True)[0]
        return GAMMA_X * (((Xt - beta) / s) ** 2).mean() + GAMMA_U * (Ut ** 2).mean()

    labels = 2 * math.pi * np.arange(256) / 256
    times = np.arange(101) / 100
    grid = np.stack(np.meshgrid(labels, times, indexing="ij"), axis=-1).reshape(-1, 2)
    gx = torch.tensor(grid[:, :1], dtype=dtype)
    gt = torch.tensor(grid[:, 1:], dtype=dtype)

    def error():
        with torch.no_grad():
            if args.plain:
                p = torch.sin(gx) + gt * run_branch(state, gx, gt, K)
                ref = torch.sin(gx - beta * gt)
            else:
                X, p = lagrangian(gx, gt)
                ref = torch.sin(X - beta * gt)
            return (torch.linalg.norm(p - ref) / torch.linalg.norm(ref)).item()

    def over():
        return args.budget is not None and time.perf_counter() - start >= args.budget

    log = [(0, 0.0, error())]
    start = time.perf_counter()
    step, adam_times, first_losses = 0, [], []
    decay = 1000 // 3
    adam = torch.optim.Adam(params, lr=1e-3)
    while step < args.adam and not over():
        t0 = time.perf_counter()
        for g in adam.param_groups:
            g["lr"] = 1e-3 * 0.5 ** (step / decay)
        adam.zero_grad()
        loss = loss_fn()
        loss.backward()
        adam.step()
        if step < 3:
            first_losses.append(loss.item())
        step += 1
        adam_times.append(time.perf_counter() - t0)
        if step % args.validate_every == 0 or step == args.adam:
            e = error()
            log.append((step, time.perf_counter() - start, e))
    lbfgs = torch.optim.LBFGS(params, lr=1, max_iter=args.validate_every, history_size=50,
                              tolerance_grad=1e-12, tolerance_change=0, line_search_fn="strong_wolfe")

    def closure():
        lbfgs.zero_grad()
        loss = loss_fn()
        loss.backward()
        return loss

    done, lbfgs_seconds = 0, 0.0
    while done < args.lbfgs and not over():
        for g in lbfgs.param_groups:
            g["max_iter"] = min(args.validate_every, args.lbfgs - done)
        before = lbfgs.state[lbfgs._params[0]].get("n_iter", 0)
        t0 = time.perf_counter()
        lbfgs.step(closure)
        lbfgs_seconds += time.perf_counter() - t0
        made = lbfgs.state[lbfgs._params[0]].get("n_iter", 0) - before
        if made <= 0:
            break
        done += made
        step += made
        e = error()
        log.append((step, time.perf_counter() - start, e))

    with open(args.log, "w") as fh:
        fh.write("step,seconds,validation_error\n")
        for st, sec, e in log:
            fh.write(f"{st},{sec:.3f},{e:.9e}\n")
    print(json.dumps({
        "peer": "torch", "version": torch.__version__, "problem": "convection", "beta": beta,
        "model": "plain" if args.plain else "lagrangian", "threads": 1, "adam_steps": min(step, args.adam),
        "lbfgs_iterations": done, "seconds": time.perf_counter() - start,
        "ms_per_adam_step": 1e3 * statistics.median(adam_times) if adam_times else None,
        "ms_per_lbfgs_iteration": 1e3 * lbfgs_seconds / done if done else None,
        "final_error": log[-1][2], "parameters": sum(p.numel() for p in params),
        "first_losses": first_losses, "initial": args.initial}))


if __name__ == "__main__":
    main()

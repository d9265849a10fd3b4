"""Allen–Cahn time to accuracy in PyTorch: the run of PDEKit's `allen-cahn` example (causal training).

u_t − 1e-4 u_xx + 5u³ − 5u = 0, x ∈ [−1, 1) periodic, t ∈ [0, 1], u(x, 0) = x² cos(πx). The method
and configuration are PDEKit's, step for step:

* network: periodic embedding of x (columns t, cos(kπx) for k = 1…K, sin(kπx) for k = 1…K), then a
  modified MLP: U = tanh(e W_U + b_U), V = tanh(e W_V + b_V), h = e, and per hidden layer
  z = tanh(h W + b), h ← V + z ⊙ (U − V); linear output. Weights exported by
  `allen-cahn --export-initial` (W0 = U, W1 = V, W2… hidden, last = output; width, depth and K
  follow from their shapes);
* points: the residual at --points points drawn uniformly in [−1, 1] × [0, 1] and the initial
  condition at --initial-points points (x uniform, t = 0), both redrawn every step; step 0 uses the
  points PDEKit exported (pde.npy, ic.npy), later steps draw their own;
* loss: λ_pde · L_pde + 100 λ_ic · L_ic, L_ic = mean((u(x, 0) − x² cos πx)²). With causal
  weighting (default) the residual points are split into M = --slices equal slices of [0, 1] by
  ⌊M t⌋, Lᵢ is the mean squared residual of slice i (0 for an empty slice),
  wᵢ = exp(−ε Σ_{k<i} L_k) (computed from the values, no gradient; w₁ = 1) and
  L_pde = (1/M) Σ wᵢ Lᵢ; --plain: L_pde = mean(r²);
* ε runs through --epsilons (default 1, 10, 100), moving on when min wᵢ > 0.99 (the weights of the
  step just taken) after every 100th step, or after --level-steps steps at one ε (default
  --steps / number of ε); there is no stop once the last ε converges;
* gradient-norm balancing before every 500th step (step 0 included), on that step's losses:
  λᵢ ← 0.9 λᵢ + 0.1 Σⱼ cⱼ‖∇Lⱼ‖ / (cᵢ‖∇Lᵢ‖) with cᵢ the fixed condition weights (1 and 100); the
  update of that step uses Σ cᵢ λᵢ ∇Lᵢ from those gradients (PDEKit differentiates the total once
  more: the same gradient up to rounding);
* Adam (β = 0.9, 0.999, ε = 1e-8) with lr = 1e-3 · 0.9^(step / (--steps / 20)) (continuous
  exponent; --steps also sets the decay length, as in PDEKit, so pass the same --steps to both);
* float64 (--dtype float32 for the whole step in single precision), one thread. Derivatives by reverse-mode autograd (u_t, u_x with one call, u_xx with one
  more, create_graph=True).

Every --validate-every steps (and at the last step) the relative L2 error against the reference
(512 × 201, x_i = −1 + 2i/512, t_j = j/200, x first) is logged with the wall seconds since the start,
as PDEKit's loss.csv does; the run stops at --budget seconds or after --steps steps. The CSV of
--log has a row per step (step, seconds, validation_error, loss, loss_pde, loss_ic, epsilon,
min_weight); one JSON line goes to standard output at the end.

--check LOSS_CSV evaluates step 0 only (the exported points, balancing included) and compares the
loss, its terms, min w and the slice losses with the first row of PDEKit's loss.csv of a run from
the same export (same seed and flags); loss.csv holds 10 significant digits. --check METRICS.json
compares with metrics.json of `allen-cahn --steps 0` (the losses at the exported points, λ = 1, ε
the first of --epsilons), which holds every digit. Prints one JSON line with the largest relative
difference; the exit status is 1 when it exceeds --tolerance (1e-8; 1e-5 with --dtype float32).

PDEKit's optional random Fourier features (`allen-cahn --fourier-features N`) are not exported with
the weights and are not reproduced here.
"""

import argparse
import csv
import json
import math
import os
import statistics
import time

import numpy as np
import torch

NU = 1e-4
IC_WEIGHT = 100.0


def load_network(folder, dtype):
    """W<k>, b<k> per layer; with s<k> too, the weights are factorised: W = V diag(exp s), V = W<k>."""
    weights, biases, scales, k = [], [], [], 0
    while os.path.exists(os.path.join(folder, f"W{k}.npy")):
        weights.append(torch.tensor(np.load(os.path.join(folder, f"W{k}.npy")), dtype=dtype, requires_grad=True))
        biases.append(torch.tensor(np.load(os.path.join(folder, f"b{k}.npy")).reshape(-1), dtype=dtype, requires_grad=True))
        s = os.path.join(folder, f"s{k}.npy")
        if os.path.exists(s):
            scales.append(torch.tensor(np.load(s).reshape(-1), dtype=dtype, requires_grad=True))
        k += 1
    if scales and len(scales) != len(weights):
        raise SystemExit(f"{folder}: {len(scales)} log-scale files for {len(weights)} layers")
    if len(weights) < 4:
        raise SystemExit(f"{folder}: a modified MLP needs at least 4 layers (U, V, one hidden, output), found {len(weights)}")
    fan_in = weights[0].shape[0]
    if fan_in % 2 != 1 or weights[1].shape != weights[0].shape or weights[-1].shape[1] != 1:
        raise SystemExit(f"{folder}: layer shapes do not fit periodic embedding + modified MLP "
                         "(runs with --fourier-features are not supported)")
    return weights, biases, scales


class Model:
    """Periodic embedding and modified MLP with the exported weights (factorised when scales are given)."""

    def __init__(self, weights, biases, scales=()):
        self.directions, self.biases, self.scales = weights, biases, list(scales)
        self.harmonics = (weights[0].shape[0] - 1) // 2
        self.width = weights[0].shape[1]
        self.depth = len(weights) - 3
        self.params = [p for pair in zip(weights, biases) for p in pair] + self.scales

    @property
    def weights(self):
        if not self.scales:
            return self.directions
        return [v * torch.exp(s) for v, s in zip(self.directions, self.scales)]

    def __call__(self, x, t):
        k = torch.arange(1, self.harmonics + 1, dtype=x.dtype)
        phase = math.pi * x * k                       # [n, K]; period 2: ω = π
        e = torch.cat([t, torch.cos(phase), torch.sin(phase)], dim=1)
        w, b = self.weights, self.biases
        u = torch.tanh(e @ w[0] + b[0])
        v = torch.tanh(e @ w[1] + b[1])
        gap = u - v
        h = e
        for i in range(2, len(w) - 1):
            z = torch.tanh(h @ w[i] + b[i])
            h = v + z * gap
        return h @ w[-1] + b[-1]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("folder", help="output of allen-cahn --export-initial")
    ap.add_argument("--reference", help="Data/allen_cahn_reference.npy (needed unless --check)")
    ap.add_argument("--points", type=int, default=2048)
    ap.add_argument("--initial-points", type=int, default=512)
    ap.add_argument("--slices", type=int, default=32)
    ap.add_argument("--epsilons", default="100,1000")
    ap.add_argument("--level-steps", type=int, default=None, help="steps at one ε before moving on (default: steps / number of ε)")
    ap.add_argument("--plain", action="store_true", help="no causal weighting")
    ap.add_argument("--steps", type=int, default=12000)
    ap.add_argument("--budget", type=float, default=None, help="stop after this many seconds")
    ap.add_argument("--validate-every", type=int, default=500)
    ap.add_argument("--seed", type=int, default=0, help="seed of the points drawn after step 0")
    ap.add_argument("--log", help="CSV, one row per step")
    ap.add_argument("--check", metavar="LOSS_CSV|METRICS_JSON",
                    help="compare step 0 with PDEKit's first loss.csv row (or metrics.json of --steps 0) and exit")
    ap.add_argument("--dtype", choices=["float64", "float32"], default="float64",
                    help="precision of the whole step (PDEKit's counterpart: --precision)")
    ap.add_argument("--tolerance", type=float, default=None,
                    help="--check exits with status 1 above this relative difference (default 1e-8, 1e-5 with float32; "
                         "loss.csv holds 10 digits)")
    args = ap.parse_args()
    if args.tolerance is None:
        args.tolerance = 1e-5 if args.dtype == "float32" else 1e-8
    torch.set_num_threads(1)
    dtype = torch.float32 if args.dtype == "float32" else torch.float64
    epsilons = [float(e) for e in args.epsilons.split(",")]
    m = args.slices
    level_steps = args.level_steps or max(args.steps // len(epsilons), 1)
    decay_steps = max(args.steps // 20, 1)

    weights, biases, scales = load_network(args.folder, dtype)
    model = Model(weights, biases, scales)
    params = model.params
    first_pde = torch.tensor(np.load(os.path.join(args.folder, "pde.npy")), dtype=dtype)
    first_ic = torch.tensor(np.load(os.path.join(args.folder, "ic.npy")), dtype=dtype)
    gen = torch.Generator().manual_seed(args.seed)

    def draw(step):
        if step == 0:
            return first_pde, first_ic
        pde = torch.rand(args.points, 2, generator=gen, dtype=dtype)
        pde[:, 0] = 2 * pde[:, 0] - 1
        ic = torch.zeros(args.initial_points, 2, dtype=dtype)
        ic[:, 0] = 2 * torch.rand(args.initial_points, generator=gen, dtype=dtype) - 1
        return pde, ic

    state = {"level": 0, "start": 0}

    def losses(pde, ic):
        """(L_pde, L_ic, min w or None, slice losses or None); L_pde is the causal loss unless --plain."""
        x = pde[:, :1].clone().requires_grad_(True)
        t = pde[:, 1:].clone().requires_grad_(True)
        u = model(x, t)
        ones = torch.ones_like(u)
        ux, ut = torch.autograd.grad(u, (x, t), ones, create_graph=True)
        uxx = torch.autograd.grad(ux, x, ones, create_graph=True)[0]
        r2 = ((ut - NU * uxx + 5 * u * u * u - 5 * u) ** 2).reshape(-1)
        xi = ic[:, :1]
        l_ic = ((model(xi, ic[:, 1:]) - xi * xi * torch.cos(math.pi * xi)) ** 2).mean()
        if args.plain:
            return r2.mean(), l_ic, None, None
        s = torch.clamp(torch.floor(pde[:, 1] * m), 0, m - 1).long()
        counts = torch.bincount(s, minlength=m).to(dtype)
        sums = torch.zeros(m, dtype=dtype).index_add(0, s, r2)
        slice_losses = sums / torch.clamp(counts, min=1)
        values = slice_losses.detach()
        eps = epsilons[min(state["level"], len(epsilons) - 1)]
        cumulative = torch.cumsum(values, 0) - values          # Σ_{k<i} L_k
        w = torch.exp(-eps * cumulative)
        return (w * slice_losses).sum() / m, l_ic, w.min().item(), values

    lam = [1.0, 1.0]
    cond_w = [1.0, IC_WEIGHT]

    def step_gradient(step, pde, ic):
        """Losses and the gradient of the total; balancing first on every 500th step."""
        l_pde, l_ic, min_w, slices = losses(pde, ic)
        terms = [l_pde, l_ic]
        if step % 500 == 0:
            gs = [torch.autograd.grad(l, params, retain_graph=True) for l in terms]
            norms = [c * math.sqrt(sum((g * g).sum().item() for g in gi)) for c, gi in zip(cond_w, gs)]
            total_norm = sum(norms)
            if total_norm > 0 and math.isfinite(total_norm):
                for i in range(2):
                    if norms[i] > 0:
                        lam[i] = 0.9 * lam[i] + 0.1 * total_norm / norms[i]
            coef = [c * l for c, l in zip(cond_w, lam)]
            grads = [coef[0] * a + coef[1] * b for a, b in zip(*gs)]
        else:
            coef = [c * l for c, l in zip(cond_w, lam)]
            total = coef[0] * l_pde + coef[1] * l_ic
            grads = torch.autograd.grad(total, params)
        loss = coef[0] * l_pde.item() + coef[1] * l_ic.item()
        return loss, l_pde.item(), l_ic.item(), min_w, slices, grads

    if args.check:
        if args.check.endswith(".json"):
            # metrics.json of a run with --steps 0: the losses at the exported points, λ = 1.
            with open(args.check) as fh:
                row = json.load(fh)
            row = {"loss": row["final_loss"], "loss_pde": row["loss_pde"], "loss_ic": row["loss_ic"], "step": 0}
            l_pde, l_ic, min_w, slices = losses(first_pde, first_ic)
            loss = l_pde.item() + IC_WEIGHT * l_ic.item()
            l_pde, l_ic, min_w, slices = l_pde.item(), l_ic.item(), None, None
        else:
            with open(args.check) as fh:
                row = next(csv.DictReader(fh))
            loss, l_pde, l_ic, min_w, slices, _ = step_gradient(0, first_pde, first_ic)
        ours = {"loss": loss, "loss_pde": l_pde, "loss_ic": l_ic}
        if min_w is not None:
            ours["min_weight"] = min_w
            for i in range(m):
                ours[f"slice_loss_{i + 1}"] = slices[i].item()
        diffs = {k: abs(v - float(row[k])) / max(abs(float(row[k])), 1e-300) for k, v in ours.items() if k in row}
        worst = max(diffs, key=diffs.get)
        print(json.dumps({"check": "initial loss", "against": args.check, "pdekit_step": int(row["step"]),
                          "compared": len(diffs), "max_relative_difference": diffs[worst], "worst": worst,
                          "loss": loss, "loss_pdekit": float(row["loss"]), "loss_pde": l_pde, "loss_ic": l_ic,
                          "lambda": lam}))
        if not diffs[worst] <= args.tolerance:
            raise SystemExit(1)
        return
    if not args.reference:
        raise SystemExit("--reference is needed")

    reference = np.load(args.reference)
    if reference.shape != (512, 201):
        raise SystemExit(f"{args.reference}: shape {reference.shape}, expected (512, 201)")
    xs, ts = -1 + 2 * np.arange(512) / 512, np.arange(201) / 200
    grid = torch.tensor(np.stack(np.meshgrid(xs, ts, indexing="ij"), axis=-1).reshape(-1, 2), dtype=dtype)
    ref = torch.tensor(reference.reshape(-1, 1), dtype=dtype)

    def error():
        with torch.no_grad():
            p = torch.cat([model(g[:, :1], g[:, 1:]) for g in torch.split(grid, 8192)])
            return (torch.linalg.norm(p - ref) / torch.linalg.norm(ref)).item()

    adam = torch.optim.Adam(params, lr=1e-3, betas=(0.9, 0.999), eps=1e-8)
    rows, step_seconds = [], []
    start = time.perf_counter()
    step, last = 0, start
    while step < args.steps and (args.budget is None or time.perf_counter() - start < args.budget):
        pde, ic = draw(step)
        loss, l_pde, l_ic, min_w, slices, grads = step_gradient(step, pde, ic)
        if not math.isfinite(loss):
            raise SystemExit(f"step {step + 1}: the loss is {loss}")
        for g in adam.param_groups:
            g["lr"] = 1e-3 * 0.9 ** (step / decay_steps)
        for p, g in zip(params, grads):
            p.grad = g
        adam.step()
        eps = None if args.plain else epsilons[min(state["level"], len(epsilons) - 1)]
        step += 1
        if not args.plain and state["level"] + 1 < len(epsilons) and (
                (step % 100 == 0 and min_w > 0.99) or step - state["start"] >= level_steps):
            state["level"] += 1
            state["start"] = step
        now = time.perf_counter()
        step_seconds.append(now - last)
        validation = error() if step % args.validate_every == 0 or step == args.steps else None
        last = time.perf_counter()
        rows.append((step, last - start, validation, loss, l_pde, l_ic, eps, min_w))

    errors = [r for r in rows if r[2] is not None]
    if args.log:
        with open(args.log, "w") as fh:
            fh.write("step,seconds,validation_error,loss,loss_pde,loss_ic,epsilon,min_weight\n")
            for s, sec, e, loss, lp, li, eps, mw in rows:
                fmt = lambda v: "" if v is None else f"{v:.9e}"
                fh.write(f"{s},{sec:.3f},{fmt(e)},{fmt(loss)},{fmt(lp)},{fmt(li)},{fmt(eps)},{fmt(mw)}\n")
    print(json.dumps({
        "peer": "torch", "version": torch.__version__, "problem": "allen-cahn", "causal": not args.plain,
        "threads": 1, "steps": step, "seconds": time.perf_counter() - start,
        "ms_per_step": 1e3 * statistics.median(step_seconds) if step_seconds else None,
        "final_error": errors[-1][2] if errors else None,
        "epsilon": None if args.plain else epsilons[min(state["level"], len(epsilons) - 1)],
        "width": model.width, "depth": model.depth, "harmonics": model.harmonics}))


if __name__ == "__main__":
    main()

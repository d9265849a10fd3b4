"""Burgers time to accuracy in JAX: the run of PDEKit's `burgers` example, step for step.

As burgers_tta_torch.py: same weights, points, hard constraint and schedule; Adam by optax with
lr = 1e-3 * 0.5^(step/1000), then optax.lbfgs (memory 50, zoom line search: strong Wolfe).
Input derivatives by nested forward mode (jax.jvp), the whole step under jax.jit; compilation
happens before the clock starts. Writes CSV (step, seconds, error) to --log, prints one JSON line.
"""

import argparse
import json
import math
import os
import sys
import time

os.environ["XLA_FLAGS"] = (os.environ.get("XLA_FLAGS", "")
                           + " --xla_cpu_multi_thread_eigen=false intra_op_parallelism_threads=1").strip()
os.environ.setdefault("JAX_ENABLE_X64", "1")

import jax  # noqa: E402
import jax.numpy as jnp  # noqa: E402
import numpy as np  # noqa: E402
import optax  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from peer_common import DEFAULT_NU  # noqa: E402


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

    params, k = [], 0
    while os.path.exists(os.path.join(args.folder, f"W{k}.npy")):
        params.append((jnp.asarray(np.load(os.path.join(args.folder, f"W{k}.npy"))),
                       jnp.asarray(np.load(os.path.join(args.folder, f"b{k}.npy")).reshape(-1))))
        k += 1
    if not params:
        raise SystemExit(f"no W0.npy in {args.folder}")
    points = jnp.asarray(np.load(os.path.join(args.folder, "pde.npy")))
    reference = np.load(args.reference)
    xs, ts = np.linspace(-1, 1, 256), np.linspace(0, 0.99, 100)
    grid = jnp.asarray(np.stack(np.meshgrid(xs, ts, indexing="ij"), axis=-1).reshape(-1, 2))
    ref = jnp.asarray(reference.reshape(-1))
    nu = DEFAULT_NU

    def model(p, X):
        h = X
        for i, (w, b) in enumerate(p):
            h = h @ w + b
            if i < len(p) - 1:
                h = jnp.tanh(h)
        x, t = X[:, 0], X[:, 1]
        return -jnp.sin(math.pi * x) + t * (1 - x * x) * h[:, 0]

    ex = jnp.zeros_like(points).at[:, 0].set(1.0)
    et = jnp.zeros_like(points).at[:, 1].set(1.0)

    def loss_fn(p):
        f = lambda Y: model(p, Y)
        f_x = lambda Y: jax.jvp(f, (Y,), (ex,))
        (u, ux), (_, uxx) = jax.jvp(f_x, (points,), (ex,))
        _, ut = jax.jvp(f, (points,), (et,))
        return jnp.mean((ut + u * ux - nu * uxx) ** 2)

    error = jax.jit(lambda p: jnp.linalg.norm(model(p, grid) - ref) / jnp.linalg.norm(ref))
    value_and_grad = jax.value_and_grad(loss_fn)

    schedule = lambda step: 1e-3 * 0.5 ** (step / 1000)
    adam = optax.adam(schedule)

    @jax.jit
    def adam_step(p, state):
        _, g = value_and_grad(p)
        updates, state = adam.update(g, state, p)
        return optax.apply_updates(p, updates), state

    lbfgs = optax.lbfgs(memory_size=50)

    @jax.jit
    def lbfgs_step(p, state):
        value, g = optax.value_and_grad_from_state(loss_fn)(p, state=state)
        updates, state = lbfgs.update(g, state, p, value=value, grad=g, value_fn=loss_fn)
        return optax.apply_updates(p, updates), state

    # Compile outside the timed region.
    adam_state = adam.init(params)
    jax.block_until_ready(adam_step(params, adam_state))
    jax.block_until_ready(lbfgs_step(params, lbfgs.init(params)))
    error(params).block_until_ready()

    log = [(0, 0.0, float(error(params)))]
    start = time.perf_counter()
    step = 0
    while step < args.adam and time.perf_counter() - start < args.budget:
        params, adam_state = adam_step(params, adam_state)
        step += 1
        if step % args.validate_every == 0:
            log.append((step, time.perf_counter() - start, float(error(params))))
    state = lbfgs.init(params)
    done = 0
    while done < args.lbfgs and time.perf_counter() - start < args.budget:
        params, state = lbfgs_step(params, state)
        done += 1
        step += 1
        if step % args.validate_every == 0:
            log.append((step, time.perf_counter() - start, float(error(params))))

    with open(args.log, "w") as fh:
        fh.write("step,seconds,validation_error\n")
        for s, sec, e in log:
            fh.write(f"{s},{sec:.3f},{e:.9e}\n")
    print(json.dumps({"peer": "jax", "steps": step, "seconds": time.perf_counter() - start, "final_error": log[-1][2]}))


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Times one full PINN training step in JAX (CPU).

  jax_step.py DIR [--precision float64|float32] [--repeats R] [--warmup W]
              [--threads T] [--dump-grad OUT.npy] [--deriv fwd-fwd|fwd-rev]

The whole loss-and-gradient function is jax.jit(jax.value_and_grad(loss)).
Input derivatives of the network are taken inside it by nested autodiff:
  fwd-fwd  jax.jvp of jax.jvp along unit input directions, on the batched
           network (default; it was the faster of the two here),
  fwd-rev  per point, jax.jvp of jax.value_and_grad (Hessian-vector product
           with a unit direction), vectorised with jax.vmap.
Warm-up steps include compilation; timed steps end with block_until_ready.
Prints one JSON line (see peer_common.report).
"""

import math
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import peer_common as pc  # noqa: E402


def configure_xla(threads):
    """Must run before jax is imported."""
    if threads == 1:
        flags = os.environ.get("XLA_FLAGS", "")
        extra = "--xla_cpu_multi_thread_eigen=false intra_op_parallelism_threads=1"
        os.environ["XLA_FLAGS"] = (flags + " " + extra).strip()


def mlp(params, h):
    """params: [(W0, b0), (W1, b1), ...]; works on one point (2,) or a batch (n, 2)."""
    import jax.numpy as jnp
    last = len(params) - 1
    for k, (w, b) in enumerate(params):
        h = h @ w + b
        if k != last:
            h = jnp.tanh(h)
    return h


def build_loss(problem, nu, deriv):
    import jax
    import jax.numpy as jnp

    def unit(X, j):
        return jnp.zeros_like(X).at[:, j].set(1.0)

    if deriv == "fwd-fwd":
        def derivatives(params, X, second_dirs, first_dirs):
            """u, {j: du/dx_j for j in first_dirs}, {j: d2u/dx_j2 for j in second_dirs}."""
            f = lambda Y: mlp(params, Y)[:, 0]
            u, d1, d2 = None, {}, {}
            for j in second_dirs:
                e = unit(X, j)
                f_j = lambda Y: jax.jvp(f, (Y,), (e,))
                (u, d1[j]), (_, d2[j]) = jax.jvp(f_j, (X,), (e,))
            for j in first_dirs:
                if j not in d1:
                    u, d1[j] = jax.jvp(f, (X,), (unit(X, j),))
            return u, d1, d2
    elif deriv == "fwd-rev":
        def derivatives(params, X, second_dirs, first_dirs):
            u_pt = lambda x: mlp(params, x)[0]
            vg = jax.value_and_grad(u_pt)

            def per_point(x):
                d2 = {}
                u, g = vg(x)
                for j in second_dirs:
                    e = jnp.zeros_like(x).at[j].set(1.0)
                    _, (_, hv) = jax.jvp(vg, (x,), (e,))
                    d2[j] = hv[j]
                return u, {j: g[j] for j in first_dirs}, d2

            return jax.vmap(per_point)(X)
    else:
        raise SystemExit(f"unknown --deriv {deriv}")

    if problem == "burgers":
        def residual(params, X):
            u, d1, d2 = derivatives(params, X, second_dirs=(0,), first_dirs=(0, 1))
            return d1[1] + u * d1[0] - nu * d2[0]
    else:
        def residual(params, X):
            _, _, d2 = derivatives(params, X, second_dirs=(0, 1), first_dirs=())
            source = 2.0 * math.pi ** 2 * jnp.sin(math.pi * X[:, 0]) * jnp.sin(math.pi * X[:, 1])
            return -(d2[0] + d2[1]) - source

    def loss(params, X, B, g):
        r = residual(params, X)
        ub = mlp(params, B)[:, 0]
        return jnp.mean(r * r) + jnp.mean((ub - g) ** 2)

    return loss


def main():
    parser = pc.step_parser(__doc__.strip().splitlines()[0])
    parser.add_argument("--deriv", choices=("fwd-fwd", "fwd-rev"), default="fwd-fwd",
                        help="how input derivatives are taken (default fwd-fwd)")
    args = parser.parse_args()
    pc.check_counts(args)
    configure_xla(args.threads)

    import jax
    if args.precision == "float64":
        jax.config.update("jax_enable_x64", True)
    import jax.numpy as jnp
    import numpy as np

    prob = pc.load_problem(args.dir)
    dt = np.float64 if args.precision == "float64" else np.float32
    params = [(jnp.asarray(w.astype(dt)), jnp.asarray(b.astype(dt)))
              for w, b in zip(prob["weights"], prob["biases"])]
    X = jnp.asarray(prob["interior"].astype(dt))
    B = jnp.asarray(prob["boundary"].astype(dt))
    g = jnp.asarray(prob["boundary_values"].astype(dt))
    assert X.dtype == dt and params[0][0].dtype == dt

    loss_fn = build_loss(prob["problem"], prob["nu"], args.deriv)
    step = jax.jit(jax.value_and_grad(loss_fn))

    t0 = time.perf_counter()
    jax.block_until_ready(step(params, X, B, g))
    compile_s = time.perf_counter() - t0
    (loss, grads), times = pc.time_steps(lambda: jax.block_until_ready(step(params, X, B, g)),
                                         max(args.warmup - 1, 0), args.repeats)

    flat = pc.flatten([np.asarray(a) for wb in grads for a in wb])
    pc.report("jax", jax.__version__, args, prob["problem"], times, float(loss), flat,
              extra={"deriv": args.deriv, "first_call_s": compile_s})


if __name__ == "__main__":
    main()

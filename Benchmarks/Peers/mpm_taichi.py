"""The scenes of PDEKit's `mpm` example in Taichi (CPU backend): MLS-MPM with APIC transfers and
quadratic B-splines, written the way Taichi's own mpm88/mpm99 examples are, for side-by-side timing
and as an independent reference for PDEKit's simulator.

    mpm_taichi.py --scene fluid2d|jelly2d|jelly3d --particles N --steps S [--threads 1]
                  [--dtype f32|f64] [--warmup 20] [--positions OUT.npy]

Scenes (as in Examples/Support/MPM/MPMScene.swift):
  2D: grid n = 128 (nodes 0..n-1, dx = 1/n), dt = 1e-4, gravity 9.8, walls 3 cells thick (a grid
      velocity component pointing into the wall is zeroed), a cell-centred 2k x k lattice on
      [0.3, 0.7] x [0.05, 0.25] (N = 2k^2, particle p = j * 2k + i), rho = 1, V_p = 0.08 / N,
      v0 = (0, -2).
      fluid2d: tau = E (J - 1) I, E = 400, J <- J (1 + dt tr C).
      jelly2d: neo-Hookean tau = mu (F F^T - I) + lambda ln(J) I, E = 1000, nu = 0.2, F <- (I + dt C) F.
  jelly3d: n = 64, dt = 1e-4, a k^3 lattice on [0.35, 0.65] x [0.05, 0.35] x [0.35, 0.65]
      (p = (k * ny + j) * nx + i), rho = 1, V_p = 0.027 / N, v0 = (0, -2, 0), neo-Hookean as jelly2d.

Prints one JSON line: {"peer": "taichi", "scene", "particles", "steps", "dtype", "threads",
"seconds", "particle_steps_per_second"}; the warm-up steps (which include the kernel compilation)
are not timed. With --positions, the particle positions after warm-up + steps are written as an
(N, d) float64 .npy file.
"""

import argparse
import json
import math
import sys
import time

import numpy as np


def parse():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--scene", choices=["fluid2d", "jelly2d", "jelly3d"], required=True)
    parser.add_argument("--particles", type=int, required=True)
    parser.add_argument("--steps", type=int, required=True)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--dtype", choices=["f32", "f64"], default="f32")
    parser.add_argument("--warmup", type=int, default=20)
    parser.add_argument("--positions", help="write the final positions (N x d, float64) here")
    args = parser.parse_args()
    if args.steps < 0 or args.warmup < 0 or args.threads < 1:
        parser.error("--steps and --warmup must be >= 0 and --threads >= 1")
    return args


def lattice(scene, count):
    """Initial positions (N x d, float64, in PDEKit's particle order) and the particle volume."""
    if scene in ("fluid2d", "jelly2d"):
        k = int(round(math.sqrt(count / 2)))
        if k < 1 or 2 * k * k != count:
            sys.exit(f"mpm_taichi.py: {scene} needs --particles of the form 2k^2, got {count}")
        lower, upper, counts = np.array([0.3, 0.05]), np.array([0.7, 0.25]), (2 * k, k)
    else:
        k = int(round(count ** (1 / 3)))
        if k < 2 or k ** 3 != count:
            sys.exit(f"mpm_taichi.py: {scene} needs --particles of the form k^3, got {count}")
        lower, upper, counts = np.array([0.35, 0.05, 0.35]), np.array([0.65, 0.35, 0.65]), (k, k, k)
    # Index order: the first axis varies fastest.
    axes = [(np.arange(c) + 0.5) / c for c in counts]
    grids = np.meshgrid(*axes[::-1], indexing="ij")[::-1]
    unit = np.stack([g.reshape(-1) for g in grids], axis=1)
    positions = lower + unit * (upper - lower)
    volume = float(np.prod(upper - lower)) / count
    return positions, volume


def build(ti, scene, count, real):
    dim = 2 if scene in ("fluid2d", "jelly2d") else 3
    n = 128 if dim == 2 else 64
    dx, inv_dx, dt = 1.0 / n, float(n), 1e-4
    bound, rho = 3, 1.0
    youngs, nu = 1000.0, 0.2
    mu, lam = youngs / (2 * (1 + nu)), youngs * nu / ((1 + nu) * (1 - 2 * nu))
    stiffness = 400.0
    fluid = scene == "fluid2d"
    initial, volume = lattice(scene, count)
    mass = rho * volume

    x = ti.Vector.field(dim, dtype=real, shape=count)
    v = ti.Vector.field(dim, dtype=real, shape=count)
    C = ti.Matrix.field(dim, dim, dtype=real, shape=count)
    F = ti.Matrix.field(dim, dim, dtype=real, shape=count)
    J = ti.field(dtype=real, shape=count)
    grid_v = ti.Vector.field(dim, dtype=real, shape=(n,) * dim)
    grid_m = ti.field(dtype=real, shape=(n,) * dim)
    g_values = [0.0, -9.8] if dim == 2 else [0.0, -9.8, 0.0]

    @ti.func
    def lowest_node(position):
        # The lowest of the 3^d nodes of the quadratic B-spline stencil, kept inside the grid.
        return ti.max(ti.min(ti.floor(position * inv_dx - 0.5, int), n - 3), 0)

    @ti.func
    def stencil_weight(fx, offset: ti.template()):
        # Product over the axes of the quadratic B-spline weight of node base + offset.
        weight = 1.0
        for d in ti.static(range(dim)):
            f = fx[d]
            if ti.static(offset[d] == 0):
                weight *= 0.5 * (1.5 - f) ** 2
            elif ti.static(offset[d] == 1):
                weight *= 0.75 - (f - 1) ** 2
            else:
                weight *= 0.5 * (f - 0.5) ** 2
        return weight

    @ti.kernel
    def substep():
        gravity = ti.Vector(g_values, dt=real)
        identity = ti.Matrix.identity(real, dim)
        for I in ti.grouped(grid_m):
            grid_v[I] = ti.zero(grid_v[I])
            grid_m[I] = 0
        for p in x:
            base = lowest_node(x[p])
            fx = x[p] * inv_dx - base
            stress = ti.zero(C[p])
            if ti.static(fluid):
                stress = stiffness * (J[p] - 1) * identity
            else:
                f = F[p]
                stress = mu * (f @ f.transpose() - identity) + lam * ti.log(f.determinant()) * identity
            affine = -dt * volume * 4 * inv_dx * inv_dx * stress + mass * C[p]
            for offset in ti.static(ti.grouped(ti.ndrange(*((3,) * dim)))):
                dpos = (offset - fx) * dx
                weight = stencil_weight(fx, offset)
                grid_v[base + offset] += weight * (mass * v[p] + affine @ dpos)
                grid_m[base + offset] += weight * mass
        for I in ti.grouped(grid_m):
            if grid_m[I] > 0:
                vel = grid_v[I] / grid_m[I] + dt * gravity
                for d in ti.static(range(dim)):
                    if (I[d] < bound and vel[d] < 0) or (I[d] > n - bound and vel[d] > 0):
                        vel[d] = 0
                grid_v[I] = vel
        for p in x:
            base = lowest_node(x[p])
            fx = x[p] * inv_dx - base
            new_v = ti.zero(v[p])
            new_C = ti.zero(C[p])
            for offset in ti.static(ti.grouped(ti.ndrange(*((3,) * dim)))):
                dpos = (offset - fx) * dx
                weight = stencil_weight(fx, offset)
                g_v = grid_v[base + offset]
                new_v += weight * g_v
                new_C += 4 * inv_dx * inv_dx * weight * g_v.outer_product(dpos)
            v[p] = new_v
            C[p] = new_C
            x[p] += dt * new_v
            if ti.static(fluid):
                J[p] *= 1 + dt * new_C.trace()
            else:
                F[p] = (identity + dt * new_C) @ F[p]

    x.from_numpy(initial.astype(np.float64 if real == ti.f64 else np.float32))
    start_v = np.zeros((count, dim))
    start_v[:, 1] = -2.0
    v.from_numpy(start_v.astype(np.float64 if real == ti.f64 else np.float32))
    eye = np.broadcast_to(np.eye(dim), (count, dim, dim)).copy()
    F.from_numpy(eye.astype(np.float64 if real == ti.f64 else np.float32))
    J.fill(1)
    C.fill(0)
    return substep, x


def main():
    args = parse()
    import taichi as ti

    real = ti.f64 if args.dtype == "f64" else ti.f32
    ti.init(arch=ti.cpu, default_fp=real, cpu_max_num_threads=args.threads, log_level=ti.ERROR)
    substep, x = build(ti, args.scene, args.particles, real)
    for _ in range(args.warmup):
        substep()
    ti.sync()
    start = time.perf_counter()
    for _ in range(args.steps):
        substep()
    ti.sync()
    seconds = time.perf_counter() - start
    positions = x.to_numpy().astype(np.float64)
    if not np.all(np.isfinite(positions)):
        sys.exit("mpm_taichi.py: the simulation diverged (non-finite positions)")
    if args.positions:
        np.save(args.positions, positions)
    print(json.dumps({"peer": "taichi", "scene": args.scene, "particles": args.particles, "steps": args.steps,
                      "dtype": args.dtype, "threads": args.threads, "seconds": seconds,
                      "particle_steps_per_second": args.particles * args.steps / seconds if seconds > 0 else None}),
          flush=True)


if __name__ == "__main__":
    main()

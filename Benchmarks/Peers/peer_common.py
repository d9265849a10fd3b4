"""Shared helpers for the PDEKit peer benchmark scripts (NumPy only).

A problem folder holds:
  W0.npy, W1.npy, ...   weight matrices, shape (fan_in, fan_out), float64
  b0.npy, b1.npy, ...   biases, shape (fan_out,), float64
  interior.npy          collocation points, shape (N, 2)
  boundary.npy          boundary points, shape (M, 2)
  boundary_values.npy   boundary targets, shape (M,)
  problem.json          {"problem": "burgers"|"poisson2d", "nu": float (burgers)}

Layer k computes h = h @ Wk + bk, with tanh after every layer but the last.
"""

import argparse
import json
import math
import os
import statistics
import sys
import time

import numpy as np

PROBLEMS = ("burgers", "poisson2d")
DEFAULT_NU = 0.01 / math.pi


def load_problem(folder):
    """Returns a dict with numpy float64 arrays and the problem settings."""
    with open(os.path.join(folder, "problem.json")) as fh:
        meta = json.load(fh)
    name = meta["problem"]
    if name not in PROBLEMS:
        raise SystemExit(f"unknown problem {name!r} in {folder}/problem.json")

    weights, biases = [], []
    k = 0
    while os.path.exists(os.path.join(folder, f"W{k}.npy")):
        w = np.load(os.path.join(folder, f"W{k}.npy")).astype(np.float64)
        b = np.load(os.path.join(folder, f"b{k}.npy")).astype(np.float64)
        if w.ndim != 2 or b.shape != (w.shape[1],):
            raise SystemExit(f"layer {k}: W shape {w.shape} and b shape {b.shape} disagree")
        if weights and weights[-1].shape[1] != w.shape[0]:
            raise SystemExit(f"layer {k}: fan_in {w.shape[0]} != previous fan_out {weights[-1].shape[1]}")
        weights.append(np.ascontiguousarray(w))
        biases.append(np.ascontiguousarray(b))
        k += 1
    if not weights:
        raise SystemExit(f"no W0.npy in {folder}")
    if weights[0].shape[0] != 2 or weights[-1].shape[1] != 1:
        raise SystemExit("network must map 2 inputs to 1 output")

    interior = np.ascontiguousarray(np.load(os.path.join(folder, "interior.npy")), dtype=np.float64)
    boundary = np.ascontiguousarray(np.load(os.path.join(folder, "boundary.npy")), dtype=np.float64)
    bvalues = np.ascontiguousarray(np.load(os.path.join(folder, "boundary_values.npy")), dtype=np.float64).reshape(-1)
    if interior.ndim != 2 or interior.shape[1] != 2:
        raise SystemExit(f"interior.npy must be (N, 2), got {interior.shape}")
    if boundary.ndim != 2 or boundary.shape[1] != 2 or boundary.shape[0] != bvalues.shape[0]:
        raise SystemExit(f"boundary.npy {boundary.shape} / boundary_values.npy {bvalues.shape} disagree")

    return {
        "problem": name,
        "nu": float(meta.get("nu", DEFAULT_NU)),
        "weights": weights,
        "biases": biases,
        "interior": interior,
        "boundary": boundary,
        "boundary_values": bvalues,
    }


def parameter_arrays(prob):
    """Parameters in gradient order: W0, b0, W1, b1, ..."""
    out = []
    for w, b in zip(prob["weights"], prob["biases"]):
        out.extend([w, b])
    return out


def flatten(arrays):
    """Concatenation of the arrays, each flattened row-major, as float64."""
    return np.concatenate([np.asarray(a, dtype=np.float64).reshape(-1) for a in arrays])


def step_parser(description):
    p = argparse.ArgumentParser(description=description)
    p.add_argument("dir", help="problem folder (see generate_problem.py)")
    p.add_argument("--precision", choices=("float64", "float32"), default="float64")
    p.add_argument("--repeats", type=int, default=20, help="timed steps (default 20)")
    p.add_argument("--warmup", type=int, default=3, help="untimed steps before timing (default 3)")
    p.add_argument("--threads", type=int, default=1, help="intra-op threads (default 1)")
    p.add_argument("--dump-grad", metavar="OUT.npy", help="save the flat float64 gradient here")
    return p


def time_steps(step, warmup, repeats):
    """Runs `step` `warmup` times untimed, then `repeats` times timed with time.perf_counter.

    Returns (last result, list of seconds per step). `step` must finish its work before returning
    (JAX callers wrap it in block_until_ready).
    """
    for _ in range(warmup):
        step()
    times = []
    result = None
    for _ in range(repeats):
        t0 = time.perf_counter()
        result = step()
        times.append(time.perf_counter() - t0)
    return result, times


def report(peer, version, args, problem, times_s, loss, grad_flat, extra=None):
    """Prints the one JSON result line and dumps the gradient if asked."""
    grad_flat = np.asarray(grad_flat, dtype=np.float64)
    if args.dump_grad:
        np.save(args.dump_grad, grad_flat)
    ms = [t * 1e3 for t in times_s]
    line = {
        "peer": peer,
        "version": version,
        "problem": problem,
        "precision": args.precision,
        "threads": args.threads,
        "ms_per_step": statistics.median(ms),
        "ms_min": min(ms),
        "repeats": len(ms),
        "loss": float(loss),
        "grad_norm": float(np.linalg.norm(grad_flat)),
    }
    if extra:
        line.update(extra)
    print(json.dumps(line), flush=True)


def check_counts(args):
    if args.repeats < 1:
        sys.exit("--repeats must be at least 1")
    if args.warmup < 0:
        sys.exit("--warmup must be non-negative")
    if args.threads < 1:
        sys.exit("--threads must be at least 1")

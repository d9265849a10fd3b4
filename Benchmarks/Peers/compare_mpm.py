"""Pairs the JSON lines of `bench mpm` (PDEKit) and mpm_taichi.py (Taichi) and prints the ratios of
particle-steps per second, PDEKit over Taichi, for each scene and particle count, at equal threads
(one) and with PDEKit on all cores, and the cost of a differentiable rollout over the plain forward.

    compare_mpm.py PDEKIT.jsonl TAICHI.jsonl

Goals: forward at least Taichi's speed (PDEKit in float64 against Taichi in float32, ratio >= 1);
forward + backward at most 3x the forward. When the files hold several rounds, the fastest result of
each kind is used. Lines that are not JSON are skipped. Exit status 0 (a missed goal is a result,
not an error); 2 when a file cannot be read.
"""

import sys

from json_lines import load


def best(lines, **match):
    found = [d for d in lines if all(d.get(k) == v for k, v in match.items()) and "particle_steps_per_second" in d]
    return max(found, key=lambda d: d["particle_steps_per_second"]) if found else None


def main():
    if len(sys.argv) != 3:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    pdekit, taichi = load(sys.argv[1], exit_code=2), load(sys.argv[2], exit_code=2)
    keys = sorted({(d["scene"], d["particles"]) for d in taichi if "particle_steps_per_second" in d})
    print(f"{'scene':10s} {'particles':>9s} {'Taichi f32 1T':>14s} {'PDEKit f64 1T':>14s} {'ratio':>6s} "
          f"{'PDEKit all':>11s} {'ratio':>6s}  goal >= 1")
    for scene, particles in keys:
        peer = best(taichi, scene=scene, particles=particles)
        one = best(pdekit, scene=scene, particles=particles, threads=1)
        alls = [d for d in pdekit if d.get("scene") == scene and d.get("particles") == particles
                and d.get("threads", 1) > 1 and "particle_steps_per_second" in d]
        many = max(alls, key=lambda d: d["particle_steps_per_second"]) if alls else None
        t = peer["particle_steps_per_second"]
        r1 = one["particle_steps_per_second"] / t if one else float("nan")
        rn = many["particle_steps_per_second"] / t if many else float("nan")
        print(f"{scene:10s} {particles:9d} {t:14.3e} {one['particle_steps_per_second'] if one else float('nan'):14.3e} "
              f"{r1:6.2f} {many['particle_steps_per_second'] if many else float('nan'):11.3e} {rn:6.2f}  "
              f"{'met' if max(r1, rn if rn == rn else 0) >= 1 else 'MISSED'} (1 thread: {'met' if r1 >= 1 else 'MISSED'})")
    grads = [d for d in pdekit if d.get("scene") == "jelly2d-gradient"]
    for k in sorted({d.get("checkpoint_every", 25) for d in grads}):
        g = min((d for d in grads if d.get("checkpoint_every", 25) == k), key=lambda d: d["backward_over_forward"])
        print(f"jelly2d, 8192 particles, {g['steps']} steps, checkpoint every {k}: forward {g['forward_seconds']:.3f} s, "
              f"forward + backward {g['forward_backward_seconds']:.3f} s, ratio {g['backward_over_forward']:.2f} "
              f"(goal <= 3: {'met' if g['backward_over_forward'] <= 3 else 'MISSED'})")

if __name__ == "__main__":
    main()

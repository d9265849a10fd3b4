#!/usr/bin/env python3
"""Times one full PINN training step in PyTorch (CPU).

  torch_step.py DIR [--precision float64|float32] [--repeats R] [--warmup W]
                [--threads T] [--dump-grad OUT.npy] [--backward]

A step is: clear gradients, forward pass on interior and boundary points,
input derivatives by torch.autograd.grad(create_graph=True), the loss,
and the gradient of the loss with respect to every network parameter.
Prints one JSON line (see peer_common.report).
"""

import math
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import peer_common as pc  # noqa: E402

import torch  # noqa: E402


def make_net(weights, biases):
    last = len(weights) - 1

    def net(h):
        for k, (w, b) in enumerate(zip(weights, biases)):
            h = torch.addmm(b, h, w)
            if k != last:
                h = torch.tanh(h)
        return h

    return net


def make_step(prob, dtype, use_backward):
    weights = [torch.tensor(w, dtype=dtype, requires_grad=True) for w in prob["weights"]]
    biases = [torch.tensor(b, dtype=dtype, requires_grad=True) for b in prob["biases"]]
    params = []
    for w, b in zip(weights, biases):
        params.extend([w, b])
    net = make_net(weights, biases)

    interior = torch.tensor(prob["interior"], dtype=dtype)
    boundary = torch.tensor(prob["boundary"], dtype=dtype)
    bvalues = torch.tensor(prob["boundary_values"], dtype=dtype).reshape(-1, 1)
    grad = torch.autograd.grad

    if prob["problem"] == "burgers":
        nu = prob["nu"]

        def residual(X):
            u = net(X)
            du = grad(u, X, torch.ones_like(u), create_graph=True)[0]
            u_x, u_t = du[:, 0:1], du[:, 1:2]
            u_xx = grad(u_x, X, torch.ones_like(u_x), create_graph=True)[0][:, 0:1]
            return u_t + u * u_x - nu * u_xx
    else:
        two_pi_sq = 2.0 * math.pi ** 2
        source = (two_pi_sq * torch.sin(math.pi * interior[:, 0:1]) * torch.sin(math.pi * interior[:, 1:2]))

        def residual(X):
            u = net(X)
            du = grad(u, X, torch.ones_like(u), create_graph=True)[0]
            u_x, u_y = du[:, 0:1], du[:, 1:2]
            u_xx = grad(u_x, X, torch.ones_like(u_x), create_graph=True)[0][:, 0:1]
            u_yy = grad(u_y, X, torch.ones_like(u_y), create_graph=True)[0][:, 1:2]
            return -(u_xx + u_yy) - source

    def step():
        for p in params:
            p.grad = None
        X = interior.detach().requires_grad_(True)
        r = residual(X)
        ub = net(boundary)
        loss = torch.mean(r * r) + torch.mean((ub - bvalues) ** 2)
        if use_backward:
            loss.backward()
            grads = [p.grad for p in params]
        else:
            grads = grad(loss, params)
        return loss.detach(), grads

    return step


def main():
    parser = pc.step_parser(__doc__.strip().splitlines()[0])
    parser.add_argument("--backward", action="store_true",
                        help="use loss.backward() instead of autograd.grad(loss, params)")
    args = parser.parse_args()
    pc.check_counts(args)
    torch.set_num_threads(args.threads)

    prob = pc.load_problem(args.dir)
    dtype = torch.float64 if args.precision == "float64" else torch.float32
    step = make_step(prob, dtype, args.backward)

    (loss, grads), times = pc.time_steps(step, args.warmup, args.repeats)

    flat = pc.flatten([g.detach().numpy() for g in grads])
    pc.report("pytorch", torch.__version__, args, prob["problem"], times, loss.item(), flat,
              extra={"grad_api": "backward" if args.backward else "autograd.grad"})


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Times one full PINN training step in DeepXDE (PyTorch backend, CPU).

  deepxde_step.py DIR [--precision float64|float32] [--repeats R] [--warmup W]
                  [--threads T] [--dump-grad OUT.npy]

The network is a dde.nn.FNN with the problem's layer sizes and tanh, its
linear layers loaded with the exported weights. A step is what DeepXDE's own
PyTorch training step does for this loss, without the rest of model.train
(sampling, callbacks, metrics, optimizer update): clear the parameter
gradients, run the network on the interior points (a fresh leaf with
requires_grad), build the residual with dde.grad.jacobian / dde.grad.hessian,
run it on the boundary points, sum the two mean-square losses, clear
DeepXDE's derivative cache (dde.grad.clear) and call loss.backward().
Prints one JSON line (see peer_common.report).
"""

import contextlib
import math
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import peer_common as pc  # noqa: E402

# DeepXDE picks its backend when it is imported.
os.environ["DDE_BACKEND"] = "pytorch"



def make_net(dde, torch, prob):
    """A dde.nn.FNN holding the exported weights."""
    weights, biases = prob["weights"], prob["biases"]
    sizes = [weights[0].shape[0]] + [w.shape[1] for w in weights]
    net = dde.nn.FNN(sizes, "tanh", "Glorot normal")
    dtype = dde.config.real(torch)
    with torch.no_grad():
        for linear, w, b in zip(net.linears, weights, biases):
            # torch.nn.Linear stores its weight as (out, in).
            linear.weight.copy_(torch.as_tensor(w.T, dtype=dtype))
            linear.bias.copy_(torch.as_tensor(b, dtype=dtype))
    return net


def make_pde(dde, torch, prob, interior):
    """The residual r(x, u), written the DeepXDE way."""
    if prob["problem"] == "burgers":
        nu = prob["nu"]

        def pde(x, u):
            u_x = dde.grad.jacobian(u, x, i=0, j=0)
            u_t = dde.grad.jacobian(u, x, i=0, j=1)
            u_xx = dde.grad.hessian(u, x, i=0, j=0)
            return u_t + u * u_x - nu * u_xx
    else:
        two_pi_sq = 2.0 * math.pi ** 2
        source = two_pi_sq * torch.sin(math.pi * interior[:, 0:1]) * torch.sin(math.pi * interior[:, 1:2])

        def pde(x, u):
            u_xx = dde.grad.hessian(u, x, i=0, j=0)
            u_yy = dde.grad.hessian(u, x, i=1, j=1)
            return -(u_xx + u_yy) - source

    return pde


def make_step(dde, torch, prob):
    dtype = dde.config.real(torch)
    net = make_net(dde, torch, prob)
    params = list(net.parameters())  # W0, b0, W1, b1, ... (W as (out, in))

    interior = torch.as_tensor(prob["interior"], dtype=dtype)
    boundary = torch.as_tensor(prob["boundary"], dtype=dtype)
    bvalues = torch.as_tensor(prob["boundary_values"], dtype=dtype).reshape(-1, 1)
    pde = make_pde(dde, torch, prob, interior)
    mse = dde.losses.get("MSE")

    def step():
        net.zero_grad(set_to_none=True)
        net.train(mode=True)
        X = interior.detach().requires_grad_(True)
        u = net(X)
        r = pde(X, u)
        ub = net(boundary)
        losses = torch.stack([mse(torch.zeros_like(r), r), mse(bvalues, ub)])
        loss = torch.sum(losses)
        # DeepXDE keys its Jacobian/Hessian cache on the tensors; clear it every step.
        dde.grad.clear()
        loss.backward()
        return loss.detach(), [p.grad for p in params]

    return step


def main():
    parser = pc.step_parser(__doc__.strip().splitlines()[0])
    args = parser.parse_args()
    pc.check_counts(args)

    import torch
    import deepxde as dde

    if dde.backend.backend_name != "pytorch":
        sys.exit(f"DeepXDE backend is {dde.backend.backend_name!r}, expected 'pytorch'")
    torch.set_num_threads(args.threads)
    # set_default_float announces itself on stdout; keep stdout for the JSON line.
    with contextlib.redirect_stdout(sys.stderr):
        dde.config.set_default_float(args.precision)

    prob = pc.load_problem(args.dir)
    step = make_step(dde, torch, prob)

    (loss, grads), times = pc.time_steps(step, args.warmup, args.repeats)

    # Back to the problem's layout: W as (fan_in, fan_out).
    arrays = []
    for k, g in enumerate(grads):
        g = g.detach().numpy()
        arrays.append(g.T if k % 2 == 0 else g)
    flat = pc.flatten(arrays)
    pc.report("deepxde", dde.__version__, args, prob["problem"], times, loss.item(), flat,
              extra={"backend": dde.backend.backend_name, "torch_version": torch.__version__,
                     "deriv_api": "dde.grad.jacobian/hessian", "grad_api": "backward"})


if __name__ == "__main__":
    main()

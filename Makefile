# PDEKit — `make demo` runs the flagship example, `make test` the whole suite (release mode).
SWIFT ?= swift
CONFIG := -c release
PYTHON_PEERS := .venv-peers/bin/python
BENCH_DIR := runs/bench

.PHONY: all bootstrap build test demo bench bench-peers bench-sparse bench-fem bench-burgers bench-causal bench-mpm clean

all: build

bootstrap:
	@bash Scripts/bootstrap

build: bootstrap
	$(SWIFT) build $(CONFIG)

test: bootstrap
	$(SWIFT) build $(CONFIG) --build-tests
	$(SWIFT) test $(CONFIG) --skip-build --disable-swift-testing

demo: bootstrap
	$(SWIFT) run $(CONFIG) poisson-1d

bench: bootstrap
	$(SWIFT) run $(CONFIG) bench pinn-step --problem burgers
	$(SWIFT) run $(CONFIG) bench pinn-step --problem poisson2d

$(PYTHON_PEERS): Benchmarks/Peers/requirements.txt
	python3 -m venv .venv-peers
	$(PYTHON_PEERS) -m pip install -q --upgrade pip
	$(PYTHON_PEERS) -m pip install -q -r Benchmarks/Peers/requirements.txt
	touch $(PYTHON_PEERS)

# PDEKit and the PyTorch/JAX peers on the same weights and points, one thread each, side by side.
bench-peers: bootstrap $(PYTHON_PEERS)
	$(SWIFT) build $(CONFIG) --product bench
	PYTHON=$(PYTHON_PEERS) bash Benchmarks/Peers/bench_all.sh $(BENCH_DIR)

# Sparse linear algebra: SpMV against a triad bandwidth, CG and IC(0)-PCG, CHOLMOD; PDEKit and
# SciPy/scikit-sparse side by side.
bench-sparse: bootstrap $(PYTHON_PEERS)
	$(SWIFT) build $(CONFIG) --product bench
	PYTHON=$(PYTHON_PEERS) bash Benchmarks/Peers/bench_sparse.sh $(BENCH_DIR)/sparse

# Finite elements: P1 stiffness assembly and a full Poisson solve; PDEKit and scikit-fem (with
# SuperLU, PyAMG and scikit-sparse CHOLMOD) side by side on the same meshes.
bench-fem: bootstrap $(PYTHON_PEERS)
	$(SWIFT) build $(CONFIG) --product bench
	PYTHON=$(PYTHON_PEERS) bash Benchmarks/Peers/bench_fem.sh $(BENCH_DIR)/fem

# Burgers time to accuracy: PDEKit's burgers example against the same run in PyTorch, side by side.
bench-burgers: bootstrap $(PYTHON_PEERS)
	$(SWIFT) build $(CONFIG) --product burgers
	PYTHON=$(PYTHON_PEERS) bash Benchmarks/Peers/bench_burgers_tta.sh $(BENCH_DIR)/burgers-tta

# Causal training, time to accuracy: PDEKit's allen-cahn example against the same run in PyTorch,
# side by side (BUDGET seconds each, default 1200).
bench-causal: bootstrap $(PYTHON_PEERS)
	$(SWIFT) build $(CONFIG) --product allen-cahn
	BUDGET=$(or $(BUDGET),1200) PYTHON=$(PYTHON_PEERS) bash Benchmarks/Peers/bench_causal_tta.sh $(BENCH_DIR)/causal-tta

# Material point method: forward particle-steps per second against Taichi's CPU backend on the same
# scenes, and a differentiable rollout's cost over the forward one.
bench-mpm: bootstrap $(PYTHON_PEERS)
	$(SWIFT) build $(CONFIG) --product bench
	PYTHON=$(PYTHON_PEERS) bash Benchmarks/Peers/bench_mpm.sh $(BENCH_DIR)/mpm

clean:
	rm -rf .build runs

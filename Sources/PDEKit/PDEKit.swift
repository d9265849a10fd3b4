// The umbrella module: re-exports the public modules of PDEKit and defines nothing.
@_exported import Autodiff
@_exported import NeuralNetworks
@_exported import PhysicsInformed
@_exported import SparseLinearAlgebra
@_exported import Visualization
@_exported import Meshes
@_exported import FiniteElements
@_exported import ReferenceSolvers
@_exported import LearnedSolvers
@_exported import MaterialPoint

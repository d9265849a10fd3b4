import Autodiff
import Foundation

/// How grid velocities behave in the layer of cells next to the box walls.
public enum WallCondition: String, Sendable, CaseIterable {
    /// The velocity component into the wall is zeroed (the wall is frictionless).
    case freeSlip = "free-slip"
    /// The whole velocity is zeroed when it points into the wall (the material sticks).
    case noSlip = "no-slip"
}

/// An MLS-MPM simulator with APIC transfers and quadratic B-spline weights on the unit square or
/// cube, in two or three dimensions.
///
/// One step, for every particle p and each of its 3^d neighbour nodes i (weight w_ip):
/// 1. τ_p = material(F_p); A_p = −dt V_p (4/dx²) τ_p + m_p C_p;
///    m_i += w m_p, (mv)_i += w (m_p v_p + A_p (x_i − x_p));
/// 2. v_i = (mv)_i / m_i + dt g, with the walls applied within `wallThickness` cells of each face;
/// 3. v_p = Σ w v_i, C_p = (4/dx²) Σ w v_i (x_i − x_p)ᵀ, x_p += dt v_p,
///    F_p = returnMap((I + dt C_p) F_p).
///
/// The forward simulation records nothing and runs on all cores; its result does not depend on the
/// number of threads (see `MPMWorkspace`).
public struct MPMSimulator: Sendable {
    /// 2 or 3.
    public let dimension: Int
    /// Grid cells per side of the unit box (nodes 0…n−1 per axis, spacing 1/n).
    public let resolution: Int
    /// The time step.
    public var timeStep: Double
    /// Gravity (default 9.8 down the y axis).
    public var gravity: SIMD3<Double>
    /// Cells next to each face where the walls act.
    public var wallThickness: Int = 3
    /// The wall behaviour.
    public var walls: WallCondition = .freeSlip
    /// Threads the forward simulation may use (default: all compute threads, `PDEKIT_NUM_THREADS`).
    /// The result is the same for any value.
    public var threads: Int? = nil
    /// The materials; a particle's `materialIndices` entry picks one.
    public var materials: [any ConstitutiveModel]

    /// Creates a simulator; throws for a dimension other than 2 or 3, fewer than 8 cells, or a
    /// non-positive time step.
    public init(dimension: Int, resolution: Int, timeStep: Double, gravity: SIMD3<Double> = SIMD3(0, -9.8, 0),
                materials: [any ConstitutiveModel]) throws {
        guard dimension == 2 || dimension == 3 else { throw MaterialPointError.invalidSetting("dimension must be 2 or 3, got \(dimension)") }
        guard resolution >= 8 else { throw MaterialPointError.invalidSetting("the grid needs at least 8 cells per side, got \(resolution)") }
        guard timeStep > 0, timeStep.isFinite else { throw MaterialPointError.invalidSetting("the time step must be positive, got \(timeStep)") }
        guard !materials.isEmpty else { throw MaterialPointError.invalidSetting("at least one material is needed") }
        self.dimension = dimension
        self.resolution = resolution
        self.timeStep = timeStep
        var g = gravity
        if dimension == 2 { g.z = 0 }
        self.gravity = g
        self.materials = materials
    }

    /// The thread count in use.
    var threadCount: Int { max(1, threads ?? computeThreadCount) }

    /// The grid spacing dx = 1/n.
    public var spacing: Double { 1 / Double(resolution) }

    /// Nodes of the grid.
    public var nodeCount: Int { dimension == 3 ? resolution * resolution * resolution : resolution * resolution }

    /// Checks that a state fits this simulator (dimension, material indices, positions inside the box).
    public func validate(_ state: ParticleState) throws {
        guard state.dimension == dimension else {
            throw MaterialPointError.invalidSetting("the particles are \(state.dimension)-D but the simulator is \(dimension)-D")
        }
        if let bad = state.materialIndices.first(where: { $0 < 0 || $0 >= materials.count }) {
            throw MaterialPointError.invalidSetting("material index \(bad) is out of range (\(materials.count) materials)")
        }
        let lo = spacing, hi = 1 - spacing
        for x in state.positions {
            for a in 0..<dimension where !(x[a] >= lo && x[a] <= hi) {
                throw MaterialPointError.invalidSetting("particle at \(x) lies outside the grid's interior [\(lo), \(hi)]")
            }
        }
    }

    /// Advances `state` by `steps` steps, reusing `workspace`; throws `.diverged` (leaving the last
    /// finite state) if a non-finite value appears. `observe` is called after every step with the
    /// step number (1-based) and the state.
    public func run(_ state: inout ParticleState, steps: Int, workspace: MPMWorkspace? = nil,
                    checkEvery: Int = 100, observe: ((Int, ParticleState) -> Void)? = nil) throws {
        try validate(state)
        let work = workspace ?? MPMWorkspace(simulator: self)
        var lastGood = state
        for s in 1...max(steps, 1) where steps > 0 {
            step(&state, workspace: work)
            if s % checkEvery == 0 || s == steps {
                guard state.isFinite else { state = lastGood; throw MaterialPointError.diverged(step: s) }
                lastGood = state
            }
            observe?(s, state)
        }
    }

    /// One step, in place.
    public func step(_ state: inout ParticleState, workspace: MPMWorkspace) {
        step(&state, workspace: workspace, afterScatter: nil)
    }

    /// One step, in place; `afterScatter` sees the workspace when its grid holds the momenta and
    /// masses of P2G (before the grid update).
    func step(_ state: inout ParticleState, workspace: MPMWorkspace, afterScatter: ((MPMWorkspace) -> Void)?) {
        workspace.prepare(for: self, particleCount: state.count)
        // One material of a common type: kernels specialised for it (no dynamic dispatch per particle).
        if materials.count == 1 {
            switch materials[0] {
            case let m as NeoHookean: return step(&state, workspace: workspace, single: m, afterScatter: afterScatter)
            case let m as FixedCorotated: return step(&state, workspace: workspace, single: m, afterScatter: afterScatter)
            case let m as EquationOfStateFluid: return step(&state, workspace: workspace, single: m, afterScatter: afterScatter)
            case let m as HenckyVonMises: return step(&state, workspace: workspace, single: m, afterScatter: afterScatter)
            case let m as HenckyDruckerPrager: return step(&state, workspace: workspace, single: m, afterScatter: afterScatter)
            case let m as WeaklyCompressibleWater: return step(&state, workspace: workspace, single: m, afterScatter: afterScatter)
            default: break
            }
        }
        computeAffineTerms(state, workspace: workspace)
        scatterToGrid(state, workspace: workspace)
        afterScatter?(workspace)
        updateGrid(workspace: workspace)
        gatherFromGrid(&state, workspace: workspace)
    }

    func step<Model: ConstitutiveModel>(_ state: inout ParticleState, workspace: MPMWorkspace, single: Model,
                                        afterScatter: ((MPMWorkspace) -> Void)?) {
        computeAffineTerms(state, workspace: workspace, single: single)
        scatterToGrid(state, workspace: workspace)
        afterScatter?(workspace)
        updateGrid(workspace: workspace)
        gatherFromGrid(&state, workspace: workspace, returnMap: true, single: single)
    }
}

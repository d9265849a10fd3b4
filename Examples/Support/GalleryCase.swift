import Foundation
import PDEKit

/// A physics-informed example: the problem, a model, default stages and the exact or reference
/// solution it is measured against. Built by the functions of ``Gallery`` with sizes as parameters,
/// so the executables and the regression tests run the same definitions.
public struct GalleryCase {
    /// The example's name (its executable).
    public var name: String
    /// The problem.
    public var problem: Problem
    /// The model to train.
    public var model: PINN<Sequential>
    /// The default stages.
    public var stages: [TrainingStage]
    /// Adam steps between resamplings (nil: fixed points).
    public var resampleEvery: Int? = nil
    /// Residual-based adaptive refinement (nil: none).
    public var refinement: ResidualRefinement? = nil
    /// Loss weighting.
    public var weighting: LossWeighting = .fixed
    /// Causal weighting of the residual (nil: none).
    public var causal: CausalWeighting? = nil
    /// Mini-batch size per condition (nil: full batch).
    public var batchSize: Int? = nil
    /// The solution to compare with.
    public var reference: Reference
    /// Extra figures of merit computed from the trained model (e.g. a recovered coefficient's error).
    public var extraMetrics: (PINN<Sequential>) -> [(String, Double)] = { _ in [] }

    /// Creates a case.
    public init(name: String, problem: Problem, model: PINN<Sequential>, stages: [TrainingStage], reference: Reference) {
        self.name = name
        self.problem = problem
        self.model = model
        self.stages = stages
        self.reference = reference
    }

    /// Training options with this case's defaults and `stages`.
    public func options(stages: [TrainingStage]? = nil, seed: UInt64 = 0) -> TrainingOptions {
        var o = TrainingOptions(stages: stages ?? self.stages)
        o.resampleEvery = resampleEvery
        o.refinement = refinement
        o.weighting = weighting
        o.causal = causal
        o.batchSize = batchSize
        o.seed = seed
        o.validation = Validation(points: reference.points, reference: reference.values,
                                  components: reference.components, every: 500)
        return o
    }

    /// `stages` with the Adam steps and L-BFGS iterations replaced where given.
    /// With `lbfgs` given and no L-BFGS stage among the defaults, one is appended.
    public func stages(adam: Int?, lbfgs: Int?) -> [TrainingStage] {
        var result: [TrainingStage] = stages.map { stage in
            switch stage {
            case let .adam(steps, schedule): return .adam(steps: adam ?? steps, schedule: schedule)
            case let .lbfgs(iterations, history, tolerance): return .lbfgs(iterations: lbfgs ?? iterations, historySize: history, gradientTolerance: tolerance)
            }
        }
        let hasLBFGS = stages.contains { if case .lbfgs = $0 { return true } else { return false } }
        if let lbfgs, lbfgs > 0, !hasLBFGS { result.append(.lbfgs(iterations: lbfgs)) }
        return result
    }

    /// Relative L2 error of `model` against the reference, overall and per compared component.
    public func errors(of model: PINN<Sequential>) -> (overall: Double, perComponent: [Double], maxAbs: Double) {
        let prediction = model.predict(reference.points)
        var difference = 0.0, norm = 0.0, maxAbs = 0.0
        var per: [Double] = []
        let n = reference.points.shape[0], k = reference.components.count, outputs = prediction.shape[1]
        for (j, c) in reference.components.enumerated() {
            var d = 0.0, r = 0.0
            for i in 0..<n where reference.mask?[i] ?? true {
                let e = prediction.scalars[i * outputs + c] - reference.values.scalars[i * k + j]
                d += e * e
                r += reference.values.scalars[i * k + j] * reference.values.scalars[i * k + j]
                maxAbs = max(maxAbs, abs(e))
            }
            per.append((d / max(r, .leastNormalMagnitude)).squareRoot())
            difference += d
            norm += r
        }
        return ((difference / max(norm, .leastNormalMagnitude)).squareRoot(), per, maxAbs)
    }
}

/// Reference values on a grid of points (1D or 2D), for validation, metrics and pictures.
public struct Reference {
    /// Points, `[n, d]`; for a 2D grid, `x` varies slowest (row `i * ny + j` is `(x_i, y_j)`).
    public var points: Tensor
    /// Reference values, `[n, components.count]`.
    public var values: Tensor
    /// The model outputs compared.
    public var components: [Int]
    /// Names of the compared outputs (metrics `relative_l2_<name>`).
    public var componentNames: [String]
    /// Grid axes: one axis for a curve, two for a heat map (x first).
    public var axes: [[Double]]
    /// Axis labels.
    public var axisLabels: [String]
    /// Which grid points lie in the domain (nil: all); errors are measured there only and pictures
    /// and `solution.npy` hold NaN elsewhere.
    public var mask: [Bool]?

    /// Keeps only the grid points where `inside` holds for errors and pictures.
    public mutating func restrict(to inside: ([Double]) -> Bool) {
        let d = points.shape[1]
        mask = (0..<points.shape[0]).map { inside(Array(points.scalars[($0 * d)..<(($0 + 1) * d)])) }
    }

    /// A reference on the tensor grid `axes` (x slowest), with `exact` giving the compared outputs at a point.
    public init(axes: [[Double]], labels: [String], components: [Int] = [0], names: [String] = ["u"],
                exact: ([Double]) -> [Double]) {
        var points: [Double] = [], values: [Double] = []
        if axes.count == 1 {
            for x in axes[0] { points.append(x); values += exact([x]) }
        } else {
            for x in axes[0] { for y in axes[1] { points += [x, y]; values += exact([x, y]) } }
        }
        let n = points.count / axes.count
        self.init(points: Tensor(shape: [n, axes.count], scalars: points),
                  values: Tensor(shape: [n, components.count], scalars: values),
                  components: components, names: names, axes: axes, labels: labels)
    }

    /// A reference from precomputed values on the tensor grid `axes` (x slowest).
    public init(points: Tensor, values: Tensor, components: [Int], names: [String], axes: [[Double]], labels: [String]) {
        self.points = points
        self.values = values
        self.components = components
        self.componentNames = names
        self.axes = axes
        self.axisLabels = labels
    }
}

/// `count` evenly spaced values from `a` to `b` inclusive.
public func linspace(_ a: Double, _ b: Double, _ count: Int) -> [Double] {
    count == 1 ? [a] : (0..<count).map { a + (b - a) * Double($0) / Double(count - 1) }
}

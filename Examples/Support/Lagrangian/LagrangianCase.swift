import Foundation
import PDEKit

/// A Lagrangian-PINN example: the builder, default stages, and what the prediction is measured
/// against on the Eulerian grid `xs × times` (256 × 101 by default). Built by the functions of
/// ``LagrangianGallery`` with sizes as parameters, so the executables and the regression tests run
/// the same definitions.
public struct LagrangianCase {
    /// The example's name (its executable).
    public var name: String
    /// The Lagrangian PINN (equation, network sizes, points).
    public var lagrangian: LagrangianPINN
    /// The default stages (the plain baseline gets the same).
    public var stages: [TrainingStage]
    /// The solution u(x, t): exact, or a periodic reference interpolated in x.
    public var solution: Solution
    /// The exact characteristics X(x0, t), where known.
    public var characteristics: ((_ x0: Double, _ t: Double) -> Double)?
    /// Points per period of the Eulerian grid (and labels of the Lagrangian one).
    public var gridCount = 256
    /// Times of the grid, from 0 to T.
    public var timeCount = 101

    /// The solution a case is measured against.
    public enum Solution {
        /// A closed form u(x, t).
        case exact((_ x: Double, _ t: Double) -> Double)
        /// Snapshots on a periodic grid at the grid's times (any size; interpolated in x).
        case reference(PeriodicSnapshots)
    }

    /// Creates a case.
    public init(name: String, lagrangian: LagrangianPINN, stages: [TrainingStage], solution: Solution,
                characteristics: ((_ x0: Double, _ t: Double) -> Double)? = nil) {
        self.name = name
        self.lagrangian = lagrangian
        self.stages = stages
        self.solution = solution
        self.characteristics = characteristics
    }

    /// The Eulerian grid's points x.
    public var xs: [Double] { lagrangian.equation.periodicGrid(gridCount) }
    /// The grid's times.
    public var times: [Double] { lagrangian.equation.timeGrid(timeCount) }

    /// u on `xs × times`, x first.
    public var referenceValues: [Double] {
        let (xs, times) = (self.xs, self.times)
        var values = [Double]()
        values.reserveCapacity(xs.count * times.count)
        for x in xs {
            for (j, t) in times.enumerated() {
                switch solution {
                case let .exact(u): values.append(u(x, t))
                case let .reference(snapshots): values.append(snapshots.value(at: x, row: j))
                }
            }
        }
        return values
    }

    /// `stages` with the Adam steps and L-BFGS iterations replaced where given.
    public func stages(adam: Int?, lbfgs: Int?) -> [TrainingStage] {
        stages.map { stage in
            switch stage {
            case let .adam(steps, schedule): return .adam(steps: adam ?? steps, schedule: schedule)
            case let .lbfgs(iterations, history, tolerance):
                return .lbfgs(iterations: lbfgs ?? iterations, historySize: history, gradientTolerance: tolerance)
            }
        }
    }
}

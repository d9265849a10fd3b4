import Autodiff
import Foundation
import NeuralNetworks
import PhysicsInformed
import XCTest

/// A parameter-free model given by a closure of the inputs `[x0, t]`, returning `[X, U]`.
struct ClosureModel: Layer {
    let body: (Jet) -> Jet
    var parameters: [Variable] {
        get { [] }
        set { precondition(newValue.isEmpty) }
    }
    func callAsFunction(_ input: Jet) -> Jet { body(input) }
}

/// The Lagrangian PINN: residuals and chain rule on exact Lagrangian pairs, evaluation in physical
/// space, Eulerian resampling, and a short training run that finds the characteristics.
final class LagrangianTests: XCTestCase {
    lazy var points = Variable(RandomKey(seed: 5).uniform([64, 2], low: 0, high: 1) * Tensor(shape: [1, 2], scalars: [2 * Double.pi, 1]))

    func residuals(_ lagrangian: LagrangianPINN, _ model: ClosureModel) -> (Variable, Variable) {
        let fields = Fields(of: { model($0) }, at: points, coordinates: "xt", derivatives: ["t", "x", "xx"])
        let r = lagrangian.residuals(ConditionContext(fields: fields, batch: PointBatch(points: points.value),
                                                      parameters: PhysicalParameters()))
        return (r.characteristic, r.state)
    }

    func testResidualsVanishOnTheExactInviscidBurgersMap() {
        // u0 = sin x0 + 0.5: X = x0 + t u0(x0), U = u0(x0) solve u_t + u u_x = 0 before the shock.
        let equation = TransportEquation(speed: .solution, finalTime: 0.8) { $0.sin() + 0.5 }
        let exact = ClosureModel { p in
            let x0 = p.column(0), t = p.column(1)
            return Jet.concatenate([x0 + t * (x0.sin() + 0.5), x0.sin() + 0.5])
        }
        let (rx, ru) = residuals(LagrangianPINN(equation: equation), exact)
        XCTAssertLessThan(rx.value.maxAbs(), 1e-12)
        XCTAssertLessThan(ru.value.maxAbs(), 1e-12)
        // A wrong map (speed off by 10 %) is seen by the characteristic residual.
        let wrong = ClosureModel { p in
            let x0 = p.column(0), t = p.column(1)
            return Jet.concatenate([x0 + t * (x0.sin() + 0.5) * 1.1, x0.sin() + 0.5])
        }
        XCTAssertGreaterThan(residuals(LagrangianPINN(equation: equation), wrong).0.value.maxAbs(), 1e-2)
    }

    func testResidualsVanishOnExactConvectionDiffusionThroughTheChainRule() {
        // u_t + 30 u_x = 0.01 u_xx, u0 = sin x: X = x0 + 30 t, U = e^{−νt} sin x0. The speed given as a
        // function forces the general chain-rule path.
        let (beta, nu) = (30.0, 0.01)
        let exact = ClosureModel { p in
            let x0 = p.column(0), t = p.column(1)
            return Jet.concatenate([x0 + t * beta, (t * -nu).exp() * x0.sin()])
        }
        for speed in [CharacteristicSpeed.constant(beta), .function(scale: beta) { u, _, _ in Variable(Tensor(repeating: beta, shape: u.shape)) }] {
            let equation = TransportEquation(speed: speed, viscosity: nu, finalTime: 1) { $0.sin() }
            let (rx, ru) = residuals(LagrangianPINN(equation: equation), exact)
            XCTAssertLessThan(rx.value.maxAbs(), 1e-12)
            XCTAssertLessThan(ru.value.maxAbs(), 1e-12)
        }
        // Without the viscous term the state residual is ν e^{−νt} sin x0, not zero.
        let inviscid = TransportEquation(speed: .constant(beta), finalTime: 1) { $0.sin() }
        XCTAssertGreaterThan(residuals(LagrangianPINN(equation: inviscid), exact).1.value.maxAbs(), 1e-3)
    }

    func testChainRuleMatchesFiniteDifferencesThroughANonlinearMap() {
        // X = x0 + 0.6 sin x0 (monotone: X' ≥ 0.4), U = cos 2x0 + sin x0; u(x) = U(X⁻¹(x)).
        let map = ClosureModel { p in
            let x0 = p.column(0)
            return Jet.concatenate([x0 + x0.sin() * 0.6, (x0 * 2).cos() + x0.sin()])
        }
        let fields = Fields(of: { map($0) }, at: points, coordinates: "xt", derivatives: ["x", "xx"])
        let (ux, uxx) = LagrangianPINN.spatialDerivatives(state: fields[1], characteristic: fields[0])
        func u(_ x: Double) -> Double {
            var x0 = x
            for _ in 0..<60 { x0 -= (x0 + 0.6 * sin(x0) - x) / (1 + 0.6 * cos(x0)) }
            return cos(2 * x0) + sin(x0)
        }
        // Fourth-order central differences, h = 1e-3: truncation ~1e-12, rounding ~1e-10.
        let h = 1e-3
        for k in 0..<points.shape[0] {
            let x0 = points.value.scalars[2 * k], x = x0 + 0.6 * sin(x0)
            let (m2, m1, p1, p2) = (u(x - 2 * h), u(x - h), u(x + h), u(x + 2 * h))
            let first = (m2 - 8 * m1 + 8 * p1 - p2) / (12 * h)
            let second = (-m2 + 16 * m1 - 30 * u(x) + 16 * p1 - p2) / (12 * h * h)
            XCTAssertEqual(ux.value.scalars[k], first, accuracy: 1e-8 * max(1, abs(first)))
            XCTAssertEqual(uxx.value.scalars[k], second, accuracy: 1e-6 * max(1, abs(second)))
        }
    }

    func testHardInitialConditionsHoldForAnyWeights() {
        let equation = TransportEquation(speed: .solution, finalTime: 0.5) { $0.sin() + 0.5 }
        var model = LagrangianPINN(equation: equation).model(key: RandomKey(seed: 1))
        let key = RandomKey(seed: 2)
        model.setParameterTensors(model.parameterTensors.enumerated().map { i, p in key.fold(in: i).normal(p.shape, standardDeviation: 0.5) })
        let labels = equation.periodicGrid(32)
        let start = LagrangianSolution(model: model, labels: labels, times: [0])
        for (j, x0) in labels.enumerated() {
            XCTAssertEqual(start.positions[j], x0, accuracy: 1e-14)
            XCTAssertEqual(start.values[j], sin(x0) + 0.5, accuracy: 1e-14)
        }
        // X − x0 and U are periodic in x0.
        let later = LagrangianSolution(model: model, labels: [0.3, 0.3 + 2 * Double.pi], times: [0.4])
        XCTAssertEqual(later.positions[1] - later.positions[0], 2 * Double.pi, accuracy: 1e-12)
        XCTAssertEqual(later.values[1], later.values[0], accuracy: 1e-12)
        XCTAssertNotEqual(later.positions[0], 0.3 + 0.4 * (sin(0.3) + 0.5), "random weights are not the exact map")
    }

    func testPhysicalSpaceErrorsAndResamplingAreExactForExactModels() {
        let beta = 30.0
        let equation = TransportEquation(speed: .constant(beta), finalTime: 1) { $0.sin() }
        let lagrangian = LagrangianPINN(equation: equation)
        let convection = ClosureModel { p in Jet.concatenate([p.column(0) + p.column(1) * beta, p.column(0).sin()]) }
        let solution = lagrangian.solution(of: convection, labelCount: 64, timeCount: 11)
        XCTAssertLessThan(solution.errors(exact: { x, t in sin(x - beta * t) }).relativeL2, 1e-13)
        XCTAssertEqual(solution.characteristicErrors(exact: { x0, t in x0 + beta * t }).displacement, 0, accuracy: 1e-14)
        XCTAssertGreaterThan(solution.errors(exact: { x, t in sin(x - 0.9 * beta * t) }).relativeL2, 0.5)

        // Resampled on an Eulerian grid that is not the label grid.
        let xs = (0..<50).map { 2 * Double.pi * Double($0) / 50 + 0.01 }, ts = equation.timeGrid(11)
        let eulerian = lagrangian.eulerianValues(of: convection, xs: xs, times: ts)
        var exact: [Double] = []
        for x in xs { for t in ts { exact.append(sin(x - beta * t)) } }
        XCTAssertLessThan(ErrorSummary(prediction: eulerian, reference: exact).maxAbs, 1e-9)

        // A nonlinear map: inviscid Burgers X = x0 + t sin x0, U = sin x0, whose u solves u = sin(x − t u).
        let burgers = ClosureModel { p in
            let x0 = p.column(0)
            return Jet.concatenate([x0 + p.column(1) * x0.sin(), x0.sin()])
        }
        let times = [0.0, 0.3, 0.6, 0.9]
        let u = lagrangian.eulerianValues(of: burgers, xs: xs, times: times)
        for (i, x) in xs.enumerated() {
            for (j, t) in times.enumerated() {
                XCTAssertEqual(u[i * times.count + j], sin(x - t * u[i * times.count + j]), accuracy: 1e-9)
            }
        }
    }

    func testTrigonometricInterpolationIsExactForBandLimitedData() {
        let f = { (x: Double) in 0.3 + sin(3 * x) - 0.5 * cos(5 * x) + 0.2 * cos(16 * x) }
        for n in [32, 33] {
            let grid = (0..<n).map { 2 * Double.pi * Double($0) / Double(n) }
            let interpolant = TrigonometricInterpolant(samples: grid.map(f), lower: 0, period: 2 * Double.pi)
            for x in [-1.3, 0.1, 2.7, 6.2, 9.9] {
                XCTAssertEqual(interpolant(x), f(x), accuracy: 1e-12, "n = \(n), x = \(x)")
            }
        }
        // Snapshots: the same per row.
        let snapshots = PeriodicSnapshots(times: [0, 1], values: (0..<32).map { sin(2 * Double.pi * Double($0) / 32) }
                                          + (0..<32).map { cos(2 * Double.pi * Double($0) / 32) }, count: 32, lower: 0, period: 2 * Double.pi)
        XCTAssertEqual(snapshots.value(at: 1.0, row: 0), sin(1.0), accuracy: 1e-13)
        XCTAssertEqual(snapshots.value(at: 1.0, row: 1), cos(1.0), accuracy: 1e-13)
    }

    func testShortTrainingFindsTheConvectionCharacteristics() throws {
        let beta = 30.0
        var lagrangian = LagrangianPINN(equation: TransportEquation(speed: .constant(beta), finalTime: 1) { $0.sin() })
        (lagrangian.characteristicWidth, lagrangian.characteristicDepth) = (8, 1)
        (lagrangian.stateWidth, lagrangian.stateDepth) = (16, 2)
        lagrangian.collocationPoints = 256
        var options = TrainingOptions(stages: [.adam(steps: 200, schedule: .constant(1e-2)), .lbfgs(iterations: 200)])
        options.progressEvery = 0
        let trainer = try Trainer(problem: lagrangian.problem(), model: lagrangian.model(key: RandomKey(seed: 0)), options: options)
        _ = try trainer.train()
        let solution = lagrangian.solution(of: trainer.model, labelCount: 64, timeCount: 21)
        let characteristic = solution.characteristicErrors(exact: { x0, t in x0 + beta * t })
        let state = solution.errors(exact: { x, t in sin(x - beta * t) })
        print("short convection run: displacement error \(characteristic.displacement), relative L2 \(state.relativeL2)")
        XCTAssertLessThan(characteristic.displacement, 1e-4)   // measured 6.4e-7
        XCTAssertLessThan(state.relativeL2, 1e-3)              // measured 1.0e-5
    }
}

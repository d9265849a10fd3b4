import Autodiff
import Foundation
import NeuralNetworks
import PhysicsInformed
import XCTest

/// A parameter-free "network" computing a known function, so each condition's residual can be
/// checked against its definition.
struct AnalyticField: Layer {
    var parameters: [Variable] = []
    let function: (Jet) -> Jet
    func callAsFunction(_ input: Jet) -> Jet { function(input) }
}

/// Each condition builder enforces what it says: its loss vanishes for a function satisfying it and
/// equals the known value for one that does not.
final class ConditionTests: XCTestCase {
    /// The loss of each condition for `function`, through a zero-step training run.
    func losses(_ conditions: [Condition], coordinates: Coordinates, _ function: @escaping (Jet) -> Jet) throws -> [String: Double] {
        var options = TrainingOptions(stages: [.adam(steps: 0, schedule: .constant(1e-3))])
        options.progressEvery = 0
        let trainer = try Trainer(problem: Problem(coordinates: coordinates, conditions: conditions),
                                  model: PINN(network: AnalyticField(function: function)), options: options)
        return try trainer.train().terms
    }

    func testNeumannAndRobinUseOutwardNormals() throws {
        // u = x² + 3y on the unit square: ∂u/∂n = 2x·n_x + 3·n_y.
        let square = Rectangle(lower: [0, 0], upper: [1, 1])
        let u: (Jet) -> Jet = { p in p.column(0) * p.column(0) + 3 * p.column(1) }
        let exactNormal: ([Double]) -> Double = { p in
            if abs(p[0] - 1) < 1e-12 { return 2 * p[0] }
            if abs(p[0]) < 1e-12 { return -2 * p[0] }
            return abs(p[1] - 1) < 1e-12 ? 3 : -3
        }
        let l = try losses([
            .neumann("right", on: square, count: 64, where: { abs($0[0] - 1) < 1e-12 }) { _ in 2 },
            .neumann("all", on: square, count: 256, value: exactNormal),
            .neumann("wrong", on: square, count: 64, where: { abs($0[1]) < 1e-12 }) { _ in 0 },
            .robin("robin", on: square, count: 256, alpha: 2, beta: 0.5) { p in 2 * (p[0] * p[0] + 3 * p[1]) + 0.5 * exactNormal(p) },
        ], coordinates: "xy", u)
        XCTAssertLessThan(l["right"]!, 1e-26)
        XCTAssertLessThan(l["all"]!, 1e-26)
        XCTAssertEqual(l["wrong"]!, 9, accuracy: 1e-12)          // ∂u/∂n = −3 on y = 0, not 0
        XCTAssertLessThan(l["robin"]!, 1e-24)
    }

    func testPeriodicConditionComparesPartnerPoints() throws {
        let domain = TimeExtrusion(Interval(0, 1), from: 0, to: 1)
        let periodic: (Jet) -> Jet = { p in (p.column(0) * (2 * Double.pi)).sin() * p.column(1) }
        let notPeriodic: (Jet) -> Jet = { p in p.column(0) }
        let conditions: [Condition] = [.periodic(on: domain, axis: 0, count: 32, derivatives: ["", "x"])]
        XCTAssertLessThan(try losses(conditions, coordinates: "xt", periodic)["periodic"]!, 1e-26)
        // u = x: values differ by 1 across the period, derivatives agree.
        XCTAssertEqual(try losses(conditions, coordinates: "xt", notPeriodic)["periodic"]!, 1, accuracy: 1e-12)
    }

    func testInitialValueAndRate() throws {
        let domain = TimeExtrusion(Interval(-1, 1), from: 0, to: 2)
        // u = sin(x) cos(t) + 3t: u(x, 0) = sin x, u_t(x, 0) = 3.
        let u: (Jet) -> Jet = { p in p.column(0).sin() * p.column(1).cos() + 3 * p.column(1) }
        let l = try losses([
            .initial(on: domain, count: 40) { sin($0[0]) },
            .initialRate(on: domain, count: 40) { _ in 3 },
            .initialRate("rate_wrong", on: domain, count: 40) { _ in 1 },
        ], coordinates: "xt", u)
        XCTAssertLessThan(l["ic"]!, 1e-30)
        XCTAssertLessThan(l["ic_t"]!, 1e-26)
        XCTAssertEqual(l["rate_wrong"]!, 4, accuracy: 1e-12)
    }

    func testDataAndDirichletConditions() throws {
        let points = Tensor(shape: [3, 2], scalars: [0, 0, 1, 2, -1, 0.5])
        let values = Tensor(shape: [3, 2], scalars: [0, 1, 3, 2, -0.5, 1])
        // Two outputs, x + y and 1 + y/2: the data differ from them only at the third point, in
        // the second output, by 0.25.
        let u: (Jet) -> Jet = { p in Jet.concatenate([p.column(0) + p.column(1), p.column(1) * 0.5 + 1]) }
        let l = try losses([
            .data(points: points, values: values, components: [0, 1]),
            .dirichlet(on: Rectangle(lower: [0, 0], upper: [1, 1]), count: 50, component: 1) { 1 + 0.5 * $0[1] },
        ], coordinates: "xy", u)
        XCTAssertEqual(l["data"]!, 0.0625 / 3, accuracy: 1e-15)
        XCTAssertLessThan(l["bc"]!, 1e-30)
    }
}

import Autodiff
import Foundation
import NeuralNetworks
import PhysicsInformed
import XCTest

/// The trainer: resume, divergence, refinement, balancing, budgets, saving and reloading.
final class TrainerTests: XCTestCase {
    /// −u″ = π² sin(πx) on [−1, 1] with soft u(±1) = 0: small enough to train in milliseconds.
    static func smallProblem() -> Problem {
        let interval = Interval(-1, 1)
        return Problem(coordinates: "x", conditions: [
            .equation(on: interval, count: 48, derivatives: ["xx"]) { c in
                -c[0].xx - c.evaluate { .pi * .pi * sin(.pi * $0[0]) }
            },
            .dirichlet(on: interval, count: 2) { _ in 0 },
        ])
    }

    func smallProblem() -> Problem { Self.smallProblem() }

    func smallModel(seed: UInt64 = 3) -> PINN<MLP> {
        PINN(network: MLP(sizes: [1, 8, 8, 1], activation: .tanh, key: RandomKey(seed: seed)))
    }

    func temporaryFolder() -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("pdekit-trainer-\(UUID().uuidString)")
        addTeardownBlock { try? FileManager.default.removeItem(at: url) }
        return url
    }

    func richOptions() -> TrainingOptions {
        var o = TrainingOptions(stages: [.adam(steps: 40, schedule: .constant(5e-3)), .lbfgs(iterations: 10)])
        o.resampleEvery = 10
        o.batchSize = 32
        o.refinement = ResidualRefinement(every: 15, candidates: 100, added: 5)
        o.weighting = .gradientNormBalancing(every: 10, smoothing: 0.5)
        o.progressEvery = 0
        o.seed = 11
        return o
    }

    func testResumeReproducesAnUninterruptedRunBitForBit() throws {
        let uninterrupted = try Trainer(problem: smallProblem(), model: smallModel(), options: richOptions())
        let full = try uninterrupted.train()
        XCTAssertEqual(full.steps, 50)

        let folder = temporaryFolder()
        var first = richOptions()
        first.output = folder
        first.callback = { $0.step < 23 }           // stop after step 23, inside the Adam stage
        let interrupted = try Trainer(problem: smallProblem(), model: smallModel(), options: first)
        XCTAssertEqual(try interrupted.train().stopReason, .callback)

        var second = richOptions()
        second.output = folder
        second.resume = true
        let resumed = try Trainer(problem: smallProblem(), model: smallModel(seed: 99), options: second)
        let report = try resumed.train()
        XCTAssertEqual(report.steps, 50)
        XCTAssertEqual(resumed.model.parameterTensors, uninterrupted.model.parameterTensors)
        XCTAssertEqual(resumed.history.map(\.loss), uninterrupted.history.map(\.loss))
        XCTAssertEqual(resumed.lossMultipliers, uninterrupted.lossMultipliers)
        XCTAssertEqual(resumed.currentPoints(of: "pde")?.points, uninterrupted.currentPoints(of: "pde")?.points)
        let csv = try String(contentsOf: folder.appendingPathComponent("loss.csv"), encoding: .utf8)
        XCTAssertEqual(csv.split(separator: "\n").count, 51)    // header + 50 steps
    }

    func testDivergenceStopsAndKeepsTheLastGoodState() throws {
        final class Counter { var calls = 0 }
        let counter = Counter()
        var problem = smallProblem()
        let original = problem.conditions[0].residual
        problem.conditions[0].residual = { c in
            counter.calls += 1
            return counter.calls >= 13 ? [original(c)[0] * Double.nan] : original(c)
        }
        let folder = temporaryFolder()
        var options = TrainingOptions(stages: [.adam(steps: 100, schedule: .constant(1e-3))])
        options.output = folder
        options.checkpointEvery = 5
        options.progressEvery = 0
        let trainer = try Trainer(problem: problem, model: smallModel(), options: options)
        XCTAssertThrowsError(try trainer.train()) { error in
            guard case let .diverged(step, stage, loss, checkpoint)? = error as? TrainingError else {
                return XCTFail("expected divergence, got \(error)")
            }
            XCTAssertEqual(step, 13)
            XCTAssertEqual(stage, "adam")
            XCTAssertTrue(loss.isNaN)
            XCTAssertEqual(checkpoint?.lastPathComponent, "model.ckpt")
        }
        XCTAssertEqual(trainer.history.count, 12)
        XCTAssertTrue(trainer.model.parameterTensors.allSatisfy(\.isFinite))
        var reloaded = smallModel(seed: 5)
        try reloaded.load(from: folder.appendingPathComponent("model.ckpt"))
        XCTAssertEqual(reloaded.parameterTensors, trainer.model.parameterTensors)
        // The kept parameters are those whose (finite) loss was recorded last.
        var zeroSteps = TrainingOptions(stages: [.adam(steps: 0, schedule: .constant(1e-3))])
        zeroSteps.progressEvery = 0
        let check = try Trainer(problem: smallProblem(), model: reloaded, options: zeroSteps).train()
        XCTAssertEqual(check.loss, trainer.history.last!.loss)
    }

    func testRefinementAddsThePointsOfLargestResidual() throws {
        // The residual is 1 for x > 0.5 and 0 elsewhere, whatever the network.
        let problem = Problem(coordinates: "x", conditions: [
            .equation(on: Interval(-1, 1), count: 20) { c in c[0].value * 0.0 + c.evaluate { $0[0] > 0.5 ? 1 : 0 } },
        ])
        var options = TrainingOptions(stages: [.adam(steps: 7, schedule: .constant(1e-3))])
        options.refinement = ResidualRefinement(every: 3, candidates: 200, added: 10)
        options.progressEvery = 0
        let trainer = try Trainer(problem: problem, model: smallModel(), options: options)
        _ = try trainer.train()
        let points = try XCTUnwrap(trainer.currentPoints(of: "pde")).points
        XCTAssertEqual(points.shape, [40, 1])                      // 20 drawn + 2 refinements × 10
        XCTAssertTrue(points.scalars[20...].allSatisfy { $0 > 0.5 })
    }

    func testGradientNormBalancingEqualisesTheTerms() throws {
        // Two copies of the same residual, one scaled by 100: gradients differ by 100×.
        let residual: (ConditionContext) -> [Variable] = { c in [c[0].value - 1] }
        let points = Tensor(shape: [16, 1], scalars: (0..<16).map { Double($0) / 15 })
        let problem = Problem(coordinates: "x", conditions: [
            .constraint("large", on: .fixed(points), residual: { c in residual(c).map { $0 * 100.0 } }),
            .constraint("small", on: .fixed(points), residual: residual),
        ])
        var options = TrainingOptions(stages: [.adam(steps: 1, schedule: .constant(1e-3))])
        options.weighting = .gradientNormBalancing(every: 1, smoothing: 0)
        options.progressEvery = 0
        options.resampleEvery = nil
        let trainer = try Trainer(problem: problem, model: smallModel(), options: options)
        _ = try trainer.train()
        let m = trainer.lossMultipliers
        // Losses differ by 100² = 1e4, so do their gradients; λ is inversely proportional.
        XCTAssertEqual(m[1] / m[0], 1e4, accuracy: 1e4 * 1e-9)
        XCTAssertEqual(m[0] + m[1], (1e4 + 1) / 1e4 + (1e4 + 1), accuracy: 1e-6)
    }

    func testWallClockBudgetStopsTraining() throws {
        var options = TrainingOptions(stages: [.adam(steps: 1_000_000, schedule: .constant(1e-3))])
        options.wallClockBudget = 0.2
        options.progressEvery = 0
        let trainer = try Trainer(problem: smallProblem(), model: smallModel(), options: options)
        let start = Date()
        let report = try trainer.train()
        XCTAssertEqual(report.stopReason, .wallClockBudget)
        XCTAssertLessThan(Date().timeIntervalSince(start), 5)
        XCTAssertGreaterThan(report.steps, 0)
        XCTAssertLessThan(report.steps, 1_000_000)
    }

    func testSavedModelReloadsAndEvaluatesIdentically() throws {
        var options = TrainingOptions(stages: [.adam(steps: 20, schedule: .constant(1e-2))])
        options.progressEvery = 0
        let model = PINN(network: MLP(sizes: [1, 8, 1], activation: .tanh, key: RandomKey(seed: 1)),
                         physicalParameters: PhysicalParameters(["k": 2])) { x, n in (1.0 - x * x) * n }
        let trainer = try Trainer(problem: smallProblem(), model: model, options: options)
        _ = try trainer.train()
        let url = temporaryFolder().appendingPathExtension("ckpt")
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try trainer.model.save(to: url)

        var fresh = PINN(network: MLP(sizes: [1, 8, 1], activation: .tanh, key: RandomKey(seed: 42)),
                         physicalParameters: PhysicalParameters(["k": 0])) { x, n in (1.0 - x * x) * n }
        try fresh.load(from: url)
        let points = Tensor(shape: [5, 1], scalars: [-1, -0.3, 0, 0.4, 1])
        XCTAssertEqual(fresh.predict(points), trainer.model.predict(points))
        XCTAssertEqual(fresh.physicalParameters.value("k"), trainer.model.physicalParameters.value("k"))

        var mismatched = PINN(network: MLP(sizes: [1, 8, 1], activation: .tanh, key: RandomKey(seed: 42)))
        XCTAssertThrowsError(try mismatched.load(from: url))
    }

    func testValidationByACustomMeasureIsLoggedAtItsInterval() throws {
        // The error measure: the relative L2 of u against sin(πx) on a grid, computed from the model
        // itself (as the Lagrangian examples measure U at the model's own positions).
        let grid = Tensor(shape: [21, 1], scalars: (0...20).map { -1 + Double($0) / 10 })
        let exact = grid.scalars.map { sin(.pi * $0) }
        func error(_ model: any Layer) -> Double {
            let u = model(grid).scalars
            let diff = zip(u, exact).map { ($0 - $1) * ($0 - $1) }.reduce(0, +)
            return (diff / exact.map { $0 * $0 }.reduce(0, +)).squareRoot()
        }
        var options = TrainingOptions(stages: [.adam(steps: 25, schedule: .constant(5e-3))])
        options.progressEvery = 0
        options.validation = Validation(every: 10) { error($0) }
        let trainer = try Trainer(problem: smallProblem(), model: smallModel(), options: options)
        let report = try trainer.train()
        let validated = trainer.history.filter { $0.validationError != nil }.map(\.step)
        XCTAssertEqual(validated, [10, 20, 25])   // every 10 steps and the last
        XCTAssertEqual(trainer.history.last!.validationError!, error(trainer.model), accuracy: 1e-15)
        XCTAssertEqual(report.validationError!, error(trainer.model), accuracy: 1e-15)
        var bad = options
        bad.validation = Validation(every: 0) { error($0) }
        XCTAssertThrowsError(try Trainer(problem: smallProblem(), model: smallModel(), options: bad))
    }

    func testInvalidConfigurationsAreReportedInOneLine() {
        let bad = Problem(coordinates: "x", conditions: [
            .equation(on: Interval(0, 1), count: 4, derivatives: ["yy"]) { c in c[0].value },
        ])
        XCTAssertThrowsError(try Trainer(problem: bad, model: smallModel(), options: TrainingOptions(stages: [.lbfgs(iterations: 1)]))) {
            XCTAssertTrue("\($0)".contains("\"yy\""), "\($0)")
        }
        let wrongDimension = Problem(coordinates: "xy", conditions: [.dirichlet(on: Interval(0, 1), count: 2) { _ in 0 }])
        XCTAssertThrowsError(try Trainer(problem: wrongDimension, model: smallModel(), options: TrainingOptions(stages: [.lbfgs(iterations: 1)])))
        XCTAssertThrowsError(try Trainer(problem: smallProblem(), model: smallModel(), options: TrainingOptions(stages: [])))
    }
}

import Autodiff
import Foundation
import NeuralNetworks
import PhysicsInformed
import XCTest

/// Causal weighting: closed-form weights, stop-gradient, the ε schedule, resume; and time marching.
final class CausalTrainingTests: XCTestCase {
    /// Points (x, t) with t at the centres of four slices of [0, 1], three points per slice.
    let times: [Double] = [0.125, 0.375, 0.625, 0.875]
    var points: Tensor {
        Tensor(shape: [12, 2], scalars: times.flatMap { t in [-0.5, 0, 0.5].flatMap { [$0, t] } })
    }

    func model(seed: UInt64 = 5) -> PINN<MLP> {
        PINN(network: MLP(sizes: [2, 6, 1], activation: .tanh, key: RandomKey(seed: seed)))
    }

    /// A residual that does not depend on the model (g(t) = slice number): L_i = i², in closed form.
    func constantResidualProblem(icResidual: Double = 0.3) -> Problem {
        Problem(coordinates: "xt", conditions: [
            .constraint("pde", on: .fixed(points)) { c in
                [c[0].value * 0.0 + c.evaluate { p in (4 * p[1]).rounded(.down) + 1 }]
            },
            .constraint("ic", on: .fixed(Tensor(shape: [1, 2], scalars: [0, 0])), weight: 2) { c in
                [c[0].value * 0.0 + icResidual]
            },
        ])
    }

    func options(_ causal: CausalWeighting, steps: Int = 1) -> TrainingOptions {
        var o = TrainingOptions(stages: [.adam(steps: steps, schedule: .constant(1e-3))])
        o.causal = causal
        o.progressEvery = 0
        return o
    }

    func testWeightsAndLossMatchTheClosedForm() throws {
        let epsilon = 0.05
        for initial in [[String](), ["ic"]] {
            let causal = CausalWeighting(timeAxis: 1, slices: 4, timeRange: 0...1, epsilons: [epsilon], initialConditions: initial)
            var seen: CausalRecord?
            var o = options(causal)
            o.callback = { seen = $0.causal; return true }
            let trainer = try Trainer(problem: constantResidualProblem(), model: model(), options: o)
            let (total, terms) = try trainer.loss()
            _ = try trainer.train()

            let l = [1.0, 4, 9, 16]
            let l0 = initial.isEmpty ? 0 : 2 * 0.3 * 0.3
            let w = [0, 1, 5, 14].map { exp(-epsilon * (l0 + $0)) }
            let causalLoss = zip(w, l).map(*).reduce(0, +) / 4
            let record = try XCTUnwrap(seen)
            for (a, b) in zip(record.sliceLosses, l) { XCTAssertEqual(a, b, accuracy: 1e-12) }
            XCTAssertEqual(record.minimumWeight, w[3], accuracy: 1e-14)
            XCTAssertEqual(record.epsilon, epsilon)
            XCTAssertEqual(terms[0].scalar, causalLoss, accuracy: 1e-12)
            XCTAssertEqual(total.scalar, causalLoss + 2 * 0.09, accuracy: 1e-12)
        }
    }

    func testWeightsReceiveNoGradient() throws {
        // Slice 1's residual depends on the model (r = u), the others are constant (r = 3): the
        // causal loss is (L₁ + w₂·9 + w₃·9 + w₄·9)/4 with wᵢ = exp(−ε(L₁ + 9(i − 2))) depending on
        // L₁. With stop-gradient, ∇ = ∇L₁ / 4; differentiating the weights would add −ε·9·Σw/4 ∇L₁.
        let problem = Problem(coordinates: "xt", conditions: [
            .constraint("pde", on: .fixed(points)) { c in
                let firstSlice = c.evaluate { $0[1] < 0.25 ? 1 : 0 }
                return [c[0].value * firstSlice + (1.0 - firstSlice) * 3.0]
            },
        ])
        let causal = CausalWeighting(timeAxis: 1, slices: 4, timeRange: 0...1, epsilons: [0.1])
        let trainer = try Trainer(problem: problem, model: model(), options: options(causal))
        let (total, _) = try trainer.loss()
        let gradient = gradients(of: total, wrt: trainer.model.parameters).map(\.value)

        // ∇L₁ / 4 by central differences of L₁ = mean over slice 1 of u².
        let first = Tensor(shape: [3, 2], scalars: [-0.5, 0.125, 0, 0.125, 0.5, 0.125])
        func sliceLoss(_ m: PINN<MLP>) -> Double { let u = m.predict(first); return (u * u).sum() / 3 }
        let h = 1e-6
        var tensors = trainer.model.parameterTensors
        var largest = 0.0
        for (k, tensor) in tensors.enumerated() {
            for j in 0..<tensor.count {
                var plus = trainer.model, minus = trainer.model
                var s = tensor.scalars
                s[j] += h; tensors[k] = Tensor(shape: tensor.shape, scalars: s); plus.parameterTensors = tensors
                s[j] -= 2 * h; tensors[k] = Tensor(shape: tensor.shape, scalars: s); minus.parameterTensors = tensors
                tensors[k] = tensor
                let expected = (sliceLoss(plus) - sliceLoss(minus)) / (2 * h) / 4
                XCTAssertEqual(gradient[k].scalars[j], expected, accuracy: 1e-7)
                largest = max(largest, abs(expected))
            }
        }
        XCTAssertGreaterThan(largest, 1e-3, "the check must not pass on vanishing gradients")
    }

    func testEpsilonAdvancesOnlyWhenEveryWeightExceedsTheThreshold() throws {
        // Tiny residuals: every weight is above δ at once, so ε climbs one level per check and
        // training stops after the last level converges.
        let tiny = Problem(coordinates: "xt", conditions: [
            .constraint("pde", on: .fixed(points)) { c in [c[0].value * 0.0 + 1e-3] },
        ])
        let causal = CausalWeighting(timeAxis: 1, slices: 4, timeRange: 0...1, epsilons: [1, 10, 100], checkEvery: 1)
        let fast = try Trainer(problem: tiny, model: model(), options: options(causal, steps: 50))
        let report = try fast.train()
        XCTAssertEqual(report.stopReason, .causalConverged)
        XCTAssertEqual(fast.history.compactMap(\.causal?.epsilon), [1, 10, 100])

        // Large residuals: min w = exp(−ε·14) < δ, so ε stays … unless the level's step budget runs out.
        let stuck = try Trainer(problem: constantResidualProblem(), model: model(), options: options(
            CausalWeighting(timeAxis: 1, slices: 4, timeRange: 0...1, epsilons: [1, 10], checkEvery: 1), steps: 6))
        XCTAssertEqual(try stuck.train().stopReason, .completed)
        XCTAssertEqual(Set(stuck.history.compactMap(\.causal?.epsilon)), [1])
        let budgeted = try Trainer(problem: constantResidualProblem(), model: model(), options: options(
            CausalWeighting(timeAxis: 1, slices: 4, timeRange: 0...1, epsilons: [1, 10], checkEvery: 1, stepsPerLevel: 4), steps: 6))
        _ = try budgeted.train()
        XCTAssertEqual(budgeted.history.compactMap(\.causal?.epsilon), [1, 1, 1, 1, 10, 10])
    }

    /// u_t = −u on [0, 1] × x ∈ [0, 1], u(x, 0) = 1: a small causal run that changes level.
    func decayProblem() -> Problem {
        let domain = TimeExtrusion(Interval(0, 1), from: 0, to: 1)
        return Problem(coordinates: "xt", conditions: [
            .equation(on: domain, count: 64, derivatives: ["t"]) { c in c[0].t + c[0].value },
            .initial(on: domain, count: 16) { _ in 1 },
        ])
    }

    func testResumeContinuesAtTheSavedLevelBitForBit() throws {
        func decayOptions() -> TrainingOptions {
            var o = options(CausalWeighting(timeAxis: 1, slices: 8, epsilons: [1e-3, 1, 100], checkEvery: 5,
                                            initialConditions: ["ic"], stopsWhenConverged: false), steps: 40)
            o.resampleEvery = 10
            o.seed = 4
            return o
        }
        let uninterrupted = try Trainer(problem: decayProblem(), model: model(), options: decayOptions())
        _ = try uninterrupted.train()
        XCTAssertGreaterThan(Set(uninterrupted.history.compactMap(\.causal?.epsilon)).count, 1, "the run must change level")

        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("pdekit-causal-\(UUID().uuidString)")
        addTeardownBlock { try? FileManager.default.removeItem(at: folder) }
        var first = decayOptions()
        first.output = folder
        first.callback = { $0.step < 17 }
        _ = try Trainer(problem: decayProblem(), model: model(), options: first).train()
        var second = decayOptions()
        second.output = folder
        second.resume = true
        let resumed = try Trainer(problem: decayProblem(), model: model(seed: 77), options: second)
        _ = try resumed.train()
        XCTAssertEqual(resumed.model.parameterTensors, uninterrupted.model.parameterTensors)
        XCTAssertEqual(resumed.history.map(\.loss), uninterrupted.history.map(\.loss))
        XCTAssertEqual(resumed.history.map(\.causal), uninterrupted.history.map(\.causal))
        let csv = try String(contentsOf: folder.appendingPathComponent("loss.csv"), encoding: .utf8)
        let header = try XCTUnwrap(csv.split(separator: "\n").first)
        XCTAssertTrue(header.hasSuffix("seconds,epsilon,min_weight," + (1...8).map { "slice_loss_\($0)" }.joined(separator: ",")))
    }

    func testCausalConfigurationErrors() {
        let bad: [(CausalWeighting, String)] = [
            (CausalWeighting(condition: "missing", timeAxis: 1), "missing"),
            (CausalWeighting(timeAxis: 2), "time axis"),
            (CausalWeighting(timeAxis: 1, threshold: 1.5), "δ"),
            (CausalWeighting(timeAxis: 1, epsilons: []), "ε"),
            (CausalWeighting(timeAxis: 1, initialConditions: ["nope"]), "nope"),
        ]
        for (causal, phrase) in bad {
            XCTAssertThrowsError(try Trainer(problem: decayProblem(), model: model(), options: options(causal))) { error in
                XCTAssertTrue("\(error)".contains(phrase), "\(error)")
            }
        }
    }

    func testTimeMarchingCarriesTheEndOfOneWindowIntoTheNext() throws {
        // u′ = −u, u(0) = 1 on [0, 2] in two windows; exact e^(−t).
        var o = TrainingOptions(stages: [.adam(steps: 200, schedule: .constant(1e-2)), .lbfgs(iterations: 300)])
        o.progressEvery = 0
        let marching = TimeMarching(range: 0...2, windows: 2, timeAxis: 0, options: o,
                                    makeModel: { _ in PINN(network: MLP(sizes: [1, 12, 1], activation: .tanh, key: RandomKey(seed: 1))) }) { w in
            Problem(coordinates: "t", conditions: [
                .equation(on: Interval(w.start, w.end), count: 32, sampling: .hammersley, derivatives: ["t"]) { c in c[0].t + c[0].value },
                w.initialCondition(points: Tensor(shape: [1, 1], scalars: [0]), weight: 10) { _ in [1] },
            ])
        }
        try marching.train()
        XCTAssertEqual(marching.models.count, 2)
        let one = Tensor(shape: [1, 1], scalars: [1])
        // Window 2 starts where window 1 ends.
        XCTAssertEqual(marching.models[1].predict(one).scalars[0], marching.models[0].predict(one).scalars[0], accuracy: 1e-4)
        let ts = (0...40).map { Double($0) / 20 }
        let u = marching.predict(Tensor(shape: [ts.count, 1], scalars: ts))
        let exact = ts.map { exp(-$0) }
        let error = zip(u.scalars, exact).map { ($0 - $1) * ($0 - $1) }.reduce(0, +).squareRoot()
            / exact.map { $0 * $0 }.reduce(0, +).squareRoot()
        XCTAssertLessThan(error, 1e-3)
    }
}

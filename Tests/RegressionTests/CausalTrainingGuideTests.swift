import Foundation
import PDEKit
import XCTest

/// The time-marching snippet of Documentation/CausalTraining.md, with a shorter horizon and budget.
final class CausalTrainingGuideTests: XCTestCase {
    func testTimeMarchingSnippetFollowsTheLorenzReference() throws {
        var options = TrainingOptions(stages: [.adam(steps: 200, schedule: .constant(1e-2)), .lbfgs(iterations: 400)])
        options.progressEvery = 0
        options.causal = CausalWeighting(timeAxis: 0, slices: 4, epsilons: [1e-4, 1e-3], checkEvery: 50, stopsWhenConverged: false)
        options.log = { _ in }
        // From the guide (range 0...10 and 40 windows there).
        let (sigma, rho, beta) = (10.0, 28.0, 8.0 / 3)                          // Lorenz
        let marching = TimeMarching(range: 0...0.4, windows: 2, timeAxis: 0, options: options, makeModel: { w in
            // u = u(start) + 20 (t − start)/h · N(t): each window starts exactly where the previous one ended.
            let start = w.previous.map { $0(Tensor(shape: [1, 1], scalars: [w.start])).scalars } ?? [1, 1, 1]
            let network = Sequential([InputScaling(lower: [w.start], upper: [w.end]),
                                      MLP(sizes: [1, 64, 64, 64, 3], activation: .tanh, key: RandomKey(seed: UInt64(w.index)))])
            return PINN(network: network) { t, n in n * ((t - w.start) * (20 / (w.end - w.start))) + Variable(Tensor(shape: [1, 3], scalars: start)) }
        }) { w in
            Problem(coordinates: "t", conditions: [
                .system(on: Interval(w.start, w.end), count: 128, derivatives: ["t"]) { c in
                    let (x, y, z) = (c[0], c[1], c[2])
                    return [x.t - sigma * (y - x), y.t - x.value * (rho - z.value) + y.value, z.t - x * y + beta * z.value].map { $0 * 0.05 }
                },
            ])
        }
        try marching.train()
        let ts = (0...40).map { 0.01 * Double($0) }
        let times = Tensor(shape: [ts.count, 1], scalars: ts)
        let u = marching.predict(times)          // [n, 3], each row from the window holding its time

        let reference = try DormandPrince(relativeTolerance: 1e-12, absoluteTolerance: 1e-12)
            .solve(.lorenz(), initial: [1, 1, 1], times: ts)
        let exact = Tensor(shape: [ts.count, 3], scalars: reference.values)
        XCTAssertLessThan((u - exact).norm() / exact.norm(), 1e-3)
    }
}

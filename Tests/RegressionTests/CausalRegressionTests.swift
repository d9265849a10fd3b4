import ExampleSupport
import Foundation
import PDEKit
import XCTest

/// Fast versions of the causal examples with fixed seeds, against their references.
final class CausalRegressionTests: XCTestCase {
    func testLorenzTimeMarchingMatchesDormandPrince() throws {
        var options = TrainingOptions(stages: [.adam(steps: 300, schedule: .exponentialDecay(initial: 1e-2, rate: 0.5, decaySteps: 150)),
                                               .lbfgs(iterations: 400)])
        options.progressEvery = 0
        options.log = { _ in }
        let marching = LorenzCase.marching(horizon: 0.5, windows: 2, points: 64, width: 24, depth: 2, slices: 4, options: options, seed: 1)
        try marching.train()
        let times = (0...100).map { 0.5 * Double($0) / 100 }
        let reference = try LorenzCase.reference(times: times)
        let prediction = marching.predict(Tensor(shape: [times.count, 1], scalars: times))
        let error = (prediction - reference).norm() / reference.norm()
        XCTAssertLessThan(error, 1e-3)
        // The second window starts exactly where the first ends (the initial value is built in).
        let half = Tensor(shape: [1, 1], scalars: [0.25])
        for (a, b) in zip(marching.models[0].predict(half).scalars, marching.models[1].predict(half).scalars) {
            XCTAssertEqual(a, b, accuracy: 1e-12)
        }
    }
}

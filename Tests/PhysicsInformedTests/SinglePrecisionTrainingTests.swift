import Autodiff
import Foundation
import NeuralNetworks
import PhysicsInformed
import XCTest

/// Training with the network's jets in single precision (`model.precision = .float32`).
final class SinglePrecisionTrainingTests: XCTestCase {
    func model(_ precision: NetworkPrecision) -> PINN<Sequential> {
        var model = PINN(network: Sequential([InputScaling(lower: [-1], upper: [1]),
                                               MLP(sizes: [1, 12, 12, 1], activation: .tanh, key: RandomKey(seed: 3))]))
        model.precision = precision
        return model
    }

    func options(_ stages: [TrainingStage]) -> TrainingOptions {
        var o = TrainingOptions(stages: stages)
        o.progressEvery = 0
        o.seed = 5
        return o
    }

    func testContainersPassThePrecisionToTheirNetworks() {
        let single = model(.float32)
        XCTAssertEqual(single.precision, .float32)
        XCTAssertEqual((single.network.layers[1] as! MLP).precision, .float32)
        XCTAssertEqual(single.network.layers[0].precision, .float64)   // no fused operation: always double
        var back = single
        back.precision = .float64
        XCTAssertEqual((back.network.layers[1] as! MLP).precision, .float64)
        var branches = Parallel([MLP(sizes: [2, 8, 1], key: RandomKey(seed: 1)), MLP(sizes: [2, 8, 1], key: RandomKey(seed: 2))])
        XCTAssertEqual(branches.precision, .float64)
        branches.precision = .float32
        XCTAssert(branches.layers.allSatisfy { $0.precision == .float32 })
    }

    func testAdamInSinglePrecisionFollowsTheDoublePrecisionRun() throws {
        let stages: [TrainingStage] = [.adam(steps: 300, schedule: .constant(5e-3))]
        let double = try Trainer(problem: TrainerTests.smallProblem(), model: model(.float64), options: options(stages))
        let single = try Trainer(problem: TrainerTests.smallProblem(), model: model(.float32), options: options(stages))
        let a = try double.train(), b = try single.train()
        XCTAssertEqual(single.model.precision, .float32)
        // The same trajectory to single-precision accuracy: the loss falls by orders of magnitude and
        // the two runs end close, but not identical.
        XCTAssertLessThan(a.loss, 1e-2 * double.history[0].loss)
        XCTAssertEqual(b.loss, a.loss, accuracy: 1e-2 * a.loss)
        XCTAssertNotEqual(single.model.parameterTensors, double.model.parameterTensors)
    }

    func testLBFGSStagesRunInDoublePrecision() throws {
        // Only an L-BFGS stage: the single-precision model trains exactly like the double one.
        let stages: [TrainingStage] = [.lbfgs(iterations: 30)]
        let double = try Trainer(problem: TrainerTests.smallProblem(), model: model(.float64), options: options(stages))
        let single = try Trainer(problem: TrainerTests.smallProblem(), model: model(.float32), options: options(stages))
        _ = try double.train()
        _ = try single.train()
        XCTAssertEqual(single.model.parameterTensors, double.model.parameterTensors)
        XCTAssertEqual(single.model.precision, .float32)   // restored after training
    }
}

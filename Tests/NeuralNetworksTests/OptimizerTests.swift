import Foundation
import XCTest
import Autodiff
import NeuralNetworks

/// The extended Rosenbrock function Σ 100 (x_{i+1} − x_i²)² + (1 − x_i)² and its gradient.
func rosenbrock(_ x: [Double]) -> (value: Double, gradient: [Double]) {
    var f = 0.0
    var g = [Double](repeating: 0, count: x.count)
    for i in 0..<(x.count - 1) {
        let a = x[i + 1] - x[i] * x[i], b = 1 - x[i]
        f += 100 * a * a + b * b
        g[i] += -400 * a * x[i] - 2 * b
        g[i + 1] += 200 * a
    }
    return (f, g)
}

final class OptimizerTests: XCTestCase {
    func testLBFGSRosenbrock2D() {
        let report = LBFGS(historySize: 10, maxIterations: 500, gradientTolerance: 1e-9).minimize(from: [-1.2, 1], rosenbrock)
        XCTAssertEqual(report.reason, .gradientTolerance)
        XCTAssertLessThan(report.gradientNorm, 1e-8)
        XCTAssertEqual(report.x[0], 1, accuracy: 1e-8)
        XCTAssertEqual(report.x[1], 1, accuracy: 1e-8)
        XCTAssertLessThan(report.iterations, 100)
    }

    func testLBFGSRosenbrock100D() {
        let x0 = (0..<100).map { $0 % 2 == 0 ? -1.2 : 1.0 }
        let report = LBFGS(historySize: 20, maxIterations: 2000, gradientTolerance: 1e-9).minimize(from: x0, rosenbrock)
        XCTAssertEqual(report.reason, .gradientTolerance)
        XCTAssertLessThan(report.gradientNorm, 1e-8)
        XCTAssert(report.x.allSatisfy { abs($0 - 1) < 1e-7 }, "max deviation \(report.x.map { abs($0 - 1) }.max()!)")
        // Monotone decrease: every accepted step satisfied sufficient decrease.
        XCTAssert(zip(report.history, report.history.dropFirst()).allSatisfy { $1 <= $0 })
    }

    func testLBFGSCallbackStopsAndNaNIsReported() {
        var seen = 0
        let stopped = LBFGS().minimize(from: [-1.2, 1], rosenbrock) { _ in seen += 1; return seen < 3 }
        XCTAssertEqual(stopped.reason, .callback)
        XCTAssertEqual(stopped.iterations, 3)
        let nan = LBFGS().minimize(from: [0]) { _ in (.nan, [0]) }
        XCTAssertEqual(nan.reason, .nonFinite)
    }

    func testAdamFirstStepsMatchHandComputation() {
        // One scalar parameter, gradients 2, −1, 0.5; lr 0.1, β = (0.9, 0.999), ε = 1e-8.
        var adam = Adam(learningRate: 0.1)
        var p = [Tensor([1.0])]
        var expected = 1.0, m = 0.0, v = 0.0
        for (t, g) in [2.0, -1.0, 0.5].enumerated() {
            adam.update(&p, gradients: [Tensor([g])])
            m = 0.9 * m + 0.1 * g
            v = 0.999 * v + 0.001 * g * g
            let mHat = m / (1 - Foundation.pow(0.9, Double(t + 1))), vHat = v / (1 - Foundation.pow(0.999, Double(t + 1)))
            expected -= 0.1 * mHat / (vHat.squareRoot() + 1e-8)
            XCTAssertEqual(p[0].scalar, expected, accuracy: 1e-15, "step \(t + 1)")
        }
        // The very first step moves by the learning rate (m̂/√v̂ = sign g).
        var fresh = Adam(learningRate: 0.1)
        var q = [Tensor([3.0, -3.0])]
        fresh.update(&q, gradients: [Tensor([5.0, -0.01])])
        XCTAssertEqual(q[0].scalars[0], 2.9, accuracy: 1e-9)
        XCTAssertEqual(q[0].scalars[1], -2.9, accuracy: 1e-6)
    }

    func testAdamMinimisesAQuadraticAndDecoupledDecayShrinks() {
        var adam = Adam(learningRate: 0.05)
        var p = [Tensor([3.0, -2.0])]
        for _ in 0..<2000 { adam.update(&p, gradients: [p[0] * 2]) }
        XCTAssertLessThan(p[0].maxAbs(), 1e-3)
        var decayOnly = Adam(learningRate: 0.1, weightDecay: 0.5)
        var w = [Tensor([1.0])]
        decayOnly.update(&w, gradients: [Tensor([0.0])])
        XCTAssertEqual(w[0].scalar, 1 - 0.1 * 0.5, accuracy: 1e-12)
    }

    func testSchedulesAndClipping() {
        XCTAssertEqual(LearningRateSchedule.exponentialDecay(initial: 1e-3, rate: 0.9, decaySteps: 5000).rate(at: 10000), 1e-3 * 0.81, accuracy: 1e-15)
        XCTAssertEqual(LearningRateSchedule.exponentialDecay(initial: 1, rate: 0.5, decaySteps: 10, staircase: true).rate(at: 19), 0.5)
        let cosine = LearningRateSchedule.cosine(initial: 1, final: 0.1, totalSteps: 100)
        XCTAssertEqual(cosine.rate(at: 0), 1, accuracy: 1e-15)
        XCTAssertEqual(cosine.rate(at: 50), 0.55, accuracy: 1e-15)
        XCTAssertEqual(cosine.rate(at: 200), 0.1, accuracy: 1e-15)
        let warm = LearningRateSchedule.warmup(steps: 10, then: .constant(2))
        XCTAssertEqual(warm.rate(at: 0), 0.2, accuracy: 1e-15)
        XCTAssertEqual(warm.rate(at: 30), 2)
        let (clipped, norm) = GradientClipping.clipByGlobalNorm([Tensor([3.0]), Tensor([4.0])], maxNorm: 1)
        XCTAssertEqual(norm, 5)
        XCTAssertEqual(GradientClipping.globalNorm(clipped), 1, accuracy: 1e-15)
    }

    func testLBFGSFitsASmallNetworkThroughParameterVector() {
        // Fit sin(πx) on [−1, 1] with a 1-16-1 tanh network: full-batch L-BFGS on the flattened parameters.
        var net = MLP(sizes: [1, 16, 1], activation: .tanh, key: RandomKey(seed: 5))
        let x = Tensor(shape: [64, 1], scalars: (0..<64).map { -1 + 2 * Double($0) / 63 })
        let target = Variable(x.map { Foundation.sin(.pi * $0) })
        let template = net.parameterTensors
        let report = LBFGS(maxIterations: 2000).minimize(from: ParameterVector.flatten(template)) { theta in
            var model = net
            model.setParameterTensors(ParameterVector.unflatten(theta, like: template))
            let loss = (model(Variable(x)) - target).squared().mean()
            return (loss.scalar, ParameterVector.flatten(gradients(of: loss, wrt: model.parameters).map(\.value)))
        }
        net.setParameterTensors(ParameterVector.unflatten(report.x, like: template))
        XCTAssertLessThan(report.value, 1e-6, "stopped early: \(report.reason) after \(report.iterations)")
        XCTAssertGreaterThan(report.iterations, 50)
    }
}

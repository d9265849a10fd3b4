import Foundation
import XCTest
import PDEKit

/// −u″ = π² sin(πx) on [−1, 1], u(±1) = 0, exact u = sin(πx), trained end to end: jets for u″, a hard
/// boundary constraint u = (1 − x²) N(x), Adam then L-BFGS. A small budget that runs in about a second.
final class Poisson1DRegressionTests: XCTestCase {
    func testHardConstrainedPINNReachesAnalyticSolution() {
        let key = RandomKey(seed: 3)
        var net = MLP(sizes: [1, 16, 16, 1], activation: .tanh, key: key)
        let x = Tensor(shape: [48, 1], scalars: (0..<48).map { -1 + 2 * (Double($0) + 0.5) / 48 })
        let forcing = Variable(x.map { Double.pi * Double.pi * Foundation.sin(.pi * $0) })
        let plan = DerivativePlan(dimension: 1, partials: [[2]])
        func solution(_ n: MLP, _ input: Jet) -> Jet { (1.0 - input * input) * n(input) }
        func loss(_ n: MLP) -> Variable {
            let d = plan.evaluate({ solution(n, $0) }, at: Variable(x))
            return (-d[[2]] - forcing).squared().mean()
        }
        var adam = Adam(learningRate: 3e-3)
        var parameters = net.parameterTensors
        for _ in 0..<300 {
            adam.update(&parameters, gradients: gradients(of: loss(net), wrt: net.parameters).map(\.value))
            net.setParameterTensors(parameters)
        }
        let template = net.parameterTensors
        let report = LBFGS(maxIterations: 400).minimize(from: ParameterVector.flatten(template)) { theta in
            var model = net
            model.setParameterTensors(ParameterVector.unflatten(theta, like: template))
            let l = loss(model)
            return (l.scalar, ParameterVector.flatten(gradients(of: l, wrt: model.parameters).map(\.value)))
        }
        net.setParameterTensors(ParameterVector.unflatten(report.x, like: template))

        let grid = Tensor(shape: [401, 1], scalars: (0..<401).map { -1 + 2 * Double($0) / 400 })
        let predicted = solution(net, Jet(Variable(grid))).value.value
        let exact = grid.map { Foundation.sin(.pi * $0) }
        let relativeL2 = (predicted - exact).norm() / exact.norm()
        XCTAssertLessThan(relativeL2, 1e-4, "L-BFGS stopped with \(report.reason) after \(report.iterations) iterations")
        // The boundary values hold exactly by construction.
        XCTAssertEqual(predicted.scalars.first!, 0, accuracy: 1e-15)
        XCTAssertEqual(predicted.scalars.last!, 0, accuracy: 1e-15)
    }
}

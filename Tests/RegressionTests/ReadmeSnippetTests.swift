import Foundation
import XCTest
import PDEKit

/// The custom-equation snippet of README.md, kept compiling and checked: repeated Adam steps on the
/// Burgers residual lower the loss, and the residual from named fields equals the hand-built one.
final class ReadmeSnippetTests: XCTestCase {
    func testBurgersSnippet() {
        let key = RandomKey(seed: 0)
        var net = MLP(sizes: [2, 20, 20, 20, 1], activation: .tanh, key: key)
        let points = Variable(key.fold(in: 1).uniform([1000, 2], low: -1, high: 1))      // columns x, t
        let nu = 0.01 / Double.pi

        func loss(_ net: MLP) -> Variable {
            let u = Fields(of: { net($0) }, at: points, coordinates: "xt", derivatives: ["x", "xx", "t"])[0]
            let residual = u.t + u * u.x - nu * u.xx                                      // Burgers
            return residual.squared().mean()
        }

        let initial = loss(net).scalar
        var adam = Adam(learningRate: 1e-3)
        var parameters = net.parameterTensors
        for _ in 0..<50 {
            adam.update(&parameters, gradients: gradients(of: loss(net), wrt: net.parameters).map(\.value))
            net.setParameterTensors(parameters)
        }
        XCTAssertLessThan(loss(net).scalar, 0.5 * initial)

        let table = DerivativePlan(dimension: 2, partials: [[1, 0], [2, 0], [0, 1]]).evaluate({ net($0) }, at: points)
        let byHand = table[[0, 1]] + table.value * table[[1, 0]] - table[[2, 0]] * nu
        let u = Fields(of: { net($0) }, at: points, coordinates: "xt", derivatives: ["x", "xx", "t"])[0]
        XCTAssertEqual((u.t + u * u.x - nu * u.xx).value, byHand.value)
    }
}

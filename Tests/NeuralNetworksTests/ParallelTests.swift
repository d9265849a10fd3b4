import Autodiff
import NeuralNetworks
import XCTest

final class ParallelTests: XCTestCase {
    func testOutputsAreTheBranchesSideBySideWithTheirDerivatives() {
        let key = RandomKey(seed: 4)
        let a = MLP(sizes: [2, 6, 1], activation: .tanh, key: key.fold(in: 0))
        let b = MLP(sizes: [2, 5, 2], activation: .sin, key: key.fold(in: 1))
        let both = Parallel([a, b])
        XCTAssertEqual(both.parameters.count, a.parameters.count + b.parameters.count)
        let points = key.fold(in: 2).uniform([7, 2], low: -1, high: 1)
        let direction = [JetDirection([1, 0], order: 2)]
        let joined = both(Jet.input(Variable(points), directions: direction))
        let first = a(Jet.input(Variable(points), directions: direction))
        let second = b(Jet.input(Variable(points), directions: direction))
        XCTAssertEqual(joined.columns, 3)
        for k in 0...2 {
            let expected = Tensor.concatenate([first.component(k).value, second.component(k).value], alongAxis: 1)
            XCTAssertEqual(joined.component(k).value, expected)
        }
        // Gradients reach both branches.
        let loss = both(Variable(points)).squared().mean()
        let g = gradients(of: loss, wrt: both.parameters)
        XCTAssertTrue(g.prefix(a.parameters.count).contains { $0.value.maxAbs() > 0 })
        XCTAssertTrue(g.suffix(b.parameters.count).contains { $0.value.maxAbs() > 0 })
    }
}

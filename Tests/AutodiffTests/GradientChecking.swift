import Foundation
import XCTest
import Autodiff

/// Central finite differences of a scalar function of one tensor.
func finiteDifferenceGradient(_ f: (Tensor) -> Double, at x: Tensor, step: Double = 1e-6) -> Tensor {
    var g = [Double](repeating: 0, count: x.count)
    for i in 0..<x.count {
        var plus = x.scalars, minus = x.scalars
        let h = step * max(1, abs(x.scalars[i]))
        plus[i] += h
        minus[i] -= h
        g[i] = (f(Tensor(shape: x.shape, scalars: plus)) - f(Tensor(shape: x.shape, scalars: minus))) / (2 * h)
    }
    return Tensor(shape: x.shape, scalars: g)
}

/// Asserts `‖a − b‖∞ ≤ tolerance · max(1, ‖b‖∞)`.
func assertClose(_ a: Tensor, _ b: Tensor, tolerance: Double, _ message: String = "", file: StaticString = #filePath, line: UInt = #line) {
    XCTAssertEqual(a.shape, b.shape, "shape " + message, file: file, line: line)
    guard a.shape == b.shape else { return }
    let error = (a - b).maxAbs(), scale = max(1, b.maxAbs())
    XCTAssert(error <= tolerance * scale, "\(message): error \(error) exceeds \(tolerance) × \(scale)", file: file, line: line)
}

/// Checks the first and second derivatives of `f` (tensor → tensor) at `x` against finite differences.
///
/// First order: the gradient of `Σ w ⊙ f(x)` for random weights `w`. Second order: the gradient of
/// `⟨∇(Σ w ⊙ f), v⟩` (a Hessian-vector product, from a recorded backward pass) against finite
/// differences of the first-order gradient.
func checkDerivatives(_ name: String, at x: Tensor, tolerance: Double = 1e-6, secondOrder: Bool = true,
                      _ f: (Variable) -> Variable, file: StaticString = #filePath, line: UInt = #line) {
    let key = RandomKey(seed: 42)
    let probe = f(Variable(x))
    let w = key.fold(in: 1).uniform(probe.shape, low: -1, high: 1)
    let v = key.fold(in: 2).uniform(x.shape, low: -1, high: 1)
    func loss(_ t: Tensor) -> Double { (f(Variable(t)).value * w).sum() }
    func gradient(_ t: Tensor) -> Tensor {
        let xv = Variable.parameter(t)
        return gradients(of: (f(xv) * Variable(w)).sum(), wrt: [xv])[0].value
    }
    assertClose(gradient(x), finiteDifferenceGradient(loss, at: x), tolerance: tolerance, "\(name) first order", file: file, line: line)
    guard secondOrder else { return }
    let xv = Variable.parameter(x)
    let g = gradients(of: (f(xv) * Variable(w)).sum(), wrt: [xv], createGraph: true)[0]
    let hv = gradients(of: (g * Variable(v)).sum(), wrt: [xv])[0].value
    let fdHv = finiteDifferenceGradient({ gradient($0).dot(v) }, at: x, step: 1e-5)
    assertClose(hv, fdHv, tolerance: 1e-5 * 10, "\(name) second order", file: file, line: line)
}

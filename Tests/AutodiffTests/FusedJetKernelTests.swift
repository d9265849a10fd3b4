import Foundation
import XCTest
import Autodiff

final class FusedJetKernelTests: XCTestCase {
    /// A stacked jet `[1 + 4 + 3 + 1, 3, 2]` with directions of orders 4, 3 and 1.
    let orders = [4, 3, 1]
    lazy var z = RandomKey(seed: 8).uniform([9, 3, 2], low: -1.5, high: 1.5)

    func testFusedKernelsAgainstFiniteDifferencesToSecondOrder() {
        // First order exercises the fused backward kernel; second order the recorded pullback.
        let orders = self.orders
        checkDerivatives("tanh jet", at: z) { Jet(stacked: $0, orders: orders).tanh().stacked }
        checkDerivatives("sin jet", at: z) { Jet(stacked: $0, orders: orders).sin().stacked }
        checkDerivatives("cos jet", at: z) { Jet(stacked: $0, orders: orders).cos().stacked }
    }

    func testFusedForwardEqualsComposition() {
        // The fused kernels against the generic path (element-wise towers by nested reverse mode),
        // for several layouts of directions and orders.
        for orders in [[4, 3, 1], [2, 1], [1, 2], [1], [3], [2, 2, 2], []] {
            let k = 1 + orders.reduce(0, +)
            let jet = Jet(stacked: Variable(RandomKey(seed: UInt64(k)).uniform([k, 5, 3], low: -1.5, high: 1.5)), orders: orders)
            XCTAssertLessThan((jet.tanh().stacked.value - jet.elementwise { $0.tanh() }.stacked.value).maxAbs(), 1e-13, "tanh \(orders)")
            XCTAssertLessThan((jet.sin().stacked.value - jet.elementwise { $0.sin() }.stacked.value).maxAbs(), 1e-13, "sin \(orders)")
            XCTAssertLessThan((jet.cos().stacked.value - jet.elementwise { $0.cos() }.stacked.value).maxAbs(), 1e-13, "cos \(orders)")
        }
    }

    func testFastMathAccuracy() {
        var worstExp = 0.0, worstTanh = 0.0
        let key = RandomKey(seed: 4)
        let samples = key.uniform([20_000], low: -40, high: 40).scalars + key.fold(in: 1).uniform([20_000], low: -1, high: 1).scalars
            + [0, -0.0, 1e-300, -1e-300, 0.625, -0.625, 0.6249999, 22, -22, 700, -700]
        for x in samples {
            let e = Foundation.exp(x), fe = FastMath.exp(x)
            if e.isFinite && e > 1e-300 { worstExp = max(worstExp, abs(fe - e) / e) }
            let t = Foundation.tanh(x), ft = FastMath.tanh(x)
            worstTanh = max(worstTanh, t == 0 ? abs(ft) : abs(ft - t) / abs(t))
        }
        XCTAssertLessThan(worstExp, 1e-15)   // a few ulp
        XCTAssertLessThan(worstTanh, 1e-15)
        // The eight-lane tanh (another formula: expm1 without lane selections).
        var worstWide = 0.0
        let wide = samples + [1e-8, -1e-8, 0.3466, 44, -44, 355, -355, 1e308, -1e308]
        for start in stride(from: 0, to: wide.count - 7, by: 8) {
            let lanes = FastMath.tanh(SIMD8(wide[start..<(start + 8)]))
            for i in 0..<8 {
                let t = Foundation.tanh(wide[start + i])
                worstWide = max(worstWide, t == 0 ? abs(lanes[i]) : abs(lanes[i] - t) / abs(t))
            }
        }
        XCTAssertLessThan(worstWide, 1e-15)
        let special = FastMath.tanh(SIMD8<Double>(.infinity, -.infinity, .nan, -0.0, 0, 1000, -1000, 1))
        XCTAssertEqual(special[0], 1)
        XCTAssertEqual(special[1], -1)
        XCTAssert(special[2].isNaN)
        XCTAssertEqual(special[3], 0)
        XCTAssertEqual(special[3].sign, .minus)
        XCTAssertEqual(special[5], 1)
        XCTAssertEqual(special[6], -1)
        XCTAssertEqual(FastMath.exp(-1000), 0)
        XCTAssertEqual(FastMath.exp(1000), .infinity)
        XCTAssertEqual(FastMath.tanh(1000), 1)
        XCTAssert(FastMath.tanh(.nan).isNaN)
    }

    func testSinCosAgainstFoundation() {
        // Absolute error against Foundation (values in [−1, 1]), including the points where the
        // reduction cancels most (near multiples of π/2) and the lane-by-lane range beyond 1e6.
        let key = RandomKey(seed: 6)
        var samples = key.uniform([40_000], low: -200, high: 200).scalars + key.fold(in: 1).uniform([8_000], low: -1e5, high: 1e5).scalars
        for k in 1...200 {
            let multiple: Double = Double(k) * Double.pi / 2
            samples += [multiple, multiple + 1e-12, -multiple]
        }
        samples += [0, -0.0, 1e-300, .pi / 4, -.pi / 4, 355, 103_993, 2e6, -3.5e7, 1e300]
        while samples.count % 8 != 0 { samples.append(1) }
        var worst = 0.0, worstFloat: Float = 0
        for start in stride(from: 0, to: samples.count, by: 8) {
            let x = SIMD8(samples[start..<(start + 8)])
            let (s, c) = FastMath.sincos(x)
            let (sf, cf) = FastMath.sincos(SIMD16(lowHalf: SIMD8<Float>(x), highHalf: SIMD8<Float>(-x)))
            for i in 0..<8 {
                worst = max(worst, abs(s[i] - Foundation.sin(x[i])), abs(c[i] - Foundation.cos(x[i])))
                let xf = Float(x[i])
                worstFloat = max(worstFloat, abs(sf[i] - Foundation.sin(xf)), abs(cf[i] - Foundation.cos(xf)),
                                 abs(sf[i + 8] - Foundation.sin(-xf)), abs(cf[i + 8] - Foundation.cos(-xf)))
            }
        }
        XCTAssertLessThan(worst, 3e-16)       // about an ulp of 1
        XCTAssertLessThan(worstFloat, 2e-7)   // about an ulp of 1 in single precision
        let special = FastMath.sincos(SIMD8<Double>(.nan, .infinity, -0.0, 0, 1e-320, 3, -3, 1))
        XCTAssert(special.sin[0].isNaN && special.cos[0].isNaN && special.sin[1].isNaN)
        XCTAssertEqual(special.sin[2], 0)
        XCTAssertEqual(special.sin[2].sign, .minus)
        XCTAssertEqual(special.cos[3], 1)
        XCTAssertEqual(special.sin[4], 1e-320)
    }
}

final class JetAffineTests: XCTestCase {
    func testAffineMatchesProductPlusBiasToSecondOrder() {
        let key = RandomKey(seed: 12)
        let z = key.uniform([4, 3, 5], low: -1, high: 1)
        let w = key.fold(in: 1).uniform([5, 2], low: -1, high: 1)
        let b = key.fold(in: 2).uniform([2], low: -1, high: 1)
        let orders = [2, 1]
        let fused = Jet(stacked: Variable(z), orders: orders).affine(weight: Variable(w), bias: Variable(b)).stacked.value
        let composite = (Jet(stacked: Variable(z), orders: orders).mapLinear { matmul($0, Variable(w)) } + Variable(b)).stacked.value
        XCTAssertLessThan((fused - composite).maxAbs(), 1e-15)
        // With respect to each input, first order and (recorded) second order; tanh makes it nonlinear.
        checkDerivatives("affine wrt jet", at: z) { Jet(stacked: $0, orders: orders).affine(weight: Variable(w), bias: Variable(b)).tanh().stacked }
        checkDerivatives("affine wrt W", at: w) { Jet(stacked: Variable(z), orders: orders).affine(weight: $0, bias: Variable(b)).tanh().stacked }
        checkDerivatives("affine wrt b", at: b) { Jet(stacked: Variable(z), orders: orders).affine(weight: Variable(w), bias: $0).tanh().stacked }
    }
}

import XCTest
import Autodiff
import NeuralNetworks
import SparseLinearAlgebra

/// Conv3D, AveragePooling3D and Upsampling3D: exact stencils, adjointness, finite-difference gradients.
final class GridLayerTests: XCTestCase {
    /// Central finite differences of `f` at `point` along coordinates `indices`.
    func finiteDifferences(_ f: (Tensor) -> Double, at point: Tensor, indices: [Int], step: Double = 1e-5) -> [Double] {
        indices.map { i in
            var plus = point.scalars, minus = point.scalars
            plus[i] += step
            minus[i] -= step
            return (f(Tensor(shape: point.shape, scalars: plus)) - f(Tensor(shape: point.shape, scalars: minus))) / (2 * step)
        }
    }

    func dot(_ a: Tensor, _ b: Tensor) -> Double { zip(a.scalars, b.scalars).reduce(0) { $0 + $1.0 * $1.1 } }

    /// A nonlinear scalar loss of a conv layer: Σ tanh(conv(x)) · r.
    func convLoss(x: Variable, weight: Variable, bias: Variable, weights r: Tensor) -> Variable {
        let conv = Conv3D(weight: weight.value, bias: bias.value)
        var layer = conv
        layer.parameters = [weight, bias]
        return (layer(x).tanh() * Variable(r)).sum()
    }

    func checkConvolutionGradients(kernelSize k: Int, file: StaticString = #filePath, line: UInt = #line) {
        let key = RandomKey(seed: 7)
        let x0 = key.fold(in: 0).normal([2, 2, 4, 5, 3])
        let w0 = key.fold(in: 1).normal([3, 2, k, k, k], standardDeviation: 0.3)
        let b0 = key.fold(in: 2).normal([3])
        let r = key.fold(in: 3).normal([2, 3, 4, 5, 3])
        let x = Variable.parameter(x0), w = Variable.parameter(w0), b = Variable.parameter(b0)
        let grads = gradients(of: convLoss(x: x, weight: w, bias: b, weights: r), wrt: [x, w, b]).map(\.value)

        let checks: [(Tensor, Tensor, (Tensor) -> Double)] = [
            (x0, grads[0], { self.convLoss(x: Variable($0), weight: Variable(w0), bias: Variable(b0), weights: r).scalar }),
            (w0, grads[1], { self.convLoss(x: Variable(x0), weight: Variable($0), bias: Variable(b0), weights: r).scalar }),
            (b0, grads[2], { self.convLoss(x: Variable(x0), weight: Variable(w0), bias: Variable($0), weights: r).scalar }),
        ]
        for (point, gradient, f) in checks {
            XCTAssertEqual(gradient.shape, point.shape, file: file, line: line)
            let indices = Array(Set((0..<12).map { (($0 * 7919) + 3) % point.count })).sorted()
            let fd = finiteDifferences(f, at: point, indices: indices)
            for (i, expected) in zip(indices, fd) {
                XCTAssertEqual(gradient.scalars[i], expected, accuracy: 1e-7 * max(1, abs(expected)), "index \(i)", file: file, line: line)
            }
        }
    }

    func testConv3x3x3GradientsMatchFiniteDifferences() { checkConvolutionGradients(kernelSize: 3) }

    func testConv1x1x1GradientsMatchFiniteDifferences() { checkConvolutionGradients(kernelSize: 1) }

    func testLaplacianKernelReproducesSevenPointLaplacian() throws {
        let n = 6
        var kernel = [Double](repeating: 0, count: 27)
        kernel[13] = 6
        for face in [4, 10, 12, 14, 16, 22] { kernel[face] = -1 }
        let conv = Conv3D(weight: Tensor(shape: [1, 1, 3, 3, 3], scalars: kernel), bias: .zeros([1]))
        let x = RandomKey(seed: 3).normal([1, 1, n, n, n])
        let y = conv(x)
        let expected = try CSRMatrix.laplacian3D(n: n).multiplied(by: x.scalars)
        XCTAssertEqual(y.shape, [1, 1, n, n, n])
        for (a, b) in zip(y.scalars, expected) { XCTAssertEqual(a, b, accuracy: 1e-12) }
    }

    func testMultiChannelConvolutionSumsOverInputChannelsWithBias() {
        // Output channel o = Σ_i (i + 1)(o + 1) · x_i + bias_o with 1×1×1 kernels.
        let x = RandomKey(seed: 4).normal([2, 3, 2, 2, 2])
        var w = [Double]()
        for o in 0..<2 { for i in 0..<3 { w.append(Double((i + 1) * (o + 1))) } }
        let conv = Conv3D(weight: Tensor(shape: [2, 3, 1, 1, 1], scalars: w), bias: Tensor([0.5, -1]))
        let y = conv(x)
        for b in 0..<2 { for o in 0..<2 { for c in 0..<8 {
            var expected = o == 0 ? 0.5 : -1
            for i in 0..<3 { expected += Double((i + 1) * (o + 1)) * x.scalars[(b * 3 + i) * 8 + c] }
            XCTAssertEqual(y.scalars[(b * 2 + o) * 8 + c], expected, accuracy: 1e-12)
        } } }
    }

    /// The convolution and its weight gradient against the defining sums, on grids whose lines are
    /// not whole vectors and channel counts that are not whole tiles (every tail of the kernels).
    func testConvolutionAndWeightGradientMatchTheDefiningSums() {
        let key = RandomKey(seed: 8)
        for (width, k, inputs, outputs) in [(8, 3, 3, 10), (21, 3, 2, 9), (37, 3, 1, 16), (6, 5, 2, 3), (11, 1, 5, 1)] {
            let (batch, depth, height, pad) = (2, 3, 4, k / 2)
            let x = key.fold(in: width).normal([batch, inputs, depth, height, width])
            let w = key.fold(in: width + 1).normal([outputs, inputs, k, k, k])
            let bias = key.fold(in: width + 2).normal([outputs])
            let g = key.fold(in: width + 3).normal([batch, outputs, depth, height, width])
            let weight = Variable.parameter(w)
            var layer = Conv3D(weight: w, bias: bias)
            layer.parameters = [weight, Variable(bias)]
            let y = layer(Variable(x))
            let dw = gradients(of: y, wrt: [weight], cotangent: g)[0].value
            func input(_ b: Int, _ i: Int, _ z: Int, _ v: Int, _ u: Int) -> Double {
                guard (0..<depth).contains(z), (0..<height).contains(v), (0..<width).contains(u) else { return 0 }
                return x.scalars[(((b * inputs + i) * depth + z) * height + v) * width + u]
            }
            var expectedY = [Double](repeating: 0, count: y.value.count), expectedW = [Double](repeating: 0, count: w.count)
            for b in 0..<batch { for o in 0..<outputs { for z in 0..<depth { for v in 0..<height { for u in 0..<width {
                let cell = (((b * outputs + o) * depth + z) * height + v) * width + u
                var sum = bias.scalars[o]
                for i in 0..<inputs { for t in 0..<(k * k * k) {
                    let value = input(b, i, z + t / (k * k) - pad, v + (t / k) % k - pad, u + t % k - pad)
                    sum += w.scalars[(o * inputs + i) * k * k * k + t] * value
                    expectedW[(o * inputs + i) * k * k * k + t] += g.scalars[cell] * value
                } }
                expectedY[cell] = sum
            } } } } }
            for (a, b) in zip(y.value.scalars, expectedY) { XCTAssertEqual(a, b, accuracy: 1e-12 * max(1, abs(b)), "width \(width), k \(k)") }
            for (a, b) in zip(dw.scalars, expectedW) { XCTAssertEqual(a, b, accuracy: 1e-12 * max(1, abs(b)), "width \(width), k \(k)") }
        }
    }

    func testConvolutionIsAdjointToMirroredKernel() {
        // ⟨conv(x, w), y⟩ = ⟨x, Gx(y)⟩, with Gx the input gradient — checked through the pullback.
        let key = RandomKey(seed: 5)
        let conv = Conv3D(inputChannels: 2, outputChannels: 3, key: key.fold(in: 0))
        let x = Variable.parameter(key.fold(in: 1).normal([1, 2, 5, 5, 5]))
        let y = key.fold(in: 2).normal([1, 3, 5, 5, 5])
        let zeroBias = Conv3D(weight: conv.weight.value, bias: .zeros([3]))
        let gx = gradients(of: zeroBias(x), wrt: [x], cotangent: y)[0].value
        XCTAssertEqual(dot(zeroBias(x.value), y), dot(x.value, gx), accuracy: 1e-10)
    }

    func testSecondDerivativeThroughConvolutionMatchesFiniteDifferences() {
        // L(w) = ‖∂/∂x Σ tanh(conv(x, w))·r‖²: differentiating it needs the pullback's own pullback.
        let key = RandomKey(seed: 6)
        let x0 = key.fold(in: 0).normal([1, 1, 3, 3, 3])
        let w0 = key.fold(in: 1).normal([2, 1, 3, 3, 3], standardDeviation: 0.3)
        let b0 = Tensor.zeros([2])
        let r = key.fold(in: 2).normal([1, 2, 3, 3, 3])
        func loss(_ w: Variable) -> Variable {
            let x = Variable.parameter(x0)
            let g = gradients(of: convLoss(x: x, weight: w, bias: Variable(b0), weights: r), wrt: [x], createGraph: true)[0]
            return (g * g).sum()
        }
        let w = Variable.parameter(w0)
        let grad = gradients(of: loss(w), wrt: [w])[0].value
        let indices = [0, 5, 13, 30, 53]
        let fd = finiteDifferences({ loss(Variable($0)).scalar }, at: w0, indices: indices)
        for (i, expected) in zip(indices, fd) {
            XCTAssertEqual(grad.scalars[i], expected, accuracy: 1e-6 * max(1, abs(expected)))
        }
    }

    func testPoolingAndUpsamplingAreAdjointUpToEight() {
        let key = RandomKey(seed: 8)
        let x = key.fold(in: 0).normal([2, 3, 4, 6, 2])
        let y = key.fold(in: 1).normal([2, 3, 2, 3, 1])
        let pooled = AveragePooling3D()(x), upsampled = Upsampling3D()(y)
        XCTAssertEqual(pooled.shape, [2, 3, 2, 3, 1])
        XCTAssertEqual(upsampled.shape, [2, 3, 4, 6, 2])
        XCTAssertEqual(dot(pooled, y), dot(x, upsampled) / 8, accuracy: 1e-12)
        // Pooling undoes upsampling exactly, and the block mean is right.
        XCTAssertEqual(AveragePooling3D()(upsampled), y)
        let block = (0..<8).map { Double($0) }
        XCTAssertEqual(AveragePooling3D()(Tensor(shape: [1, 1, 2, 2, 2], scalars: block)).scalar, 3.5)
    }

    func testPoolingAndUpsamplingGradientsMatchFiniteDifferences() {
        let key = RandomKey(seed: 9)
        let x0 = key.fold(in: 0).normal([1, 2, 4, 4, 4])
        let r = key.fold(in: 1).normal([1, 2, 4, 4, 4])
        func loss(_ x: Variable) -> Variable { (Upsampling3D()(AveragePooling3D()(x).tanh()).sin() * Variable(r)).sum() }
        let x = Variable.parameter(x0)
        let grad = gradients(of: loss(x), wrt: [x])[0].value
        let indices = [0, 9, 31, 64, 100, 127]
        let fd = finiteDifferences({ loss(Variable($0)).scalar }, at: x0, indices: indices)
        for (i, expected) in zip(indices, fd) { XCTAssertEqual(grad.scalars[i], expected, accuracy: 1e-8) }
    }

    func testGridLayersComposeInSequentialOnFlattenedRows() {
        let key = RandomKey(seed: 10)
        let first = Conv3D(inputChannels: 1, outputChannels: 2, activation: .relu, key: key.fold(in: 0))
        let last = Conv3D(inputChannels: 2, outputChannels: 1, kernelSize: 1, key: key.fold(in: 1))
        let net = Sequential([first, AveragePooling3D(), Upsampling3D(), last])
        let x = key.fold(in: 2).normal([3, 1, 4, 4, 4])
        let direct = last(Upsampling3D()(AveragePooling3D()(first(x))))
        XCTAssertEqual(net(Variable(x)).value, direct)
        // On jets, rows are flattened samples.
        XCTAssertEqual(first(Jet(Variable(x.reshaped(to: [3, 64])))).value.value.scalars, first(x).scalars)
        XCTAssertEqual(net.parameterCount, 2 * 27 + 2 + 2 + 1)
    }
}

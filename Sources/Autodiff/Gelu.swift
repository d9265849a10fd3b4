import Foundation

/// GELU with the tanh approximation, gelu(x) = x/2 · (1 + tanh(c (x + a x³))), c = √(2/π),
/// a = 0.044715, as one fused primitive (four lanes of `FastMath.tanh` at a time) with a fused
/// pullback; differentiable to any order.
struct Gelu: DifferentiableOperation {
    static let c = (2 / Double.pi).squareRoot(), a = 0.044715
    var name: String { "gelu" }

    func forward(_ x: [Tensor]) -> Tensor {
        Gelu.apply(x[0]) { x, t in 0.5 * x * (1 + t) }
    }

    func pullback(_ g: Variable, inputs x: [Variable], output: Variable) -> [Variable?] {
        [Variable.apply(GeluBackward(), to: [g, x[0]])]
    }

    /// Evaluates `body(x, tanh(c (x + a x³)))` on every element, four at a time.
    static func apply(_ input: Tensor, _ body: (SIMD4<Double>, SIMD4<Double>) -> SIMD4<Double>) -> Tensor {
        let n = input.count
        return input.scalars.withUnsafeBufferPointer { src in
            Tensor(shape: input.shape) { dst in
                var i = 0
                while i < n {
                    var x = SIMD4<Double>(repeating: 0)
                    let lanes = min(4, n - i)
                    for l in 0..<lanes { x[l] = src[i + l] }
                    let t = FastMath.tanh(c * (x + a * x * x * x))
                    let y = body(x, t)
                    for l in 0..<lanes { dst[i + l] = y[l] }
                    i += 4
                }
            }
        }
    }
}

/// g · gelu′(x), gelu′ = (1 + t)/2 + x (1 − t²) u′/2 with u′ = c (1 + 3a x²).
struct GeluBackward: DifferentiableOperation {
    var name: String { "gelu_backward" }

    func forward(_ inputs: [Tensor]) -> Tensor {
        let derivative = Gelu.apply(inputs[1]) { x, t in
            let slope: SIMD4<Double> = Gelu.c * (1 + (3 * Gelu.a) * x * x)
            let half: SIMD4<Double> = 0.5 * (1 + t)
            return half + 0.5 * x * (1 - t * t) * slope
        }
        return inputs[0] * derivative
    }

    func pullback(_ h: Variable, inputs: [Variable], output: Variable) -> [Variable?] {
        let (g, x) = (inputs[0], inputs[1])
        // gelu″ = (1 − t²) (u′ − x t u′² + x u″/2), u″ = 6 a c x.
        let cube: Variable = x * x * x
        let u: Variable = (x + cube * Gelu.a) * Gelu.c
        let t: Variable = u.tanh()
        let square: Variable = x * x
        let du: Variable = (square * (3 * Gelu.a) + 1) * Gelu.c
        let sech2: Variable = 1 - t * t
        let inner: Variable = du - x * t * du * du + square * (3 * Gelu.a * Gelu.c)
        let second: Variable = sech2 * inner
        return [unbroadcast(Variable.apply(GeluBackward(), to: [h, x]), to: g.shape), unbroadcast(h * g * second, to: x.shape)]
    }
}

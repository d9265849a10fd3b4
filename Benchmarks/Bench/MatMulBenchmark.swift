import ArgumentParser
import Foundation
import PDEKit

/// `bench matmul`: times `Tensor.matmul` of a tall `[m, k]` matrix by a small `[k, n]` one (a dense
/// layer on a stacked jet), plain and with the small operand transposed.
struct MatMulBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "matmul", abstract: "Times Tensor.matmul of [m, k] by [k, n] (and by [n, k]ᵀ).")

    @Option(help: "Rows of the tall operand.") var m: Int = 40_400
    @Option(help: "Inner dimension.") var k: Int = 20
    @Option(help: "Columns of the result.") var n: Int = 20
    @Option(help: "Timed repetitions (the median is reported).") var repeats: Int = 50

    func validate() throws {
        guard m >= 1, k >= 1, n >= 1, repeats >= 1 else { throw ValidationError("sizes and --repeats must be ≥ 1") }
    }

    func run() throws {
        AllocatorTuning.keepLargeBuffers()
        let key = RandomKey(seed: 1)
        let a = key.fold(in: 0).normal([m, k]), b = key.fold(in: 1).normal([k, n]), bt = b.transposed([1, 0])
        func median(_ body: () -> Void) -> Double { medianMilliseconds(repeats: repeats, body) }
        let plain = median { _ = Tensor.matmul(a, b) }
        let transposed = median { _ = Tensor.matmul(a, bt, transposeB: true) }
        let gflop = 2.0 * Double(m * k * n) / 1e9
        print("{\"benchmark\": \"matmul\", \"m\": \(m), \"k\": \(k), \"n\": \(n), \"ms\": \(plain), "
              + "\"ms_transposed_b\": \(transposed), \"gflops\": \(gflop / plain * 1e3)}")
    }
}

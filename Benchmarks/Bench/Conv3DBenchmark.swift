import ArgumentParser
import Foundation
import PDEKit

/// `bench conv3d`: times one Conv3D forward pass and one backward pass (input and weight gradients)
/// on an n³ grid.
struct Conv3DBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "conv3d",
        abstract: "Times a 3×3×3 Conv3D (forward, and backward for input and weights) on an n³ grid.")

    @Option(help: "Grid cells per side.") var n: Int = 64
    @Option(help: "Input and output channels.") var channels: Int = 16
    @Option(help: "Kernel size (odd).") var kernel: Int = 3
    @Option(help: "Timed repetitions (the median is reported).") var repeats: Int = 3
    @Option(help: "Also time the backward pass.") var backward: Bool = true

    func validate() throws {
        guard n >= 2, channels >= 1, kernel >= 1, kernel % 2 == 1, repeats >= 1 else {
            throw ValidationError("need --n ≥ 2, --channels ≥ 1, an odd --kernel and --repeats ≥ 1")
        }
    }

    func run() throws {
        AllocatorTuning.keepLargeBuffers()
        let key = RandomKey(seed: 0)
        let conv = Conv3D(inputChannels: channels, outputChannels: channels, kernelSize: kernel, key: key)
        let x = Variable.parameter(key.fold(in: 1).normal([1, channels, n, n, n]))
        func time(_ body: () -> Void) -> (median: Double, min: Double) {
            var times: [Double] = []
            for _ in 0..<repeats {
                let start = DispatchTime.now().uptimeNanoseconds
                body()
                times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
            }
            times.sort()
            return (times[times.count / 2], times[0])
        }
        var y = conv(x)
        let forward = time { y = conv(x) }
        var backwardMs = (median: 0.0, min: 0.0)
        if backward {
            let cotangent = key.fold(in: 2).normal(y.shape)
            backwardMs = time { _ = gradients(of: y, wrt: [x, conv.weight, conv.bias], cotangent: cotangent) }
        }
        let gflop = 2.0 * Double(channels * channels * kernel * kernel * kernel) * Double(n * n * n) / 1e9
        print("{\"benchmark\": \"conv3d\", \"n\": \(n), \"channels\": \(channels), \"kernel\": \(kernel), "
              + "\"threads\": \(computeThreadCount), \"ms_forward\": \(forward.median), \"ms_forward_min\": \(forward.min), "
              + "\"ms_backward\": \(backwardMs.median), \"ms_backward_min\": \(backwardMs.min), "
              + "\"gflops_forward_best\": \(gflop / forward.min * 1e3)}")
    }
}

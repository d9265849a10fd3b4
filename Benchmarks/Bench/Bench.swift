import ArgumentParser
import Foundation
import PDEKit

@main
struct Bench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Times PDEKit kernels; results are one JSON object per line.",
        subcommands: [PINNStep.self, JetTanhKernel.self, MatMulBenchmark.self, SparseBenchmark.self, FEMBenchmark.self, Conv3DBenchmark.self, MPMBenchmark.self])

    static func main() {
        // OpenBLAS's kernels for this processor (a restart when it fell back to the generic ones).
        OpenBLASKernels.useProcessorKernels()
        main(nil)
    }
}

struct PINNStep: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pinn-step",
        abstract: "Times one PINN training step: the loss and its gradient with respect to all parameters.")

    enum Precision: String, ExpressibleByArgument { case float64, float32 }
    enum HiddenActivation: String, ExpressibleByArgument { case tanh, sin }

    @Option(help: "burgers or poisson2d") var problem: String = "burgers"
    @Option(help: "float64, or float32: the network's jets in single precision (loss and parameters stay double)") var precision: Precision = .float64
    @Option(help: "Timed steps (the median is reported).") var repeats: Int = 20
    @Option(help: "Untimed warm-up steps.") var warmup: Int = 3
    @Option(help: "Seed of the weights and points.") var seed: UInt64 = 0
    @Option(help: "Write weights, points and PDEKit's gradient here for the peer scripts.") var export: String?
    @Option(help: "Hidden layer width instead of the problem's (20 for burgers, 50 for poisson2d).") var width: Int?
    @Option(help: "Number of hidden layers instead of the problem's (8 for burgers, 4 for poisson2d).") var depth: Int?
    @Option(help: "Hidden activation: tanh (the peers' network) or sin.") var activation: HiddenActivation = .tanh

    func validate() throws {
        if let width, width < 1 { throw ValidationError("--width must be at least 1") }
        if let depth, depth < 1 { throw ValidationError("--depth must be at least 1") }
        if export != nil && (width != nil || depth != nil || activation != .tanh) {
            throw ValidationError("--export writes the benchmark's own network; drop --width, --depth and --activation")
        }
        guard PINNStepProblem.Kind(rawValue: problem) != nil else {
            throw ValidationError("unknown problem '\(problem)' (choose burgers or poisson2d)")
        }
        guard repeats >= 1, warmup >= 0 else { throw ValidationError("--repeats must be ≥ 1 and --warmup ≥ 0") }
    }

    func run() throws {
        AllocatorTuning.keepLargeBuffers()
        let setup = PINNStepProblem(kind: PINNStepProblem.Kind(rawValue: problem)!, seed: seed, width: width, depth: depth,
                                    activation: activation == .sin ? .sin : .tanh, precision: precision == .float32 ? .float32 : .float64)
        var result = setup.step()
        for _ in 0..<warmup { result = setup.step() }
        var times: [Double] = []
        for _ in 0..<repeats {
            let start = DispatchTime.now().uptimeNanoseconds
            result = setup.step()
            times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
        }
        times.sort()
        let median = times.count % 2 == 1 ? times[times.count / 2] : 0.5 * (times[times.count / 2 - 1] + times[times.count / 2])
        let flat = ParameterVector.flatten(result.gradients)
        let gradNorm = flat.reduce(0) { $0 + $1 * $1 }.squareRoot()
        if let export {
            let folder = URL(fileURLWithPath: export)
            try setup.export(to: folder)
            try Tensor(flat).writeNumpy(to: folder.appendingPathComponent("grad_pdekit_\(precision.rawValue).npy"))
        }
        let threads = ProcessInfo.processInfo.environment["OPENBLAS_NUM_THREADS"] ?? "default"
        print("{\"peer\": \"pdekit\", \"problem\": \"\(problem)\", \"activation\": \"\(activation.rawValue)\", \"precision\": \"\(precision.rawValue)\", \"threads\": \"\(threads)\", "
              + "\"ms_per_step\": \(median), \"ms_min\": \(times[0]), \"repeats\": \(repeats), "
              + "\"loss\": \(result.loss), \"grad_norm\": \(gradNorm), \"parameters\": \(flat.count)}")
    }
}

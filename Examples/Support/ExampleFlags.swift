import ArgumentParser
import Foundation
import PDEKit

/// The flags every physics-informed example accepts.
public struct ExampleFlags: ParsableArguments {
    /// Output folder (default `runs/<example>`).
    @Option(help: "Output folder (default runs/<example>).") public var output: String?
    /// Seed of the weights, points and mini-batches.
    @Option(help: "Random seed (weights, points, mini-batches).") public var seed: UInt64 = 0
    /// Adam steps (overrides the example's default).
    @Option(help: "Adam steps (default: the example's).") public var steps: Int?
    /// L-BFGS iterations after Adam (overrides the example's default).
    @Option(name: .customLong("lbfgs-steps"), help: "L-BFGS iterations after Adam (default: the example's).") public var lbfgsSteps: Int?
    /// Continue from `OUTPUT/model.ckpt`.
    @Flag(help: "Continue from OUTPUT/model.ckpt if it exists.") public var resume = false
    /// Checkpoint interval.
    @Option(help: "Write model.ckpt and loss.csv every N steps.") public var checkpointEvery: Int = 1000
    /// Wall-clock budget in seconds.
    @Option(help: "Stop after this many seconds, keeping the state reached.") public var budget: Double?
    /// Progress line interval.
    @Option(help: "Print a progress line every N steps (0: quiet).") public var progressEvery: Int = 500
    /// Validation interval.
    @Option(help: "Compare with the reference every N steps (logged in loss.csv).") public var validateEvery: Int = 500
    /// Export the initial weights and points for peer scripts.
    @Option(help: "Write the initial weights (W<k>.npy, b<k>.npy) and the points of each condition (<name>.npy) to this folder before training.")
    public var exportInitial: String?
    /// Evaluate a saved model instead of training.
    @Option(help: "Evaluate OUTPUT/model.ckpt at the points of this .npy file ([n, d]) and write OUTPUT/evaluation.npy; no training.")
    public var evaluate: String?
    /// What the networks' fused jet operations compute in during Adam stages.
    @Option(help: "float64, or float32: Adam stages evaluate the network's jets in single precision (1.3–2× faster steps); L-BFGS stages, losses and parameters stay double.")
    public var precision: NetworkPrecision = .float64

    public init() {}

    public func validate() throws {
        if let steps, steps < 0 { throw ValidationError("--steps must be ≥ 0") }
        if let lbfgsSteps, lbfgsSteps < 0 { throw ValidationError("--lbfgs-steps must be ≥ 0") }
        guard checkpointEvery >= 1 else { throw ValidationError("--checkpoint-every must be ≥ 1") }
        guard progressEvery >= 0 else { throw ValidationError("--progress-every must be ≥ 0") }
        guard validateEvery >= 1 else { throw ValidationError("--validate-every must be ≥ 1") }
        if let budget, !(budget > 0) { throw ValidationError("--budget must be a positive number of seconds") }
    }
}

/// The numbers of a comma-separated list such as `"100,1000"`, or nil when one is not a
/// non-negative number.
public func nonNegativeNumbers(_ list: String) -> [Double]? {
    let values = list.split(separator: ",").map { Double($0.trimmingCharacters(in: .whitespaces)) }
    guard !values.isEmpty, values.allSatisfy({ $0 != nil && $0! >= 0 }) else { return nil }
    return values.map { $0! }
}

extension NetworkPrecision: ExpressibleByArgument {}

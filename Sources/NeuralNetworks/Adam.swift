import Foundation
import Autodiff

/// The Adam optimiser (Kingma & Ba 2015) as a value holding its moment estimates.
///
/// With `weightDecay > 0` the decay is decoupled from the gradient (AdamW, Loshchilov & Hutter 2019):
/// `θ ← θ − η (m̂ / (√v̂ + ε) + λ θ)`.
public struct Adam: Sendable {
    /// The learning rate as a function of the step.
    public var schedule: LearningRateSchedule
    /// Decay rate of the first-moment estimate.
    public var beta1: Double
    /// Decay rate of the second-moment estimate.
    public var beta2: Double
    /// Added to √v̂ for numerical stability.
    public var epsilon: Double
    /// Decoupled weight decay λ (0 disables).
    public var weightDecay: Double
    /// Steps taken so far.
    public private(set) var step: Int = 0
    /// First-moment estimates, one per parameter tensor (empty before the first step).
    public private(set) var firstMoments: [Tensor] = []
    /// Second-moment estimates.
    public private(set) var secondMoments: [Tensor] = []

    /// Creates an optimiser with a learning-rate schedule.
    public init(schedule: LearningRateSchedule, beta1: Double = 0.9, beta2: Double = 0.999,
                epsilon: Double = 1e-8, weightDecay: Double = 0) {
        self.schedule = schedule
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
        self.weightDecay = weightDecay
    }

    /// Creates an optimiser with a constant learning rate.
    public init(learningRate: Double = 1e-3, beta1: Double = 0.9, beta2: Double = 0.999,
                epsilon: Double = 1e-8, weightDecay: Double = 0) {
        self.init(schedule: .constant(learningRate), beta1: beta1, beta2: beta2, epsilon: epsilon, weightDecay: weightDecay)
    }

    /// The learning rate the next step will use.
    public var currentLearningRate: Double { schedule.rate(at: step) }

    /// Applies one update to `parameters` given their `gradients`.
    public mutating func update(_ parameters: inout [Tensor], gradients: [Tensor]) {
        precondition(parameters.count == gradients.count, "Adam: \(parameters.count) parameters but \(gradients.count) gradients")
        if firstMoments.isEmpty {
            firstMoments = parameters.map { Tensor.zeros($0.shape) }
            secondMoments = firstMoments
        }
        precondition(firstMoments.count == parameters.count,
                     "Adam holds moments for \(firstMoments.count) tensors but was given \(parameters.count)")
        let lr = schedule.rate(at: step)
        step += 1
        let c1 = 1 - Foundation.pow(beta1, Double(step)), c2 = 1 - Foundation.pow(beta2, Double(step))
        let (b1, b2, eps, wd) = (beta1, beta2, epsilon, weightDecay)
        for i in parameters.indices {
            precondition(parameters[i].shape == gradients[i].shape, "Adam: gradient \(i) has the wrong shape")
            var p = parameters[i].scalars, m = firstMoments[i].scalars, v = secondMoments[i].scalars
            let g = gradients[i].scalars
            for j in p.indices {
                m[j] = b1 * m[j] + (1 - b1) * g[j]
                v[j] = b2 * v[j] + (1 - b2) * g[j] * g[j]
                p[j] -= lr * ((m[j] / c1) / ((v[j] / c2).squareRoot() + eps) + wd * p[j])
            }
            parameters[i] = Tensor(shape: parameters[i].shape, scalars: p)
            firstMoments[i] = Tensor(shape: parameters[i].shape, scalars: m)
            secondMoments[i] = Tensor(shape: parameters[i].shape, scalars: v)
        }
    }

    /// The state to checkpoint: moments and the step count.
    public var state: [String: Tensor] {
        var s: [String: Tensor] = ["adam.step": Tensor(Double(step))]
        for (i, m) in firstMoments.enumerated() { s["adam.m.\(i)"] = m }
        for (i, v) in secondMoments.enumerated() { s["adam.v.\(i)"] = v }
        return s
    }

    /// Restores the state written by `state`, checking it against the parameters it will update.
    public mutating func restore(_ s: [String: Tensor], for parameters: [Tensor]) throws {
        guard let stepTensor = s["adam.step"] else { throw CheckpointError.missingEntry("adam.step") }
        // The state of an optimiser that has not stepped yet holds no moments.
        if stepTensor.scalar == 0, s["adam.m.0"] == nil {
            step = 0
            firstMoments = []
            secondMoments = []
            return
        }
        var m: [Tensor] = [], v: [Tensor] = []
        for (i, p) in parameters.enumerated() {
            for (name, list) in [("adam.m.\(i)", 0), ("adam.v.\(i)", 1)] {
                guard let t = s[name] else { throw CheckpointError.missingEntry(name) }
                guard t.shape == p.shape else { throw CheckpointError.shapeMismatch(name: name, expected: p.shape, found: t.shape) }
                if list == 0 { m.append(t) } else { v.append(t) }
            }
        }
        guard s["adam.m.\(parameters.count)"] == nil else {
            throw CheckpointError.countMismatch(expected: parameters.count, found: s.keys.filter { $0.hasPrefix("adam.m.") }.count)
        }
        step = Int(stepTensor.scalar)
        firstMoments = m
        secondMoments = v
    }
}

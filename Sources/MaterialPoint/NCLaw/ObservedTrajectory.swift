import Autodiff

/// A particle trajectory to learn from: the positions after every step and the full state
/// (x, v, C, F) every `keyframeEvery` steps, where teacher forcing restarts rollouts.
public struct ObservedTrajectory {
    /// The initial particles (masses, volumes and materials are used by rollouts).
    public let initial: ParticleState
    /// Positions `[N, 3]` after steps 1…S.
    public var positions: [Tensor]
    /// Full states at steps 0, K, 2K, … (keyed by step).
    public var keyframes: [Int: ParticleVariables]
    /// K.
    public let keyframeEvery: Int

    /// The number of steps S.
    public var steps: Int { positions.count }

    /// Simulates `steps` steps of `simulator` from `initial` and records the trajectory.
    public static func simulate(_ simulator: MPMSimulator, from initial: ParticleState, steps: Int,
                                keyframeEvery: Int = 25) throws -> ObservedTrajectory {
        guard steps >= 1, keyframeEvery >= 1 else { throw MaterialPointError.invalidSetting("a trajectory needs steps ≥ 1 and keyframes every ≥ 1 step") }
        var state = initial
        var positions = [Tensor]()
        var keyframes = [0: ParticleVariables(initial)]
        try simulator.run(&state, steps: steps, checkEvery: 50) { step, s in
            let x = ParticleVariables(s)
            positions.append(x.positions.value)
            if step % keyframeEvery == 0 { keyframes[step] = x }
        }
        return ObservedTrajectory(initial: initial, positions: positions, keyframes: keyframes, keyframeEvery: keyframeEvery)
    }

    /// The observed deformation gradients of every particle at each keyframe whose step is a
    /// multiple of `steps` (step 0 included), in order.
    public func deformationGradients(every steps: Int) -> [Matrix3] {
        stride(from: 0, through: self.steps, by: max(steps, 1)).flatMap { step -> [Matrix3] in
            guard let frame = keyframes[step] else { return [] }
            let f = frame.deformation.value.scalars
            return (0..<(f.count / 9)).map { f.matrix(at: $0) }
        }
    }

    /// Mean squared position error (per coordinate, over particles and frames) of `predicted`
    /// positions after steps 1…S.
    public func positionMSE(_ predicted: [Tensor]) -> Double {
        precondition(predicted.count == positions.count, "\(predicted.count) predicted frames for \(positions.count) observed")
        let d = initial.dimension
        var total = 0.0
        for (p, o) in zip(predicted, positions) {
            let a = p.scalars, b = o.scalars
            for i in a.indices where d == 3 || i % 3 != 2 { total += (a[i] - b[i]) * (a[i] - b[i]) }
        }
        return total / Double(positions.count * initial.count * d)
    }
}

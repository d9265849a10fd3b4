import ArgumentParser
import Dispatch
import ExampleSupport
import Foundation
import PDEKit

/// Times the material point simulator on the scenes of the `mpm` example (the Taichi peer,
/// Benchmarks/Peers/mpm_taichi.py, builds the same scenes): particle-steps per second of the
/// forward simulation, and the cost of a differentiable rollout (forward + backward, gradient of the
/// position error with respect to Young's modulus) over the plain forward simulation.
struct MPMBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mpm", abstract: "Times forward MLS-MPM and differentiable rollouts; one JSON line per result.")

    @Option(help: "Scenes, comma-separated (fluid2d, jelly2d, jelly3d, …).") var scenes: String = "fluid2d,jelly2d,jelly3d"
    @Option(name: .customLong("particles-2d"), help: "Particle counts of the 2D scenes (2k²), comma-separated.") var particles2D: String = "8192,32768"
    @Option(name: .customLong("steps-2d"), help: "Timed steps of the 2D scenes.") var steps2D: Int = 2000
    @Option(name: .customLong("steps-3d"), help: "Timed steps of the 3D scenes.") var steps3D: Int = 300
    @Option(help: "Untimed warm-up steps.") var warmup: Int = 20
    @Option(help: "Thread counts to time, comma-separated (default: 1 and all cores).") var threads: String?
    @Option(name: .customLong("gradient-steps"), help: "Steps of the jelly2d (8192 particles) differentiable rollout (0 skips).") var gradientSteps: Int = 200
    @Option(name: .customLong("gradient-repeats"), help: "Runs of each gradient variant (medians are reported).") var gradientRepeats: Int = 5
    @Flag(name: .customLong("recorded-graph"), help: "Also time the rollout gradient through the recorded graph (no fused adjoint).") var recordedGraph = false
    @Option(name: .customLong("checkpoint-every"), help: "Checkpointing intervals of the differentiable rollout, comma-separated (one result each; the step count means no checkpointing).") var checkpointEvery: String = "25,200"

    func run() throws {
        AllocatorTuning.keepLargeBuffers()
        let threadList = threads.map { $0.split(separator: ",").compactMap { Int($0) } } ?? Array(Set([1, computeThreadCount])).sorted()
        for name in scenes.split(separator: ",").map(String.init) {
            guard let scene = MPMScene(rawValue: name) else { throw ValidationError("unknown scene '\(name)'") }
            let counts = scene.dimension == 2 ? particles2D.split(separator: ",").compactMap { Int($0) } : [scene.defaultParticles]
            for count in counts {
                for t in threadList { try timeForward(scene, particles: count, threads: t) }
            }
        }
        if gradientSteps > 0 { try timeGradient() }
    }

    func timeForward(_ scene: MPMScene, particles: Int, threads t: Int) throws {
        var sim = try scene.simulator()
        sim.threads = t
        var state = try scene.particles(count: particles)
        let workspace = MPMWorkspace(simulator: sim)
        let steps = scene.dimension == 2 ? steps2D : steps3D
        if warmup > 0 { try sim.run(&state, steps: warmup, workspace: workspace) }
        let start = DispatchTime.now().uptimeNanoseconds
        try sim.run(&state, steps: steps, workspace: workspace, checkEvery: steps)
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        print("{\"peer\": \"pdekit\", \"scene\": \"\(scene.rawValue)\", \"particles\": \(particles), \"steps\": \(steps), "
              + "\"dtype\": \"f64\", \"threads\": \(t), \"seconds\": \(seconds), "
              + "\"particle_steps_per_second\": \(Double(particles * steps) / seconds)}")
    }

    /// jelly2d, 8192 particles: the plain forward, the recorded-free differentiable forward, and the
    /// checkpointed forward + backward for ∂L/∂E of the position error against the plain run (the
    /// fused adjoint, and with `--recorded-graph` also the recorded graph).
    func timeGradient() throws {
        let scene = MPMScene.jelly2d
        let sim = try scene.simulator()
        let initial = try scene.particles(count: 8192)
        var truth = initial
        var targets = [Tensor]()
        let workspace = MPMWorkspace(simulator: sim)
        try sim.run(&truth, steps: gradientSteps, workspace: workspace) { _, s in targets.append(ParticleVariables(s).positions.value) }
        let law = ParametricElasticity(.neoHookean, youngsModulus: 900, poissonsRatio: 0.2)
        let model = try DifferentiableMPM(simulator: sim, materials: [law], particles: initial)
        var recorded = model
        recorded.usesFusedAdjoint = false
        // Each figure is the median of `gradientRepeats` runs, the runs of all variants alternating, so
        // that the ratios compare runs made under the same conditions.
        var forwardTimes = [Double](), differentiableTimes = [Double]()
        let intervals = checkpointEvery.split(separator: ",").compactMap { Int($0) }
        var bothTimes = [[Double]](repeating: [], count: intervals.count), recordedTimes = [[Double]](repeating: [], count: intervals.count)
        var results = [RolloutGradient?](repeating: nil, count: intervals.count)
        func seconds(_ body: () throws -> Void) rethrows -> Double {
            let start = DispatchTime.now().uptimeNanoseconds
            try body()
            return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        }
        for _ in 0..<max(1, gradientRepeats) {
            // The plain forward, timed on its own (no observer).
            var plain = initial
            forwardTimes.append(try seconds { try sim.run(&plain, steps: gradientSteps, workspace: workspace, checkEvery: gradientSteps) })
            differentiableTimes.append(try seconds { _ = try model.rollout(ParticleVariables(initial), steps: gradientSteps) })
            for (i, k) in intervals.enumerated() {
                bothTimes[i].append(try seconds { results[i] = try model.positionLossAndGradient(from: ParticleVariables(initial), targets: targets, checkpointEvery: k) })
                if recordedGraph {
                    recordedTimes[i].append(try seconds { _ = try recorded.positionLossAndGradient(from: ParticleVariables(initial), targets: targets, checkpointEvery: k) })
                }
            }
        }
        let forward = median(forwardTimes), differentiableForward = median(differentiableTimes)
        for (i, k) in intervals.enumerated() {
            let both = median(bothTimes[i]), result = results[i]!
            let recordedPart = recordedGraph
                ? ", \"recorded_graph_seconds\": \(median(recordedTimes[i])), \"recorded_graph_over_forward\": \(median(recordedTimes[i]) / forward)" : ""
            print("{\"peer\": \"pdekit\", \"scene\": \"jelly2d-gradient\", \"particles\": 8192, \"steps\": \(gradientSteps), "
                  + "\"checkpoint_every\": \(k), \"threads\": \(computeThreadCount), \"repeats\": \(max(1, gradientRepeats)), \"forward_seconds\": \(forward), "
                  + "\"differentiable_forward_seconds\": \(differentiableForward), \"forward_backward_seconds\": \(both), "
                  + "\"backward_over_forward\": \(both / forward)\(recordedPart), \"loss\": \(result.loss), "
                  + "\"d_loss_d_youngs_modulus\": \(result.parameterGradients[0][0].scalars[0])}")
        }
    }
}

// mpm: forward MLS-MPM simulation of a named scene (2D fluid and jelly blocks of the 88-line MPM, a
// 3D jelly block, and the sand, plasticine and water cubes of the constitutive-law experiments).
// Writes positions.npy (final positions, N × d), com.csv (centre of mass every 100 steps),
// frames.png (a contact sheet of the x–y plane) and metrics.json (particle-steps per second and, when
// Data/mpm holds a float64 reference for the same scene and step count, the largest position
// difference from it) to runs/mpm/.
import ArgumentParser
import ExampleSupport
import Foundation
import PDEKit

struct MPMCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mpm", abstract: "Forward material point simulation of a named scene.")

    @Option(help: "Scene: \(MPMScene.allCases.map(\.rawValue).joined(separator: ", ")).") var scene: String = "jelly2d"
    @Option(help: "Particles (2D: 2k², 3D: k³; default: the scene's).") var particles: Int?
    @Option(help: "Time steps (default 2000 in 2D, 1000 in 3D).") var steps: Int?
    @Option(help: "Output folder (default runs/mpm).") var output: String?
    @Option(help: "Random seed (recorded; the scenes are deterministic).") var seed: UInt64 = 0
    @Option(help: "Wall condition: free-slip or no-slip.") var walls: String = "free-slip"
    @Option(help: "Frames in the contact sheet.") var frames: Int = 6

    func run() throws {
        try ExampleRunner.main("mpm") {
            guard let scene = MPMScene(rawValue: scene) else {
                throw ValidationError("--scene must be one of \(MPMScene.allCases.map(\.rawValue).joined(separator: ", ")), got '\(self.scene)'")
            }
            guard let wall = WallCondition(rawValue: walls) else {
                throw ValidationError("--walls must be free-slip or no-slip, got '\(walls)'")
            }
            let steps = self.steps ?? (scene.dimension == 2 ? 2000 : 1000)
            guard steps >= 1 else { throw ValidationError("--steps must be ≥ 1, got \(steps)") }
            guard frames >= 1, frames <= 20 else { throw ValidationError("--frames must be between 1 and 20, got \(frames)") }
            let count = particles ?? scene.defaultParticles
            guard count >= 1 else { throw ValidationError("--particles must be ≥ 1, got \(count)") }
            try simulate(scene, particles: count, steps: steps, walls: wall)
        }
    }

    func simulate(_ scene: MPMScene, particles count: Int, steps: Int, walls: WallCondition) throws {
        let start = Date()
        let folder = try FEMOutputs.makeFolder(output, example: "mpm")
        var simulator = try scene.simulator()
        simulator.walls = walls
        var state = try scene.particles(count: count)
        let workspace = MPMWorkspace(simulator: simulator)
        let d = scene.dimension
        var com = CSVWriter(header: ["step", "com_x", "com_y"] + (d == 3 ? ["com_z"] : []))
        func recordCentre(_ step: Int, _ s: ParticleState) throws {
            let c = s.centreOfMass
            try com.appendRow([Double(step), c.x, c.y] + (d == 3 ? [c.z] : []))
        }
        try recordCentre(0, state)
        let frameSteps = Set((1...frames).map { steps * $0 / frames })
        var pictures = [try ParticlePicture.frame(state.positions, size: 200, label: "step 0")]
        var simulateSeconds = 0.0
        var done = 0
        print("mpm: \(scene.rawValue), \(state.count) particles, grid \(simulator.resolution)^\(d), dt \(simulator.timeStep), \(steps) steps, \(computeThreadCount) threads")
        while done < steps {
            let chunk = min(100, steps - done)
            let t0 = Date()
            try simulator.run(&state, steps: chunk, workspace: workspace, checkEvery: chunk)
            simulateSeconds += Date().timeIntervalSince(t0)
            if frameSteps.contains(where: { $0 > done && $0 <= done + chunk }) {
                pictures.append(try ParticlePicture.frame(state.positions, size: 200, label: "step \(done + chunk)"))
            }
            done += chunk
            try recordCentre(done, state)
            if done % 1000 == 0 || done == steps {
                let c = state.centreOfMass
                print(String(format: "step %6d  com (%.4f, %.4f%@)  %.3g particle-steps/s", done, c.x, c.y,
                             d == 3 ? String(format: ", %.4f", c.z) : "", Double(state.count * done) / simulateSeconds))
            }
        }
        let rate = Double(state.count * steps) / simulateSeconds
        try Tensor(shape: [state.count, d], scalars: state.positionArray).writeNumpy(to: folder.appendingPathComponent("positions.npy"))
        try com.write(to: folder.appendingPathComponent("com.csv"))
        try ParticlePicture.contactSheet(pictures).write(to: folder.appendingPathComponent("frames.png"))

        var metrics = MetricsFile()
        metrics["example"] = .text("mpm")
        metrics["scene"] = .text(scene.rawValue)
        metrics["seed"] = .integer(Int(seed))
        metrics["particles"] = .integer(state.count)
        metrics["steps"] = .integer(steps)
        metrics["threads"] = .integer(computeThreadCount)
        metrics["simulate_seconds"] = .number(simulateSeconds)
        metrics["particle_steps_per_second"] = .number(rate)
        let c = state.centreOfMass
        metrics["com_x"] = .number(c.x); metrics["com_y"] = .number(c.y)
        if d == 3 { metrics["com_z"] = .number(c.z) }
        var summary = String(format: "mpm: %@ %d particles × %d steps, %.3g particle-steps/s", scene.rawValue, state.count, steps, rate)
        let reference = URL(fileURLWithPath: "Data/mpm/\(scene.rawValue)_\(state.count)_taichi_f64_step\(steps).npy")
        if FileManager.default.fileExists(atPath: reference.path) {
            let expected = try Tensor(numpyFile: reference)
            let got = state.positionArray
            guard expected.scalars.count == got.count else { throw ValidationError("\(reference.path) has \(expected.scalars.count) values, expected \(got.count)") }
            let difference = zip(expected.scalars, got).map { abs($0 - $1) }.max() ?? 0
            metrics["max_position_difference_reference"] = .number(difference)
            summary += String(format: ", max |x − reference| %.2e", difference)
        }
        metrics["wall_seconds"] = .number(Date().timeIntervalSince(start))
        try metrics.write(to: folder.appendingPathComponent("metrics.json"))
        print(summary)
    }
}

MPMCommand.main()

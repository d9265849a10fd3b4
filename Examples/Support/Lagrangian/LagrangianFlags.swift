import ArgumentParser
import Foundation
import PDEKit

/// The flags the Lagrangian-PINN examples share, besides ``ExampleFlags``.
public struct LagrangianFlags: ParsableArguments {
    /// Also train the plain PINN with the same sizes and budget.
    @Flag(help: "Also train a plain (Eulerian) PINN with the same width, depth, points and steps, and compare.")
    public var compare = false
    /// Collocation points.
    @Option(help: "Collocation points.") public var points: Int = 2000
    /// State-branch width (and the plain PINN's).
    @Option(help: "Hidden width of the state branch (and of the plain PINN).") public var width: Int = 50
    /// State-branch depth (and the plain PINN's).
    @Option(help: "Hidden layers of the state branch (and of the plain PINN).") public var depth: Int = 5
    /// Characteristic-branch width.
    @Option(help: "Hidden width of the characteristic branch.") public var characteristicWidth: Int = 20
    /// Characteristic-branch depth.
    @Option(help: "Hidden layers of the characteristic branch.") public var characteristicDepth: Int = 2
    /// Harmonics of the periodic embedding.
    @Option(help: "Harmonics of the periodic embedding of x0 (and x).") public var harmonics: Int = 1
    /// Soft initial conditions.
    @Flag(help: "Penalise the initial conditions (weight 1000) instead of building them in.")
    public var softInitialConditions = false

    public init() {}

    /// How the initial conditions are imposed.
    public var initialConditions: InitialConditionMode { softInitialConditions ? .soft : .hard }

    public func validate() throws {
        guard points >= 1 else { throw ValidationError("--points must be at least 1") }
        guard width >= 1, depth >= 1, characteristicWidth >= 1, characteristicDepth >= 1 else {
            throw ValidationError("--width, --depth, --characteristic-width and --characteristic-depth must be at least 1")
        }
        guard (1...16).contains(harmonics) else { throw ValidationError("--harmonics must be between 1 and 16") }
    }

    /// The runner settings from the common flags and a case's default stages.
    public static func settings(_ flags: ExampleFlags, example: LagrangianCase) throws -> LagrangianRunner.Settings {
        var settings = LagrangianRunner.Settings(stages: example.stages(adam: flags.steps, lbfgs: flags.lbfgsSteps))
        settings.seed = flags.seed
        settings.progressEvery = flags.progressEvery
        settings.checkpointEvery = flags.checkpointEvery
        settings.resume = flags.resume
        settings.budget = flags.budget
        settings.validateEvery = flags.validateEvery
        settings.exportInitial = flags.exportInitial.map { URL(fileURLWithPath: $0) }
        settings.precision = flags.precision
        return settings
    }

    /// `--evaluate`: loads `folder/model.ckpt` into the case's Lagrangian model, evaluates it at the
    /// `[n, 2]` points `(x0, t)` of a `.npy` file and writes `evaluation.npy` (`[n, 2]`: X, U).
    public static func evaluate(_ example: LagrangianCase, points path: String, folder: URL) throws {
        var model = example.lagrangian.model(key: RandomKey(seed: 0))
        let checkpoint = folder.appendingPathComponent("model.ckpt")
        do { try model.load(from: checkpoint) } catch let error as TrainingError { throw error } catch {
            throw TrainingError.checkpoint("cannot load \(checkpoint.path): \(error)")
        }
        let points: Tensor
        do { points = try Tensor(numpyFile: URL(fileURLWithPath: path)) } catch {
            throw TrainingError.invalidConfiguration("cannot read points from \(path): \(error)")
        }
        guard points.rank == 2, points.shape[1] == 2 else {
            throw TrainingError.invalidConfiguration("\(path) holds an array of shape \(points.shape); expected [n, 2] (x0, t)")
        }
        let url = folder.appendingPathComponent("evaluation.npy")
        do { try model.predict(points).writeNumpy(to: url) } catch {
            throw TrainingError.output("cannot write \(url.path): \(error.localizedDescription)")
        }
        print("\(example.name): evaluated X, U at \(points.shape[0]) points → \(url.path)")
    }
}

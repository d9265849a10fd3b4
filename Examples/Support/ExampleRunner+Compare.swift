import Foundation
import PDEKit

extension ExampleRunner {
    /// Trains `plain` (the same problem without the method under test) into `OUTPUT/plain` and
    /// returns its figures for the main run's metrics: `relative_l2_plain`, `training_seconds_plain`.
    public static func comparePlain(_ plain: GalleryCase, flags: ExampleFlags, folder name: String) throws
        -> [(String, MetricsFile.Value)] {
        var plainFlags = flags
        let folder = URL(fileURLWithPath: flags.output ?? "runs/\(name)")
        plainFlags.output = folder.appendingPathComponent("plain").path
        print("\(name): training the plain PINN for comparison → \(plainFlags.output!)")
        guard let report = try run(plain, flags: plainFlags) else { return [] }
        let (relativeL2, _, _) = plain.errors(of: report.model)
        return [("relative_l2_plain", .number(relativeL2)), ("training_seconds_plain", .number(report.report.seconds))]
    }

    /// Reads a reference array from a `.npy` file and checks its shape.
    public static func loadReference(_ path: String, shape: [Int]) throws -> Tensor {
        let values: Tensor
        do { values = try Tensor(numpyFile: URL(fileURLWithPath: path)) } catch {
            throw TrainingError.invalidConfiguration("cannot read the reference \(path): \(error)")
        }
        guard values.shape == shape else {
            throw TrainingError.invalidConfiguration("the reference \(path) has shape \(values.shape), expected \(shape)")
        }
        return values
    }
}

import Autodiff
import Foundation
import NeuralNetworks

extension PINN {
    /// The model as checkpoint entries: network and physical parameters (`parameters.0`, …) and the
    /// physical parameters' names in the metadata.
    public func checkpoint(metadata: [String: String] = [:]) -> Checkpoint {
        var c = Checkpoint()
        c.set(parameterEntries())
        c.metadata = metadata
        c.metadata["physical_parameters"] = physicalParameters.names.joined(separator: ",")
        return c
    }

    /// Writes the model to `url` atomically (see ``checkpoint(metadata:)``).
    public func save(to url: URL, metadata: [String: String] = [:]) throws {
        try checkpoint(metadata: metadata).write(to: url)
    }

    /// Loads parameters saved by ``save(to:metadata:)`` (or a trainer's `model.ckpt`) into this
    /// model, which must have the same architecture and physical parameters.
    public mutating func load(from checkpoint: Checkpoint) throws {
        let stored = checkpoint.metadata["physical_parameters"] ?? ""
        let expected = physicalParameters.names.joined(separator: ",")
        guard stored == expected else {
            throw TrainingError.checkpoint("the checkpoint's physical parameters [\(stored)] differ from the model's [\(expected)]")
        }
        try loadParameters(from: checkpoint)
    }

    /// Loads the model from a file written by ``save(to:metadata:)`` or by a ``Trainer``.
    public mutating func load(from url: URL) throws {
        try load(from: Checkpoint(contentsOf: url))
    }
}

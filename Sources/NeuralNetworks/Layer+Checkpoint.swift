import Autodiff

extension Layer {
    /// The parameters as checkpoint entries named `prefix.0`, `prefix.1`, …
    public func parameterEntries(prefix: String = "parameters") -> [String: Tensor] {
        var entries: [String: Tensor] = [:]
        for (i, t) in parameterTensors.enumerated() { entries["\(prefix).\(i)"] = t }
        return entries
    }

    /// Loads parameters saved by `parameterEntries(prefix:)`, checking their number and shapes.
    public mutating func loadParameters(from checkpoint: Checkpoint, prefix: String = "parameters") throws {
        let current = parameterTensors
        let stored = checkpoint.entries(withPrefix: prefix + ".").keys.filter { Int($0.dropFirst(prefix.count + 1)) != nil }.count
        guard stored == current.count else { throw CheckpointError.countMismatch(expected: current.count, found: stored) }
        var loaded: [Tensor] = []
        for (i, t) in current.enumerated() {
            let name = "\(prefix).\(i)"
            let value = try checkpoint.tensor(name)
            guard value.shape == t.shape else { throw CheckpointError.shapeMismatch(name: name, expected: t.shape, found: value.shape) }
            loaded.append(value)
        }
        setParameterTensors(loaded)
    }
}

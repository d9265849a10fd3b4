import Autodiff
import NeuralNetworks

extension DCDMNetwork {
    /// The checkpoint metadata key that records the number of extra coarsening levels.
    public static let extraLevelsMetadataKey = "extra_levels"

    /// A network with the layout a checkpoint records, holding its weights: the channel count and the
    /// solid channel are read from the first layer's weight and the extra levels from the
    /// `extra_levels` metadata (0, the spec's network, when absent), so weights of every layout load alike.
    /// - Throws: `CheckpointError` when the metadata is malformed or the entries do not fit that layout.
    public init(checkpoint: Checkpoint) throws {
        let extraLevels: Int
        if let text = checkpoint.metadata[Self.extraLevelsMetadataKey] {
            guard let value = Int(text), (0...8).contains(value) else {
                throw CheckpointError.malformed(path: "<checkpoint>",
                                                reason: "\(Self.extraLevelsMetadataKey) must be an integer between 0 and 8, got '\(text)'")
            }
            extraLevels = value
        } else {
            extraLevels = 0
        }
        let firstWeight = try checkpoint.tensor("parameters.0")
        guard firstWeight.rank == 5, firstWeight.shape[0] > 0, (1...2).contains(firstWeight.shape[1]) else {
            throw CheckpointError.malformed(path: "<checkpoint>",
                                            reason: "the first DCDM layer must be a [channels, 1 or 2, k, k, k] convolution, got \(firstWeight.shape)")
        }
        self.init(channels: firstWeight.shape[0], extraLevels: extraLevels, solidChannel: firstWeight.shape[1] == 2,
                  key: RandomKey(seed: 0))
        try loadParameters(from: checkpoint)
    }

    /// A checkpoint of the weights that records the layout (`extra_levels`) for `init(checkpoint:)`.
    public func checkpoint() -> Checkpoint {
        var checkpoint = Checkpoint()
        checkpoint.set(parameterEntries())
        checkpoint.metadata["model"] = "DCDMNetwork(channels: \(channels), extraLevels: \(intermediateLevels.count), solidChannel: \(hasSolidChannel))"
        checkpoint.metadata[Self.extraLevelsMetadataKey] = "\(intermediateLevels.count)"
        return checkpoint
    }
}

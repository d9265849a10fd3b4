import Foundation

/// Why training could not go on; every case describes itself in one line.
public enum TrainingError: Error, CustomStringConvertible {
    /// The options or the problem are inconsistent.
    case invalidConfiguration(String)
    /// Points could not be drawn for a condition.
    case sampling(condition: String, SamplingError)
    /// The loss became NaN or infinite; the last good state was kept (and written to `checkpoint`).
    case diverged(step: Int, stage: String, loss: Double, checkpoint: URL?)
    /// A checkpoint could not be read or does not fit the model.
    case checkpoint(String)
    /// An output file could not be written.
    case output(String)

    public var description: String {
        switch self {
        case let .invalidConfiguration(message): return message
        case let .sampling(condition, error): return "cannot sample points for \"\(condition)\": \(error)"
        case let .diverged(step, stage, loss, checkpoint):
            let kept = checkpoint.map { "; the last good state is in \($0.path)" } ?? "; the last good state was kept"
            return "the loss became \(loss) at \(stage) step \(step)\(kept)"
        case let .checkpoint(message): return message
        case let .output(message): return message
        }
    }
}

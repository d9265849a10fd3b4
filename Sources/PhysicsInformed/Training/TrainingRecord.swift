import Foundation

/// One row of the training history (and of `loss.csv`).
public struct TrainingRecord: Sendable, Equatable {
    /// The global step, 1-based (Adam steps and L-BFGS iterations counted together).
    public var step: Int
    /// `"adam"` or `"lbfgs"`.
    public var stage: String
    /// The weighted total loss at the parameters the step started from.
    public var loss: Double
    /// The unweighted loss of each condition, in the problem's order.
    public var terms: [Double]
    /// The validation error if it was computed at this step.
    public var validationError: Double?
    /// The physical parameters' values, in declaration order.
    public var physicalParameters: [Double]
    /// Wall-clock seconds since training started.
    public var seconds: Double
    /// The causal weighting state (nil without causal weighting).
    public var causal: CausalRecord? = nil
}

/// `loss.csv`: step, stage, loss, one column per condition, validation error, physical parameters, seconds.
enum LossTable {
    /// With `slices`, the causal columns `epsilon`, `min_weight`, `slice_loss_1` … follow the seconds.
    static func csv(_ records: [TrainingRecord], terms: [String], parameters: [String], slices: Int? = nil) -> String {
        var header = ["step", "stage", "loss"] + terms.map { "loss_\($0)" } + ["validation_error"] + parameters + ["seconds"]
        if let slices { header += ["epsilon", "min_weight"] + (1...slices).map { "slice_loss_\($0)" } }
        var lines = [header.joined(separator: ",")]
        for r in records {
            var fields = [String(r.step), r.stage, format(r.loss)]
            fields += r.terms.map(format)
            fields.append(r.validationError.map(format) ?? "")
            fields += r.physicalParameters.map(format)
            fields.append(String(format: "%.3f", r.seconds))
            if let slices {
                if let c = r.causal {
                    fields += [format(c.epsilon), format(c.minimumWeight)] + c.sliceLosses.map(format)
                } else {
                    fields += Array(repeating: "", count: 2 + slices)
                }
            }
            lines.append(fields.joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private static func format(_ x: Double) -> String { x.isFinite ? String(format: "%.9e", x) : "\(x)" }
}

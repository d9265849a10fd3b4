import Foundation

extension Trainer {
    /// `adam   1200/7000  loss 1.234e-03  pde 1.00e-03  bc 2.30e-04  error 3.10e-03  D 0.1234  86 it/s  ETA 1m07s`
    func progressLine(_ r: TrainingRecord) -> String {
        let total = totalSteps
        let counter = String(r.step).leftPadded(to: String(total).count)
        var line = r.stage.padding(toLength: 6, withPad: " ", startingAt: 0) + "\(counter)/\(total)  loss "
            + String(format: "%.3e", r.loss)
        for (name, value) in zip(conditionNames, r.terms) { line += "  \(name) " + String(format: "%.2e", value) }
        if let c = r.causal {
            let l = c.sliceLosses
            line += String(format: "  ε %g  min w %.3f", c.epsilon, c.minimumWeight)
            if let first = l.first, let last = l.last {
                line += "  slices " + String(format: "%.1e", first) + (l.count > 2 ? String(format: "…%.1e", l[l.count / 2]) : "")
                    + String(format: "…%.1e", last)
            }
        }
        if let e = r.validationError ?? lastValidation { line += "  error " + String(format: "%.2e", e) }
        for (name, value) in zip(model.physicalParameters.names, r.physicalParameters) {
            line += "  \(name) " + String(format: "%.6g", value)
        }
        let done = r.step - runStartStep
        let elapsed = Date().timeIntervalSince(runStart)
        if done > 0, elapsed > 0 {
            let rate = Double(done) / elapsed
            line += "  " + String(format: "%.0f", rate) + " it/s  ETA " + Self.duration(Double(total - r.step) / rate)
        }
        return line
    }

    static func duration(_ seconds: Double) -> String {
        guard seconds.isFinite else { return "?" }
        let s = Int(seconds.rounded())
        return s >= 60 ? "\(s / 60)m" + String(format: "%02d", s % 60) + "s" : "\(s)s"
    }
}

extension String {
    func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}

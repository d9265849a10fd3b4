import Foundation
import PDEKit

extension LagrangianRunner {
    /// Runs one case per speed β into `folder/beta<β>/` (each with its full outputs) and writes
    /// `folder/metrics.json` — `relative_l2_beta<β>`, `characteristic_error_beta<β>`,
    /// `relative_l2_plain_beta<β>` when comparing, and `relative_l2` / `max_abs_error` as the worst
    /// over the sweep — and `folder/sweep.csv`.
    @discardableResult
    public static func sweep(_ name: String, betas: [Double], settings: Settings, compare: Bool, folder: URL,
                             extraMetrics: [(String, MetricsFile.Value)] = [],
                             make: (Double) throws -> LagrangianCase) throws -> MetricsFile {
        let start = Date()
        try makeFolder(folder)
        var rows = ["beta,relative_l2,max_abs_error,characteristic_error,training_seconds"
                    + (compare ? ",relative_l2_plain,training_seconds_plain" : "")]
        var perBeta: [(String, MetricsFile.Value)] = []
        var worst = 0.0, worstAbs = 0.0
        var line: [String] = []
        for beta in betas {
            let tag = "beta" + label(beta)
            let metrics = try run(make(beta), settings: settings, compare: compare, folder: folder.appendingPathComponent(tag),
                                  extraMetrics: [("beta", .number(beta))] + extraMetrics)
            func number(_ key: String) -> Double {
                if case let .number(x)? = metrics[key] { return x }
                return .nan
            }
            worst = max(worst, number("relative_l2"))
            worstAbs = max(worstAbs, number("max_abs_error"))
            perBeta.append(("relative_l2_\(tag)", .number(number("relative_l2"))))
            perBeta.append(("characteristic_error_\(tag)", .number(number("characteristic_error"))))
            perBeta.append(("training_seconds_\(tag)", .number(number("training_seconds"))))
            var row = [label(beta), "\(number("relative_l2"))", "\(number("max_abs_error"))", "\(number("characteristic_error"))",
                       "\(number("training_seconds"))"]
            var entry = "β \(label(beta)): " + String(format: "%.2e", number("relative_l2"))
            if compare {
                perBeta.append(("relative_l2_plain_\(tag)", .number(number("relative_l2_plain"))))
                perBeta.append(("training_seconds_plain_\(tag)", .number(number("training_seconds_plain"))))
                row += ["\(number("relative_l2_plain"))", "\(number("training_seconds_plain"))"]
                entry += String(format: " (plain %.2e)", number("relative_l2_plain"))
            }
            rows.append(row.joined(separator: ","))
            line.append(entry)
        }
        var metrics = MetricsFile()
        metrics["example"] = .text(name)
        metrics["wall_seconds"] = .number(Date().timeIntervalSince(start))
        metrics["seed"] = .integer(Int(settings.seed))
        metrics["precision"] = .text(settings.precision.rawValue)
        for (key, value) in extraMetrics { metrics[key] = value }
        metrics["relative_l2"] = .number(worst)
        metrics["max_abs_error"] = .number(worstAbs)
        for (key, value) in perBeta { metrics[key] = value }
        try write(metrics, to: folder)
        do {
            try (rows.joined(separator: "\n") + "\n").write(to: folder.appendingPathComponent("sweep.csv"), atomically: true, encoding: .utf8)
        } catch {
            throw TrainingError.output("cannot write \(folder.path)/sweep.csv: \(error.localizedDescription)")
        }
        print("\(name) sweep: relative L2 " + line.joined(separator: ", ") + " → \(folder.path)")
        return metrics
    }

    /// β as written in file and metric names: `30`, or `2.5` → `2p5`.
    static func label(_ beta: Double) -> String {
        beta == beta.rounded() && abs(beta) < 1e9 ? String(Int(beta)) : "\(beta)".replacingOccurrences(of: ".", with: "p")
    }
}

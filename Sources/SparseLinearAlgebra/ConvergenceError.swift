/// Thrown by a solver that stops without converging; carries the full report (last iterate, residual
/// history, reason), so the caller can inspect or reuse what was computed.
public struct ConvergenceError: Error, CustomStringConvertible, Sendable {
    /// The report of the failed solve; `report.reason` is never `.converged`.
    public let report: SolveReport

    /// Wraps the report of a failed solve (`report.reason` must not be `.converged`).
    public init(report: SolveReport) {
        precondition(report.reason != .converged, "ConvergenceError needs a failed solve")
        self.report = report
    }

    /// Why the solve stopped.
    public var reason: ConvergenceReason { report.reason }

    public var description: String {
        "\(report.method) did not converge: it \(report.reason.summary) after \(report.iterations) iterations "
            + "(monitored residual \(report.residualHistory.last ?? .nan), threshold \(report.threshold))"
    }
}

import Autodiff
import Foundation
import NeuralNetworks

extension Trainer {
    /// Runs the rest of an L-BFGS stage on the full batch of the current points.
    func runLBFGS(iterations: Int, historySize: Int, gradientTolerance: Double) throws -> StageOutcome {
        let remaining = iterations - stepInStage
        guard remaining > 0 else { return .finished }
        if budgetExhausted { return .stopped(.wallClockBudget) }
        let template = model.parameterTensors
        // The line search evaluates trial points; keep the terms of recent evaluations so each
        // accepted iterate's record has its per-condition losses.
        var recent: [(loss: Double, terms: [Double])] = []
        var stopped: TrainingReport.StopReason? = nil
        var checkpointError: Error? = nil
        let optimizer = LBFGS(historySize: historySize, maxIterations: remaining, gradientTolerance: gradientTolerance)
        let result = optimizer.minimize(from: ParameterVector.flatten(template)) { [self] theta in
            let (loss, gradient, terms) = lossAndGradient(theta, template: template)
            recent.append((loss, terms))
            if recent.count > 64 { recent.removeFirst() }
            return (loss, gradient)
        } callback: { [self] progress in
            model.setParameterTensors(ParameterVector.unflatten(progress.x, like: template))
            step += 1
            stepInStage += 1
            let terms = recent.last(where: { $0.loss == progress.value })?.terms ?? recent.last?.terms ?? []
            record(stage: "lbfgs", loss: progress.value, terms: terms)
            if let every = options.checkpointEvery, step % every == 0 {
                do { try writeOutputs() } catch { checkpointError = error; return false }
            }
            if !callbackAllowsContinuing(history[history.count - 1]) { stopped = .callback; return false }
            if budgetExhausted { stopped = .wallClockBudget; return false }
            return true
        }
        if let checkpointError { throw checkpointError }
        guard result.value.isFinite else {
            model.setParameterTensors(template)
            throw try diverged(loss: result.value, stage: "lbfgs")
        }
        model.setParameterTensors(ParameterVector.unflatten(result.x, like: template))
        lbfgsStopReasons.append(result.reason.rawValue)
        if let stopped { return .stopped(stopped) }
        if result.reason != .maxIterations {
            options.log("lbfgs stopped after \(result.iterations) iterations: \(result.reason.rawValue) "
                        + String(format: "(loss %.3e, max |gradient| %.2e)", result.value, result.gradientNorm))
        }
        return .finished
    }
}

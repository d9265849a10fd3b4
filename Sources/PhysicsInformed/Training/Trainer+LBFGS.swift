import Autodiff
import Foundation
import NeuralNetworks

extension Trainer {
    /// Runs the rest of an L-BFGS stage on the full batch of the current points. With refinement,
    /// the stage runs in segments of `refinement.every` iterations; after each, points of largest
    /// residual are added and L-BFGS restarts (its curvature memory belongs to the old loss).
    func runLBFGS(iterations: Int, historySize: Int, gradientTolerance: Double) throws -> StageOutcome {
        while stepInStage < iterations {
            let remaining = iterations - stepInStage
            let refining = options.refinement.map(refinementHasRoom) ?? false
            let segment = refining ? min(options.refinement!.every, remaining) : remaining
            let before = stepInStage
            switch try runLBFGSSegment(iterations: segment, historySize: historySize, gradientTolerance: gradientTolerance) {
            case .stopped(let reason):
                return .stopped(reason)
            case .segmentDone(let converged):
                guard refining, let r = options.refinement, stepInStage < iterations else { return .finished }
                if converged && stepInStage == before { return .finished }     // no progress left to make
                try refine(r, round: 1_000_000 + step)
            }
        }
        return .finished
    }

    enum SegmentOutcome { case segmentDone(converged: Bool), stopped(TrainingReport.StopReason) }

    /// Up to `remaining` L-BFGS iterations from the current parameters.
    func runLBFGSSegment(iterations remaining: Int, historySize: Int, gradientTolerance: Double) throws -> SegmentOutcome {
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
        let converged = result.reason != .maxIterations
        if converged {
            options.log("lbfgs stopped after \(result.iterations) iterations: \(result.reason.rawValue) "
                        + String(format: "(loss %.3e, max |gradient| %.2e)", result.value, result.gradientNorm))
        }
        return .segmentDone(converged: converged)
    }
}
